/**
 * The global search box: Ctrl+K anywhere (also while typing), or "/" when not typing in a field.
 * Lists the screens the user may open and what GET /api/search finds (accounts, entries, ...).
 */
import { Kbd, Loader, Text } from '@mantine/core';
import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import { Spotlight, spotlight } from '@mantine/spotlight';
import { IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../api/client';
import { matchedOnLabels, useCustomerSearch } from '../api/customers';
import type { SearchResult } from '../api/types';
import { canOpen, desks } from './desks';
import { useSession } from './session';

const resultTypeLabels: Record<string, string> = {
  account: 'Accounts',
  journal_entry: 'Journal entries',
  meter: 'Meters',
  approval_request: 'Approval requests',
  user: 'Users',
  screen: 'Screens',
};

export function openSearch(): void {
  spotlight.open();
}

export function SearchSpotlight() {
  const { can } = useSession();
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const [debouncedQuery] = useDebouncedValue(query.trim(), 200);
  useHotkeys([['mod+K', () => spotlight.open()]], []);
  useHotkeys([['/', () => spotlight.open()]]);

  const results = useQuery({
    queryKey: ['search', debouncedQuery],
    queryFn: () => api.get<{ results: SearchResult[] }>('/api/search', { q: debouncedQuery }),
    enabled: debouncedQuery.length >= 2,
    staleTime: 30_000,
  });

  const customers = useCustomerSearch(debouncedQuery, can('customers.read'));
  const customersFound = debouncedQuery.length >= 2 ? (customers.data ?? []).slice(0, 8) : [];

  const needle = query.trim().toLowerCase();
  const seen = new Set<string>();
  const screens = desks.flatMap((desk) =>
    desk.screens.length === 0
      ? [{ path: desk.path, label: desk.label, deskLabel: 'Desk', keywords: '' }]
      : desk.screens
          .filter((screen) => canOpen(screen, can))
          .map((screen) => ({ ...screen, deskLabel: desk.label, keywords: screen.keywords ?? '' })),
  ).filter((screen) => {
    if (seen.has(screen.path)) return false;
    seen.add(screen.path);
    if (needle === '') return true;
    return `${screen.label} ${screen.deskLabel} ${screen.keywords}`.toLowerCase().includes(needle);
  });
  screens.unshift(
    ...[{ path: '/approvals', label: 'My approvals', deskLabel: 'Approvals', keywords: 'approve requests' }].filter(
      (screen) => needle === '' || `${screen.label} ${screen.keywords}`.toLowerCase().includes(needle),
    ),
  );

  const found = debouncedQuery.length >= 2 ? (results.data?.results ?? []) : [];
  const groups = new Map<string, SearchResult[]>();
  for (const result of found) {
    const label = resultTypeLabels[result.type] ?? result.type;
    groups.set(label, [...(groups.get(label) ?? []), result]);
  }

  function go(href: string) {
    navigate(href);
  }

  return (
    <Spotlight.Root query={query} onQueryChange={setQuery} shortcut={null} scrollable maxHeight={460}>
      <Spotlight.Search
        placeholder="Search screens, customers, accounts, journal entries..."
        aria-label="Search"
        leftSection={<IconSearch size={18} stroke={1.5} aria-hidden />}
        rightSection={results.isFetching || customers.isFetching ? <Loader size="xs" /> : null}
      />
      <Spotlight.ActionsList aria-label="Search results">
        {customersFound.length > 0 && (
          <Spotlight.ActionsGroup label="Customers">
            {customersFound.map((customer) => (
              <Spotlight.Action
                key={`customer:${customer.customerId}`}
                label={customer.dbaName ? `${customer.legalName} (dba ${customer.dbaName})` : customer.legalName}
                description={[
                  customer.customerNumber,
                  customer.mailingAddress,
                  `matched on ${matchedOnLabels[customer.matchedOn] ?? customer.matchedOn}`,
                ].filter(Boolean).join(' · ')}
                onClick={() => go(`/customers/${customer.customerId}`)}
              />
            ))}
          </Spotlight.ActionsGroup>
        )}
        {screens.length > 0 && (
          <Spotlight.ActionsGroup label="Screens">
            {screens.slice(0, needle ? 12 : 20).map((screen) => (
              <Spotlight.Action
                key={screen.path}
                label={screen.label}
                description={screen.deskLabel}
                onClick={() => go(screen.path)}
              />
            ))}
          </Spotlight.ActionsGroup>
        )}
        {[...groups.entries()].map(([label, items]) => (
          <Spotlight.ActionsGroup key={label} label={label}>
            {items.map((item) => (
              <Spotlight.Action
                key={`${item.type}:${item.href}`}
                label={item.title}
                description={item.subtitle ?? undefined}
                onClick={() => go(item.href)}
              />
            ))}
          </Spotlight.ActionsGroup>
        ))}
        {screens.length === 0 && found.length === 0 && customersFound.length === 0 && (
          <Spotlight.Empty>
            {query.trim().length < 2
              ? 'Type at least two letters'
              : debouncedQuery !== query.trim() || results.isFetching || customers.isFetching
                ? 'Searching...'
                : 'Nothing found'}
          </Spotlight.Empty>
        )}
        {results.isError && (
          <Text size="sm" c="red" p="sm">
            The search did not answer; screens are still listed.
          </Text>
        )}
      </Spotlight.ActionsList>
      <Spotlight.Footer>
        <Text size="xs" c="dimmed">
          <Kbd>↑</Kbd> <Kbd>↓</Kbd> to choose, <Kbd>Enter</Kbd> to open, <Kbd>Esc</Kbd> to close
        </Text>
      </Spotlight.Footer>
    </Spotlight.Root>
  );
}

/**
 * Find a customer: one box, focused on arrival, results as you type (name, DBA, address, account
 * number, customer number, APN, phone, email; typos forgiven by the server). Arrow keys choose,
 * Enter opens the Customer 360. The query lives in the address (?q=) so Back returns to the list.
 */
import { Alert, Anchor, Badge, Button, Group, Kbd, Loader, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconUserPlus } from '@tabler/icons-react';
import { useEffect, useState, type KeyboardEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { matchedOnLabels, useCustomerSearch, type CustomerSearchResult } from '../../api/customers';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageTitle } from '../../components/PageTitle';
import { FlagBadges } from './FlagBadges';

export function CustomerSearch() {
  const { can } = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const [query] = useDebouncedValue(text.trim(), 150);
  const [active, setActive] = useState(0);
  const search = useCustomerSearch(query);
  const results = query.length >= 2 ? (search.data ?? []) : [];
  const isSettled = query === text.trim() && !search.isFetching;
  // Enter pressed before the answer to what was typed arrived: open the first result when it does.
  const [isOpenPending, setIsOpenPending] = useState(false);

  useEffect(() => {
    setActive(0);
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (query) next.set('q', query);
        else next.delete('q');
        return next;
      },
      { replace: true },
    );
  }, [query, setParams]);

  function open(result: CustomerSearchResult | undefined) {
    if (result) navigate(`/customers/${result.customerId}`);
  }

  useEffect(() => {
    if (!isOpenPending || !isSettled) return;
    setIsOpenPending(false);
    const first = search.data?.[0];
    if (first && query.length >= 2) navigate(`/customers/${first.customerId}`);
  }, [isOpenPending, isSettled, search.data, query, navigate]);

  function handleKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive((index) => Math.min(index + 1, results.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((index) => Math.max(index - 1, 0));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      // Enter before the debounce caught up would open a stale first result: wait for the answer.
      if (isSettled) open(results[active]);
      else if (text.trim().length >= 2) setIsOpenPending(true);
    }
  }

  const newCustomerHref = `/customers/new${text.trim() ? `?name=${encodeURIComponent(text.trim())}` : ''}`;
  return (
    <Stack maw={1100}>
      <PageTitle title="Customers">
        <Button component={Link} to="/customers/follow-ups" variant="default">
          My follow-ups
        </Button>
        {can('customers.edit') && (
          <Button component={Link} to={newCustomerHref} leftSection={<IconUserPlus size={16} aria-hidden />}>
            New customer
          </Button>
        )}
      </PageTitle>
      <TextInput
        size="lg"
        autoFocus
        role="combobox"
        aria-label="Find a customer"
        aria-expanded={results.length > 0}
        aria-controls="customer-results"
        aria-activedescendant={results[active] ? `customer-result-${results[active].customerId}` : undefined}
        placeholder="Name, address, account or customer number, APN, phone or email"
        leftSection={<IconSearch size={20} aria-hidden />}
        rightSection={search.isFetching ? <Loader size="sm" aria-label="Searching" /> : null}
        value={text}
        onChange={(event) => {
          setText(event.currentTarget.value);
          setIsOpenPending(false);
        }}
        onKeyDown={handleKeyDown}
        autoComplete="off"
        spellCheck={false}
      />
      <Text size="xs" c="dimmed">
        <Kbd>↑</Kbd> <Kbd>↓</Kbd> to choose, <Kbd>Enter</Kbd> to open. Misspelled names are found too.
      </Text>
      {search.isError && <ErrorAlert error={search.error} title="The search did not answer" />}
      {results.length > 0 && (
        <Stack gap={4} role="listbox" id="customer-results" aria-label="Customers found">
          {results.map((result, index) => (
            <ResultRow
              key={result.customerId}
              result={result}
              isActive={index === active}
              onHover={() => setActive(index)}
              onOpen={() => open(result)}
            />
          ))}
        </Stack>
      )}
      {query.length >= 2 && isSettled && search.isSuccess && results.length === 0 && (
        <Alert color="gray" title={`No customer matches “${query}”`}>
          <Stack gap="xs" align="flex-start">
            <Text size="sm">Check the spelling, or try an account number, phone number or street address.</Text>
            {can('customers.edit') && (
              <Button component={Link} to={newCustomerHref} size="xs" leftSection={<IconUserPlus size={14} aria-hidden />}>
                New customer “{query}”
              </Button>
            )}
          </Stack>
        </Alert>
      )}
      {text.trim().length < 2 && (
        <Text c="dimmed" size="sm">
          Type at least two characters. At the counter, an account number from the bill (e.g. UB-100234) is fastest.
        </Text>
      )}
    </Stack>
  );
}

function ResultRow({
  result,
  isActive,
  onHover,
  onOpen,
}: {
  result: CustomerSearchResult;
  isActive: boolean;
  onHover(): void;
  onOpen(): void;
}) {
  return (
    <UnstyledButton
      id={`customer-result-${result.customerId}`}
      role="option"
      aria-selected={isActive}
      tabIndex={-1}
      onMouseEnter={onHover}
      onClick={onOpen}
      ref={(element: HTMLButtonElement | null) => {
        // Arrow keys move the choice: keep it in view when the list is longer than the screen.
        if (element && isActive) element.scrollIntoView({ block: 'nearest' });
      }}
      px="sm"
      py={6}
      style={{
        borderRadius: 4,
        border: '1px solid var(--mantine-color-gray-3)',
        background: isActive ? 'var(--mantine-color-blue-0)' : undefined,
        borderColor: isActive ? 'var(--mantine-color-blue-5)' : undefined,
      }}
    >
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <div style={{ minWidth: 0 }}>
          <Group gap="xs" wrap="nowrap">
            <Text fw={600} truncate="end">
              {result.legalName}
            </Text>
            {result.dbaName && (
              <Text size="sm" c="dimmed" truncate="end">
                dba {result.dbaName}
              </Text>
            )}
            <Badge size="xs" variant="light" color="gray">
              {result.customerType}
            </Badge>
            <FlagBadges flags={result.flags} size="xs" />
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Text size="sm" c={result.mailingAddress ? undefined : 'dimmed'} truncate="end">
              {result.mailingAddress ?? 'No mailing address'}
            </Text>
            <Text size="xs" className="mono">
              {result.customerNumber}
            </Text>
            {result.accountNumbers.length > 0 && (
              <Text size="xs" className="mono" c="dimmed">
                {result.accountNumbers.slice(0, 4).join(' · ')}
                {result.accountNumbers.length > 4 ? ` +${result.accountNumbers.length - 4}` : ''}
              </Text>
            )}
          </Group>
        </div>
        <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
          matched on {matchedOnLabels[result.matchedOn] ?? result.matchedOn}
        </Text>
      </Group>
    </UnstyledButton>
  );
}

export function CustomerLink({ id, children }: { id: number; children: React.ReactNode }) {
  return (
    <Anchor component={Link} to={`/customers/${id}`}>
      {children}
    </Anchor>
  );
}

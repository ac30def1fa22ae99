/**
 * An account code field that suggests accounts from the chart as you type (by code or name).
 * Arrow keys choose a suggestion, Enter takes it; Enter without a chosen suggestion takes the
 * only match (or the text as typed) and lets the form move on (onEnter).
 */
import { Combobox, InputBase, Text, useCombobox } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, type KeyboardEvent, type Ref } from 'react';
import { api } from '../api/client';
import { useFunds } from '../api/ledger';
import type { Account, Department } from '../api/types';

interface AccountPickerProps {
  accounts: readonly Account[];
  value: string;
  onChange(value: string): void;
  /** Called after Enter (or choosing a suggestion): move to the next field. */
  onEnter?(): void;
  label: string;
  hideLabel?: boolean;
  inputRef?: Ref<HTMLInputElement>;
  error?: string | undefined;
  placeholder?: string;
  activeOnly?: boolean;
  size?: 'xs' | 'sm';
  dataCell?: string;
  onBlur?(): void;
}

const MAX_SUGGESTIONS = 12;

/** Accounts whose code starts with the text come first, then those containing every word typed
 *  (in the code, the name, or the department's or fund's name). */
export function matchAccounts(
  accounts: readonly Account[],
  text: string,
  activeOnly: boolean,
  describe: (account: Account) => string = () => '',
): Account[] {
  const needle = text.trim().toLowerCase();
  const pool = activeOnly ? accounts.filter((account) => account.isActive) : accounts;
  if (needle === '') return pool.slice(0, MAX_SUGGESTIONS);
  const digits = needle.replace(/[^0-9]/g, '');
  const isCodeLike = /^[0-9-]+$/.test(needle);
  const byCode = pool.filter(
    (account) => account.code.startsWith(needle) || (isCodeLike && digits.length >= 3 && account.code.replaceAll('-', '').startsWith(digits)),
  );
  const words = needle.split(/\s+/);
  const byWords = pool.filter((account) => {
    if (byCode.includes(account)) return false;
    const haystack = `${account.code} ${account.name} ${describe(account)}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
  return [...byCode, ...byWords].slice(0, MAX_SUGGESTIONS);
}

/** "Finance · General Fund": where an account sits, for telling apart accounts of the same name. */
export function useAccountPlaces(): (account: Account) => string {
  const departments = useQuery({
    queryKey: ['ledger', 'departments'],
    queryFn: () => api.get<{ departments: Department[] }>('/api/departments'),
    staleTime: 5 * 60_000,
  });
  const funds = useFunds();
  return useMemo(() => {
    const departmentNames = new Map((departments.data?.departments ?? []).map((item) => [item.code, item.name]));
    const fundNames = new Map((funds.data ?? []).map((item) => [item.code, item.name]));
    return (account: Account) =>
      [departmentNames.get(account.departmentCode), fundNames.get(account.fundCode)].filter(Boolean).join(' · ');
  }, [departments.data, funds.data]);
}

export function AccountPicker({
  accounts,
  value,
  onChange,
  onEnter,
  label,
  hideLabel = false,
  inputRef,
  error,
  placeholder = 'Code or name',
  activeOnly = true,
  size = 'sm',
  dataCell,
  onBlur,
}: AccountPickerProps) {
  const combobox = useCombobox({
    onDropdownClose: () => combobox.resetSelectedOption(),
  });
  const placeOf = useAccountPlaces();
  const matches = useMemo(
    () => matchAccounts(accounts, value, activeOnly, placeOf),
    [accounts, value, activeOnly, placeOf],
  );
  const exact = accounts.find((account) => account.code === value.trim());

  function choose(code: string) {
    onChange(code);
    combobox.closeDropdown();
    onEnter?.();
  }

  function handleKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key !== 'Enter') return;
    const isOptionChosen = combobox.dropdownOpened && combobox.getSelectedOptionIndex() !== -1;
    if (isOptionChosen) return; // The combobox takes the chosen option (onOptionSubmit).
    event.preventDefault();
    const only = matches.length === 1 ? matches[0] : undefined;
    if (!exact && only && value.trim() !== '') onChange(only.code);
    combobox.closeDropdown();
    onEnter?.();
  }

  return (
    <Combobox store={combobox} onOptionSubmit={choose} withinPortal width={520} position="bottom-start">
      <Combobox.Target>
        <InputBase
          label={hideLabel ? undefined : label}
          aria-label={label}
          ref={inputRef}
          size={size}
          value={value}
          placeholder={placeholder}
          error={error}
          autoComplete="off"
          spellCheck={false}
          data-cell={dataCell}
          classNames={{ input: 'mono' }}
          description={!hideLabel && exact ? `${exact.name} · ${placeOf(exact)}` : undefined}
          title={exact ? `${exact.code} ${exact.name}` : undefined}
          onChange={(event) => {
            onChange(event.currentTarget.value);
            combobox.openDropdown();
            combobox.updateSelectedOptionIndex();
          }}
          onClick={() => combobox.openDropdown()}
          onBlur={() => {
            combobox.closeDropdown();
            onBlur?.();
          }}
          onKeyDown={handleKeyDown}
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={matches.length === 0 || (exact !== undefined && matches.length === 1)}>
        <Combobox.Options mah={320} style={{ overflowY: 'auto' }}>
          {matches.map((account) => (
            <Combobox.Option value={account.code} key={account.code}>
              <Text size="sm" className="mono" span>
                {account.code}
              </Text>{' '}
              <Text size="sm" span>
                {account.name}
              </Text>{' '}
              <Text size="xs" span c="dimmed">
                {placeOf(account)}
              </Text>
            </Combobox.Option>
          ))}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}

/**
 * An account code field that suggests accounts from the chart as you type (by code or name).
 * Arrow keys choose a suggestion, Enter takes it; Enter without a chosen suggestion takes the
 * only match (or the text as typed) and lets the form move on (onEnter).
 */
import { Combobox, InputBase, Text, useCombobox } from '@mantine/core';
import { useMemo, type KeyboardEvent, type Ref } from 'react';
import type { Account } from '../api/types';

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
}

const MAX_SUGGESTIONS = 12;

export function matchAccounts(accounts: readonly Account[], text: string, activeOnly: boolean): Account[] {
  const needle = text.trim().toLowerCase();
  const pool = activeOnly ? accounts.filter((account) => account.isActive) : accounts;
  if (needle === '') return pool.slice(0, MAX_SUGGESTIONS);
  const digits = needle.replace(/[^0-9]/g, '');
  const byCode = pool.filter((account) => account.code.startsWith(needle) || (digits.length >= 3 && account.code.replaceAll('-', '').startsWith(digits)));
  const byName = pool.filter((account) => !byCode.includes(account) && `${account.code} ${account.name}`.toLowerCase().includes(needle));
  return [...byCode, ...byName].slice(0, MAX_SUGGESTIONS);
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
}: AccountPickerProps) {
  const combobox = useCombobox({
    onDropdownClose: () => combobox.resetSelectedOption(),
  });
  const matches = useMemo(() => matchAccounts(accounts, value, activeOnly), [accounts, value, activeOnly]);
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
    <Combobox store={combobox} onOptionSubmit={choose} withinPortal>
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
          className="mono"
          description={!hideLabel && exact ? exact.name : undefined}
          title={exact ? `${exact.code} ${exact.name}` : undefined}
          onChange={(event) => {
            onChange(event.currentTarget.value);
            combobox.openDropdown();
            combobox.updateSelectedOptionIndex();
          }}
          onClick={() => combobox.openDropdown()}
          onBlur={() => combobox.closeDropdown()}
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
              <Text size="sm" span c="dimmed">
                {account.name}
              </Text>
            </Combobox.Option>
          ))}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}

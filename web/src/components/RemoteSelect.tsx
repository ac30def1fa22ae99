/**
 * A select whose options come from the server as the clerk types (customers, service locations):
 * the first match is highlighted, Enter takes it. The chosen option stays shown after the search
 * results change. Filtering is the server's.
 */
import { Select, type SelectProps } from '@mantine/core';
import { useState, type KeyboardEvent, type Ref } from 'react';

export interface RemoteOption {
  value: string;
  label: string;
}

interface RemoteSelectProps extends Omit<SelectProps, 'data' | 'value' | 'onChange' | 'searchValue' | 'onSearchChange'> {
  value: RemoteOption | null;
  onChange(option: RemoteOption | null): void;
  search: string;
  onSearch(text: string): void;
  options: RemoteOption[];
  inputRef?: Ref<HTMLInputElement>;
}

export function RemoteSelect({ value, onChange, search, onSearch, options, inputRef, ...props }: RemoteSelectProps) {
  const [chosen, setChosen] = useState<RemoteOption | null>(value);
  const current = value ?? chosen;
  const data = current && !options.some((option) => option.value === current.value) ? [current, ...options] : options;
  function choose(option: RemoteOption | null) {
    setChosen(option);
    onChange(option);
  }
  // Results arrive after the typing, so no option may be highlighted yet: Enter then takes the
  // first result rather than submitting the form with nothing chosen.
  function handleKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key !== 'Enter' || event.currentTarget.getAttribute('aria-expanded') !== 'true') return;
    const listId = event.currentTarget.getAttribute('aria-controls');
    const isHighlighted = listId !== null && document.getElementById(listId)?.querySelector('[data-combobox-selected]') != null;
    if (isHighlighted) return;
    event.preventDefault();
    const first = options[0];
    if (first && first.label !== current?.label) choose(first);
  }
  return (
    <Select
      {...props}
      ref={inputRef}
      searchable
      selectFirstOptionOnChange
      filter={({ options: all }) => all}
      data={data}
      value={current?.value ?? null}
      searchValue={search}
      onSearchChange={onSearch}
      onChange={(next) => choose(data.find((candidate) => candidate.value === next) ?? null)}
      onKeyDown={handleKeyDown}
      autoComplete="off"
    />
  );
}

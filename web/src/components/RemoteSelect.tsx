/**
 * A select whose options come from the server as the clerk types (customers, service locations):
 * the first match is highlighted, Enter takes it (and, when the results came late, moves on). The chosen option stays shown after the search
 * results change. Filtering is the server's.
 */
import { Select, type SelectProps } from '@mantine/core';
import { useState, type KeyboardEvent, type Ref } from 'react';
import { focusNextField } from './enterAdvances';

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
  // Enter with the dropdown open takes the highlighted option (the combobox does) or, when the
  // results came after the typing and none is highlighted, the first; then the next field gets the
  // focus, as Enter in any other field does (which also closes the dropdown).
  function handleKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    if (event.key !== 'Enter' || input.getAttribute('aria-expanded') !== 'true') return;
    const listId = input.getAttribute('aria-controls');
    const isHighlighted = listId !== null && document.getElementById(listId)?.querySelector('[data-combobox-selected]') != null;
    const moveOn = () => { if (input.form) focusNextField(input.form, input); };
    if (isHighlighted) {
      setTimeout(moveOn, 0);
      return;
    }
    event.preventDefault();
    const first = options[0];
    if (!first) return;
    if (first.label !== current?.label) choose(first);
    moveOn();
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

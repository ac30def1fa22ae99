/**
 * A select whose options come from the server as the clerk types (customers, service locations):
 * the first match is highlighted, Enter takes it. The chosen option stays shown after the search
 * results change. Filtering is the server's.
 */
import { Select, type SelectProps } from '@mantine/core';
import { useState, type Ref } from 'react';

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
      onChange={(next) => {
        const option = data.find((candidate) => candidate.value === next) ?? null;
        setChosen(option);
        onChange(option);
      }}
      autoComplete="off"
    />
  );
}

/**
 * A counter item field: type a code or words of the name, arrows choose, Enter takes the chosen
 * (or the first) match. Enter on an empty field lets the form move on to the tenders.
 */
import { Combobox, InputBase, Text, useCombobox } from '@mantine/core';
import { useMemo, type KeyboardEvent, type Ref } from 'react';
import type { CounterItem } from '../../api/cashiering';
import { formatCents } from '../../money';

export function matchItems(items: readonly CounterItem[], text: string): CounterItem[] {
  const words = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...items];
  return items.filter((item) => {
    const haystack = `${item.code} ${item.name}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

interface ItemPickerProps {
  items: readonly CounterItem[];
  value: string;
  onChange(value: string): void;
  onChoose(item: CounterItem): void;
  inputRef?: Ref<HTMLInputElement>;
}

export function ItemPicker({ items, value, onChange, onChoose, inputRef }: ItemPickerProps) {
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const matches = useMemo(() => matchItems(items, value), [items, value]);

  function choose(code: string) {
    const item = items.find((candidate) => candidate.code === code);
    combobox.closeDropdown();
    if (item) onChoose(item);
  }

  function handleKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key !== 'Enter' || event.ctrlKey || event.metaKey) return;
    if (combobox.dropdownOpened && combobox.getSelectedOptionIndex() !== -1) return; // onOptionSubmit takes it
    if (value.trim() === '') {
      combobox.closeDropdown();
      return; // The form moves on.
    }
    event.preventDefault();
    const first = matches[0];
    if (first) choose(first.code);
  }

  return (
    <Combobox store={combobox} onOptionSubmit={choose} withinPortal width={460} position="bottom-start">
      <Combobox.Target>
        <InputBase
          label="Counter item"
          ref={inputRef}
          value={value}
          placeholder="Code or name (copies, transit…)"
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => {
            onChange(event.currentTarget.value);
            combobox.openDropdown();
            combobox.updateSelectedOptionIndex();
          }}
          onFocus={() => value && combobox.openDropdown()}
          onBlur={() => combobox.closeDropdown()}
          onKeyDown={handleKeyDown}
          w={300}
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={matches.length === 0 || value.trim() === ''}>
        <Combobox.Options mah={300} style={{ overflowY: 'auto' }}>
          {matches.map((item) => (
            <Combobox.Option value={item.code} key={item.code}>
              <Text size="sm" span>{item.name}</Text>{' '}
              <Text size="xs" span c="dimmed" className="mono">{item.code}</Text>{' '}
              <Text size="xs" span c="dimmed">{item.unitPriceCents === null ? 'price entered' : `$${formatCents(item.unitPriceCents)}`}</Text>
            </Combobox.Option>
          ))}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}

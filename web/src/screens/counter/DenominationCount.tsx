/**
 * A drawer count by denomination: bills and coins, pieces typed on the 10-key, the amount of
 * each and the total beside them. Enter moves to the next field (the form's advanceOnEnter).
 */
import { Group, Table, Text, TextInput } from '@mantine/core';
import type { Ref } from 'react';
import { denominationLabel, denominationsByValue, type DenominationCount } from '../../api/cashiering';
import { formatCents, sumCents } from '../../money';
import './counter.css';

export type CountDraft = Record<string, string>;

/** Pieces typed: whole numbers, blank is none. */
export function piecesOf(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return 0;
  if (!/^\d{1,6}$/.test(trimmed)) return null;
  return Number(trimmed);
}

export function countOf(draft: CountDraft): { count: DenominationCount; errors: Record<string, string> } {
  const count: DenominationCount = {};
  const errors: Record<string, string> = {};
  for (const [name, text] of Object.entries(draft)) {
    const pieces = piecesOf(text);
    if (pieces === null) errors[name] = 'Whole pieces';
    else if (pieces > 0) count[name] = pieces;
  }
  return { count, errors };
}

export function countTotalCents(count: DenominationCount, denominations: Record<string, number>): number {
  return sumCents(Object.entries(count).map(([name, pieces]) => pieces * (denominations[name] ?? 0)));
}

interface DenominationCountProps {
  denominations: Record<string, number>;
  draft: CountDraft;
  onChange(draft: CountDraft): void;
  firstRef?: Ref<HTMLInputElement>;
}

export function DenominationCountInputs({ denominations, draft, onChange, firstRef }: DenominationCountProps) {
  const ordered = denominationsByValue(denominations);
  const bills = ordered.filter(([name]) => name.startsWith('bill_'));
  const coins = ordered.filter(([name]) => !name.startsWith('bill_'));
  const { count, errors } = countOf(draft);
  const currencyCents = countTotalCents(Object.fromEntries(Object.entries(count).filter(([name]) => name.startsWith('bill_'))), denominations);
  const totalCents = countTotalCents(count, denominations);
  const column = (rows: Array<[string, number]>, isFirstColumn: boolean) => (
    <Table className="count-grid" withRowBorders={false} w="auto">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{isFirstColumn ? 'Bills' : 'Coins'}</Table.Th>
          <Table.Th>Pieces</Table.Th>
          <Table.Th style={{ textAlign: 'right' }}>Amount</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map(([name, value], index) => {
          const pieces = piecesOf(draft[name] ?? '') ?? 0;
          const label = denominationLabel(name, value);
          return (
            <Table.Tr key={name}>
              <Table.Td><Text size="sm">{label}</Text></Table.Td>
              <Table.Td>
                <TextInput
                  aria-label={label}
                  size="xs"
                  w={80}
                  inputMode="numeric"
                  autoComplete="off"
                  value={draft[name] ?? ''}
                  error={errors[name]}
                  ref={isFirstColumn && index === 0 ? firstRef : undefined}
                  onChange={(event) => onChange({ ...draft, [name]: event.currentTarget.value })}
                  styles={{ input: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' } }}
                  data-denomination={name}
                />
              </Table.Td>
              <Table.Td className="amount" w={90}>{pieces > 0 ? formatCents(pieces * value) : ''}</Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
  return (
    <div>
      <Group align="flex-start" gap="xl">
        {column(bills, true)}
        {column(coins, false)}
      </Group>
      <Group gap="xl" mt="xs">
        <Text size="sm">Currency <strong className="amount">${formatCents(currencyCents)}</strong></Text>
        <Text size="sm">Coin <strong className="amount">${formatCents(totalCents - currencyCents)}</strong></Text>
        <Text size="sm" data-testid="count-total">Total counted <strong className="amount">${formatCents(totalCents)}</strong></Text>
      </Group>
    </div>
  );
}

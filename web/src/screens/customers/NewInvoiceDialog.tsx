/**
 * A new invoice from the billing catalog: lines of item, quantity and price (the catalog's, or
 * typed where the item has none), with the amounts previewed as integer cents; the server prices
 * and rounds each line and posts the invoice to the customer's account of the items' kind and fund
 * (opening it when missing). One idempotency key per invoice being entered, so a retry posts once.
 */
import { ActionIcon, Button, Group, Modal, NativeSelect, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { newIdempotencyKey, useBillingItems, type BillingItem, type CustomerDetail, type Invoice } from '../../api/customers';
import { AmountInput } from '../../components/AmountInput';
import { advanceOnEnter, fieldErrorsOf } from '../../components/enterAdvances';
import { ErrorAlert, problemsOf } from '../../components/ErrorAlert';
import { cityToday, formatIsoDate } from '../../dates';
import { formatCents, formatDollars, parseDollars, sumCents } from '../../money';
import type { ActionOutcome } from './CustomerDialogs';

interface LineDraft {
  key: number;
  item: string;
  quantity: string;
  price: string;
  description: string;
}

let nextKey = 1;
const blankLine = (): LineDraft => ({ key: nextKey++, item: '', quantity: '1', price: '', description: '' });

/** Quantity (up to 4 decimals) times cents, rounded half up, by integer arithmetic; null if unreadable. */
export function lineCents(quantity: string, unitCents: number): number | null {
  const match = /^(\d{1,7})(?:\.(\d{1,4}))?$/.exec(quantity.trim());
  if (!match) return null;
  const scaled = BigInt(match[1] as string) * 10_000n + BigInt((match[2] ?? '').padEnd(4, '0'));
  const product = scaled * BigInt(unitCents);
  const cents = (product + 5_000n) / 10_000n;
  return cents > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(cents);
}

function unitCentsOf(line: LineDraft, item: BillingItem | undefined): number | null {
  if (line.price.trim()) {
    const parsed = parseDollars(line.price);
    return parsed.ok && parsed.cents >= 0 ? parsed.cents : null;
  }
  return item?.unitPriceCents ?? null;
}

export function NewInvoiceDialog({
  customer,
  onClose,
  onOutcome,
}: {
  customer: CustomerDetail;
  onClose(): void;
  onOutcome(outcome: ActionOutcome): void;
}) {
  const client = useQueryClient();
  const items = useBillingItems();
  const byCode = new Map((items.data ?? []).map((item) => [item.code, item]));
  const [lines, setLines] = useState<LineDraft[]>(() => [blankLine()]);
  const [invoiceDate, setInvoiceDate] = useState(cityToday());
  const [dueDate, setDueDate] = useState('');
  const [notes, setNotes] = useState('');
  const [idempotencyKey] = useState(() => newIdempotencyKey('web-invoice'));
  const filled = lines.filter((line) => line.item !== '');
  const amounts = filled.map((line) => {
    const unit = unitCentsOf(line, byCode.get(line.item));
    return unit === null ? null : lineCents(line.quantity, unit);
  });
  const isComplete = filled.length > 0 && amounts.every((amount) => amount !== null);
  const totalCents = isComplete ? sumCents(amounts as number[]) : null;

  const create = useMutation({
    mutationFn: () =>
      api.post<Invoice>('/api/invoices', {
        customer: customer.id,
        invoiceDate,
        dueDate: dueDate || null,
        notes: notes.trim() || null,
        idempotencyKey,
        lines: filled.map((line) => {
          const price = line.price.trim() ? parseDollars(line.price) : null;
          return {
            item: line.item,
            quantity: line.quantity.trim(),
            ...(price?.ok ? { unitPriceCents: price.cents } : {}),
            ...(line.description.trim() ? { description: line.description.trim() } : {}),
          };
        }),
      }),
    onSuccess: (invoice) => {
      void client.invalidateQueries({ queryKey: ['customers'] });
      onOutcome({
        color: 'green',
        title: `Invoice ${invoice.invoiceNumber} posted`,
        message: `${formatDollars(invoice.totalCents)} on ${invoice.accountNumber}, due ${formatIsoDate(invoice.dueDate)}.`,
        link: { href: `/api/invoices/${invoice.id}/pdf`, label: 'Open the invoice PDF' },
      });
      onClose();
    },
  });
  const errors = fieldErrorsOf(problemsOf(create.error));
  const update = (index: number, changes: Partial<LineDraft>) =>
    setLines((current) => current.map((line, at) => (at === index ? { ...line, ...changes } : line)));

  function submit(event: FormEvent) {
    event.preventDefault();
    if (isComplete && !create.isPending) create.mutate();
  }
  return (
    <Modal opened onClose={onClose} title={`New invoice for ${customer.legalName}`} size={900}>
      <form onSubmit={submit} onKeyDown={advanceOnEnter} aria-label="New invoice">
        <Stack gap="sm">
          <Group grow align="flex-start">
            <TextInput label="Invoice date" type="date" value={invoiceDate} onChange={(event) => setInvoiceDate(event.currentTarget.value)} error={errors.invoiceDate} />
            <TextInput
              label="Due date (optional)"
              type="date"
              description="The city's terms when empty"
              value={dueDate}
              onChange={(event) => setDueDate(event.currentTarget.value)}
              error={errors.dueDate}
            />
          </Group>
          {items.isError && <ErrorAlert error={items.error} title="The billing catalog did not load" />}
          <Table aria-label="Invoice lines" verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Item</Table.Th>
                <Table.Th w={90}>Quantity</Table.Th>
                <Table.Th w={150}>Unit price</Table.Th>
                <Table.Th w={110} className="amount">Amount</Table.Th>
                <Table.Th w={36} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {lines.map((line, index) => {
                const item = byCode.get(line.item);
                const unit = unitCentsOf(line, item);
                const amount = unit === null ? null : lineCents(line.quantity, unit);
                const prefix = `lines[${index}]`;
                return (
                  <Table.Tr key={line.key}>
                    <Table.Td>
                      <NativeSelect
                        aria-label={`Line ${index + 1} item`}
                        data-autofocus={index === 0 ? true : undefined}
                        size="xs"
                        value={line.item}
                        onChange={(event) => update(index, { item: event.currentTarget.value, price: '' })}
                        data={[
                          { value: '', label: items.isPending ? 'Loading the catalog...' : 'Choose an item' },
                          ...(items.data ?? []).map((candidate) => ({
                            value: candidate.code,
                            label: `${candidate.name}${candidate.unitPriceCents === null ? '' : ` · ${formatDollars(candidate.unitPriceCents)}/${candidate.unit}`}`,
                          })),
                        ]}
                        error={errors[`${prefix}.item`]}
                      />
                      {item?.description && (
                        <Text size="xs" c="dimmed" lineClamp={1} title={item.description}>
                          {item.description}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        aria-label={`Line ${index + 1} quantity`}
                        size="xs"
                        inputMode="decimal"
                        value={line.quantity}
                        onChange={(event) => update(index, { quantity: event.currentTarget.value })}
                        error={errors[`${prefix}.quantity`]}
                        styles={{ input: { textAlign: 'right' } }}
                      />
                    </Table.Td>
                    <Table.Td>
                      <AmountInput
                        label={`Line ${index + 1} unit price`}
                        hideLabel
                        size="xs"
                        value={line.price}
                        placeholder={item?.unitPriceCents != null ? formatCents(item.unitPriceCents) : 'required'}
                        onChange={(value) => update(index, { price: value })}
                        error={errors[`${prefix}.unitPriceCents`] ?? errors[`${prefix}.unitPrice`]}
                        w="100%"
                      />
                    </Table.Td>
                    <Table.Td className="amount">{amount === null ? '' : formatCents(amount)}</Table.Td>
                    <Table.Td>
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={`Remove line ${index + 1}`}
                        disabled={lines.length <= 1}
                        onClick={() => setLines((current) => current.filter((_, at) => at !== index))}
                      >
                        <IconTrash size={14} aria-hidden />
                      </ActionIcon>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
            <Table.Tfoot>
              <Table.Tr className="totals">
                <Table.Td colSpan={3}>Total</Table.Td>
                <Table.Td className="amount" data-testid="invoice-total">
                  {totalCents === null ? '' : formatCents(totalCents)}
                </Table.Td>
                <Table.Td />
              </Table.Tr>
            </Table.Tfoot>
          </Table>
          <Group>
            <Button size="xs" variant="default" onClick={() => setLines((current) => [...current, blankLine()])}>
              Add line
            </Button>
          </Group>
          <Textarea label="Notes on the invoice (optional)" autosize minRows={1} value={notes} onChange={(event) => setNotes(event.currentTarget.value)} />
          {create.isError && <ErrorAlert error={create.error} title="Not invoiced" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Back
            </Button>
            <Button type="submit" loading={create.isPending} disabled={!isComplete}>
              Post invoice{totalCents === null ? '' : ` of ${formatDollars(totalCents)}`}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

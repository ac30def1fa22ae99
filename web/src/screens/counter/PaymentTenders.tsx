/**
 * The tenders of a counter payment: cash, check (number, bank), money order, card (the test card
 * reader's token). Enter in an empty amount takes what is still due, then moves on.
 */
import { ActionIcon, Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import type { KeyboardEvent } from 'react';
import { tenderLabels, testCards, type TenderType } from '../../api/cashiering';
import { formatCents, parseDollars } from '../../money';
import type { TenderDraft } from './paymentDraft';

const tenderChoices: TenderType[] = ['cash', 'check', 'money_order', 'card'];

interface PaymentTendersProps {
  tenders: TenderDraft[];
  onChange(tenders: TenderDraft[]): void;
  errors: Record<number, string>;
  /** What the tenders still have to cover (for Enter in an empty amount). */
  dueCents: number;
  registerType(key: number, element: HTMLSelectElement | null): void;
}

export function PaymentTenders({ tenders, onChange, errors, dueCents, registerType }: PaymentTendersProps) {
  const update = (key: number, changes: Partial<TenderDraft>) =>
    onChange(tenders.map((tender) => (tender.key === key ? { ...tender, ...changes } : tender)));

  function amountKeyDown(tender: TenderDraft) {
    return (event: KeyboardEvent<HTMLInputElement>) => {
      if (event.key !== 'Enter' || event.ctrlKey || event.metaKey) return;
      // No preventDefault: the form moves on to the next field after this.
      if (tender.amount.trim() === '' && dueCents > 0) update(tender.key, { amount: formatCents(dueCents) });
      else normalize(tender);
    };
  }

  function normalize(tender: TenderDraft) {
    const parsed = parseDollars(tender.amount);
    if (tender.amount.trim() && parsed.ok) update(tender.key, { amount: formatCents(parsed.cents) });
  }

  return (
    <Stack gap="xs">
      {tenders.map((tender, index) => (
        <Group key={tender.key} gap="xs" align="flex-start" wrap="nowrap" data-testid="tender-row">
          <NativeSelect
            label={index === 0 ? 'Tender' : undefined}
            aria-label={`Tender ${index + 1} type`}
            ref={(element) => registerType(tender.key, element)}
            value={tender.type}
            onChange={(event) => update(tender.key, { type: event.currentTarget.value as TenderType, cardToken: event.currentTarget.value === 'card' ? testCards[0].token : '' })}
            data={tenderChoices.map((type) => ({ value: type, label: tenderLabels[type] ?? type }))}
            w={130}
          />
          <TextInput
            label={index === 0 ? 'Amount' : undefined}
            aria-label={`Tender ${index + 1} amount`}
            value={tender.amount}
            placeholder={dueCents > 0 ? formatCents(dueCents) : '0.00'}
            inputMode="decimal"
            autoComplete="off"
            leftSection="$"
            w={130}
            error={errors[tender.key]}
            onChange={(event) => update(tender.key, { amount: event.currentTarget.value })}
            onBlur={() => normalize(tender)}
            onKeyDown={amountKeyDown(tender)}
            styles={{ input: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' } }}
          />
          {(tender.type === 'check' || tender.type === 'money_order') && (
            <>
              <TextInput
                label={index === 0 || tenders[index - 1]?.type !== tender.type ? (tender.type === 'check' ? 'Check number' : 'Number') : undefined}
                aria-label={`Tender ${index + 1} ${tender.type === 'check' ? 'check number' : 'money order number'}`}
                value={tender.checkNumber}
                onChange={(event) => update(tender.key, { checkNumber: event.currentTarget.value })}
                autoComplete="off"
                w={110}
              />
              <TextInput
                label={index === 0 || tenders[index - 1]?.type !== tender.type ? 'Bank' : undefined}
                aria-label={`Tender ${index + 1} bank`}
                value={tender.bankName}
                onChange={(event) => update(tender.key, { bankName: event.currentTarget.value })}
                autoComplete="off"
                w={150}
              />
            </>
          )}
          {tender.type === 'card' && (
            <NativeSelect
              label={index === 0 ? 'Card reader (test)' : undefined}
              aria-label={`Tender ${index + 1} card`}
              value={tender.cardToken}
              onChange={(event) => update(tender.key, { cardToken: event.currentTarget.value })}
              data={testCards.map((card) => ({ value: card.token, label: card.label }))}
              w={260}
            />
          )}
          {tenders.length > 1 && (
            <ActionIcon
              variant="subtle"
              color="red"
              mt={index === 0 ? 26 : 4}
              aria-label={`Remove tender ${index + 1}`}
              tabIndex={-1}
              onClick={() => onChange(tenders.filter((candidate) => candidate.key !== tender.key))}
            >
              <IconTrash size={16} aria-hidden />
            </ActionIcon>
          )}
        </Group>
      ))}
      {tenders.some((tender) => tender.type === 'card') && (
        <Text size="xs" c="dimmed">The card reader sends a token; the card number never reaches Civic Ledger.</Text>
      )}
    </Stack>
  );
}

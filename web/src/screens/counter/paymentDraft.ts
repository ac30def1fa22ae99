/**
 * The counter payment being put together (pure): the accounts paid and how much, the counter
 * items, the tenders; what it adds up to, the change, what is still missing, and the request the
 * server takes. Amounts stay text as typed until here; parseDollars turns them into cents.
 */
import type { CounterItem, TakePaymentInput, TenderType } from '../../api/cashiering';
import { formatDollars, parseDollars, sumCents } from '../../money';

export interface AccountDraft {
  accountNumber: string;
  label: string;
  balanceCents: number;
  /** Dollars as typed; blank means this account is not paid now. */
  amount: string;
}

export interface ItemDraft {
  key: number;
  item: CounterItem;
  quantity: number;
  /** For an item without a set price: the amount entered, in cents. */
  enteredCents: number | null;
}

export interface TenderDraft {
  key: number;
  type: TenderType;
  amount: string;
  checkNumber: string;
  bankName: string;
  cardToken: string;
}

export interface PaymentDraft {
  customerId: number | null;
  payerName: string;
  accounts: AccountDraft[];
  items: ItemDraft[];
  tenders: TenderDraft[];
  confirmPartial: boolean;
}

let nextKey = 1;
export const newKey = (): number => nextKey++;

export function blankTender(type: TenderType = 'cash'): TenderDraft {
  return { key: newKey(), type, amount: '', checkNumber: '', bankName: '', cardToken: '' };
}

export function itemAmountCents(line: ItemDraft): number {
  return line.item.unitPriceCents !== null ? line.item.unitPriceCents * line.quantity : line.enteredCents ?? 0;
}

/** Cents of a typed amount; blank is zero; null when it is not an amount. */
function centsOrZero(text: string): number | null {
  if (text.trim() === '') return 0;
  const parsed = parseDollars(text);
  return parsed.ok && parsed.cents >= 0 ? parsed.cents : null;
}

export interface PaymentSums {
  totalCents: number;
  tenderedCents: number;
  cashCents: number;
  changeCents: number;
  /** Still to tender (0 when covered). */
  dueCents: number;
  isPartial: boolean;
  accountErrors: Record<string, string>;
  tenderErrors: Record<number, string>;
  /** Why Post cannot go yet, in words, or null when it can. */
  blocker: string | null;
}

export function sumPayment(draft: PaymentDraft): PaymentSums {
  const accountErrors: Record<string, string> = {};
  const tenderErrors: Record<number, string> = {};
  const accountCents = draft.accounts.map((account) => {
    const amount = centsOrZero(account.amount);
    if (amount === null) accountErrors[account.accountNumber] = 'Not an amount (e.g. 84.50)';
    return amount ?? 0;
  });
  const totalCents = sumCents([...accountCents, ...draft.items.map(itemAmountCents)]);
  const tenderCents = draft.tenders.map((tender) => {
    const amount = centsOrZero(tender.amount);
    if (amount === null) tenderErrors[tender.key] = 'Not an amount';
    return amount ?? 0;
  });
  const tenderedCents = sumCents(tenderCents);
  const cashCents = sumCents(draft.tenders.map((tender, index) => (tender.type === 'cash' ? tenderCents[index] ?? 0 : 0)));
  const isPartial = draft.accounts.some((account, index) => {
    const paid = accountCents[index] ?? 0;
    return paid > 0 && paid < account.balanceCents;
  });
  const nonCashCents = tenderedCents - cashCents;
  const changeCents = tenderedCents > totalCents ? tenderedCents - totalCents : 0;
  const dueCents = totalCents > tenderedCents ? totalCents - tenderedCents : 0;
  const hasErrors = Object.keys(accountErrors).length > 0 || Object.keys(tenderErrors).length > 0;
  const blocker = hasErrors
    ? 'Some amounts need attention (see the red notes).'
    : totalCents === 0
      ? 'Nothing to pay yet: look up an account or add a counter item.'
      : dueCents > 0
        ? `${formatDollars(dueCents)} still to tender.`
        : nonCashCents > totalCents
          ? 'Checks, money orders and cards may not exceed what is due: change comes only from cash.'
          : changeCents > cashCents
            ? 'The change may not exceed the cash handed over.'
            : isPartial && !draft.confirmPartial
              ? 'This pays an account less than it owes: confirm the partial payment.'
              : null;
  return { totalCents, tenderedCents, cashCents, changeCents, dueCents, isPartial, accountErrors, tenderErrors, blocker };
}

export function paymentRequest(draft: PaymentDraft, idempotencyKey: string): TakePaymentInput {
  const lines: TakePaymentInput['lines'] = [];
  for (const account of draft.accounts) {
    const amount = centsOrZero(account.amount) ?? 0;
    if (amount > 0) lines.push({ account: account.accountNumber, amountCents: amount });
  }
  for (const line of draft.items) {
    lines.push({ item: line.item.code, quantity: line.quantity, ...(line.item.unitPriceCents === null ? { amountCents: line.enteredCents ?? 0 } : {}) });
  }
  const tenders = draft.tenders
    .filter((tender) => (centsOrZero(tender.amount) ?? 0) > 0)
    .map((tender) => ({
      type: tender.type,
      amountCents: centsOrZero(tender.amount) ?? 0,
      ...(tender.type === 'check' || tender.type === 'money_order'
        ? { ...(tender.checkNumber.trim() ? { checkNumber: tender.checkNumber.trim() } : {}), ...(tender.bankName.trim() ? { bankName: tender.bankName.trim() } : {}) }
        : {}),
      ...(tender.type === 'card' ? { cardToken: tender.cardToken } : {}),
    }));
  return {
    ...(draft.customerId !== null ? { customerId: draft.customerId } : {}),
    ...(draft.customerId === null && draft.payerName.trim() ? { payerName: draft.payerName.trim() } : {}),
    lines,
    tenders,
    confirmPartial: draft.confirmPartial,
    idempotencyKey,
  };
}

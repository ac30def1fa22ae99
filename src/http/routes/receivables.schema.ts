import { Type } from 'typebox';
import { Cents, NullableInteger, NullableString, dateText, withErrors } from '../schemas/common.js';
import { JournalEntry } from '../schemas/journal.js';
import { ApprovalRequest } from './approvals.schema.js';
import { IdempotencyHeaders } from '../idempotency.js';

const tags = ['receivables'];

const Aging = Type.Object({
  current: Cents,
  days30: Cents,
  days60: Cents,
  days90: Cents,
  days120: Cents,
}, { description: 'Open debits by days past due: current (under 30), 30-59, 60-89, 90-119, 120 and more' });

const ChargeClass = Type.Union([Type.Literal('charge'), Type.Literal('penalty'), Type.Literal('interest')]);

export const ReceivableAccount = Type.Object({
  id: Type.Integer(),
  accountNumber: Type.String(),
  customerId: Type.Integer(),
  customerNumber: Type.String(),
  customerName: Type.String(),
  kind: Type.String(),
  kindName: Type.String(),
  allocationOrder: Type.Array(ChargeClass),
  fundCode: Type.String(),
  controlAccountId: Type.Integer(),
  controlAccountCode: Type.String(),
  status: Type.String(),
  description: NullableString,
  parcelId: NullableInteger,
  serviceLocationId: NullableInteger,
  openedOn: Type.String(),
  closedOn: NullableString,
});

export const AccountBalance = Type.Object({
  ...ReceivableAccount.properties,
  balanceCents: Type.Integer({ description: 'What the account owes, from the ledger (negative: a credit balance)' }),
  aging: Aging,
  unappliedCreditCents: Cents,
  oldestDueDate: NullableString,
});

export const ReceivableItem = Type.Object({
  id: Type.Integer(),
  accountId: Type.Integer(),
  accountNumber: Type.String(),
  itemType: Type.String(),
  chargeClass: Type.Union([ChargeClass, Type.Null()]),
  amountCents: Type.Integer({ description: 'Positive: owed (charge, penalty, debit memo...); negative: paid or credited' }),
  itemDate: Type.String(),
  dueDate: NullableString,
  penaltyEligible: Type.Boolean(),
  offsetAccountCode: NullableString,
  description: Type.String(),
  reasonCode: NullableString,
  documentRef: NullableString,
  journalEntryId: Type.Integer(),
  reversesItemId: NullableInteger,
  reversedByItemId: NullableInteger,
  appliedCents: Type.Integer({ description: 'Of a debit: paid so far; of a credit: applied so far' }),
  createdAt: Type.String(),
  createdBy: Type.String(),
});

const ActivityItem = Type.Object({ ...ReceivableItem.properties, balanceAfterCents: Type.Integer() });

const PostedResult = Type.Object({
  entry: JournalEntry,
  items: Type.Array(ReceivableItem),
  isReplay: Type.Boolean(),
  account: Type.Optional(ReceivableAccount),
  appliedCents: Type.Optional(Cents),
  creditLeftCents: Type.Optional(Cents),
});

const AdjustmentOutcome = Type.Object({
  status: Type.Union([Type.Literal('posted'), Type.Literal('pending_approval')]),
  result: Type.Optional(PostedResult),
  request: Type.Optional(ApprovalRequest),
});

const AccountKey = Type.Object({ key: Type.String({ description: 'Account id or number, e.g. MB-100234' }) });
const AmountFields = {
  amountCents: Type.Optional(Type.Union([Type.Integer(), Type.String()])),
  amount: Type.Optional(Type.String({ description: 'Dollars as text, e.g. "125.50"' })),
};

export const customerReceivablesSchema = {
  operationId: 'getCustomerReceivables',
  tags,
  summary: "A customer's accounts with balances and aging (Customer 360)",
  params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
  querystring: Type.Object({ asOf: Type.Optional(dateText('As of this date (default today)')) }),
  response: withErrors({
    200: Type.Object({
      customerId: Type.Integer(),
      asOf: Type.String(),
      accounts: Type.Array(AccountBalance),
      totals: Type.Object({ balanceCents: Type.Integer(), aging: Aging, unappliedCreditCents: Cents }),
    }),
  }),
};

export const getAccountSchema = {
  operationId: 'getReceivableAccount',
  tags,
  summary: 'A receivable account with its balance (from the ledger) and aging',
  params: AccountKey,
  querystring: Type.Object({ asOf: Type.Optional(dateText()) }),
  response: withErrors({ 200: AccountBalance }),
};

export const accountActivitySchema = {
  operationId: 'getReceivableActivity',
  tags,
  summary: "An account's items, newest first, with the balance after each",
  params: AccountKey,
  querystring: Type.Object({
    beforeId: Type.Optional(Type.Integer({ minimum: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  }),
  response: withErrors({ 200: Type.Object({ account: ReceivableAccount, items: Type.Array(ActivityItem) }) }),
};

export const openAccountSchema = {
  operationId: 'openReceivableAccount',
  tags,
  summary: 'Open a receivable account for a customer',
  body: Type.Object({
    customerId: Type.Integer({ minimum: 1 }),
    kind: Type.String(),
    fundCode: Type.String(),
    description: Type.Optional(NullableString),
    parcelId: Type.Optional(NullableInteger),
    serviceLocationId: Type.Optional(NullableInteger),
    openedOn: Type.Optional(dateText('Default today')),
  }),
  response: withErrors({ 201: ReceivableAccount }),
};

export const accountStatusSchema = {
  operationId: 'setReceivableAccountStatus',
  tags,
  summary: 'Make an account active, inactive or closed',
  params: AccountKey,
  body: Type.Object({ status: Type.Union([Type.Literal('active'), Type.Literal('inactive'), Type.Literal('closed')]) }),
  response: withErrors({ 200: ReceivableAccount }),
};

export const postChargesSchema = {
  operationId: 'postReceivableCharges',
  tags,
  summary: 'Post charges to an account (requires an idempotency key)',
  headers: IdempotencyHeaders,
  params: AccountKey,
  body: Type.Object({
    chargeDate: dateText(),
    dueDate: dateText(),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    documentRef: Type.Optional(NullableString),
    idempotencyKey: Type.Optional(Type.String({ maxLength: 200 })),
    lines: Type.Array(Type.Object({
      revenueAccount: Type.String(),
      ...AmountFields,
      description: Type.String(),
      chargeClass: Type.Optional(ChargeClass),
      dueDate: Type.Optional(dateText()),
      penaltyEligible: Type.Optional(Type.Boolean()),
    }), { maxItems: 1000 }),
  }),
  response: withErrors({ 200: PostedResult, 201: PostedResult }),
};

export const postPaymentSchema = {
  operationId: 'postReceivablePayment',
  tags,
  summary: 'Apply a payment to an account by its allocation order (requires an idempotency key)',
  description: 'What is left after every open item is paid stays on the account as a credit.',
  headers: IdempotencyHeaders,
  params: AccountKey,
  body: Type.Object({
    paymentDate: dateText(),
    ...AmountFields,
    cashAccount: Type.String({ description: 'The account debited, e.g. 100-0000-10100' }),
    reference: Type.Optional(NullableString),
    description: Type.Optional(NullableString),
    idempotencyKey: Type.Optional(Type.String({ maxLength: 200 })),
  }),
  response: withErrors({ 200: PostedResult, 201: PostedResult }),
};

export const memoSchema = {
  operationId: 'enterReceivableMemo',
  tags,
  summary: 'A debit or credit memo with a reason: posted at once up to the approval threshold, filed for approval above it',
  headers: IdempotencyHeaders,
  params: AccountKey,
  body: Type.Object({
    memoType: Type.Union([Type.Literal('debit'), Type.Literal('credit')]),
    memoDate: dateText(),
    ...AmountFields,
    offsetAccount: Type.String(),
    reasonCode: Type.String(),
    description: Type.String(),
    dueDate: Type.Optional(NullableString),
    idempotencyKey: Type.Optional(Type.String({ maxLength: 200, description: 'Or the Idempotency-Key header: a retry posts the memo once' })),
  }),
  response: withErrors({ 201: AdjustmentOutcome, 202: AdjustmentOutcome }),
};

export const writeOffSchema = {
  operationId: 'requestWriteOff',
  tags,
  summary: 'Ask to write off what an account owes (always approved by someone else)',
  params: AccountKey,
  body: Type.Object({
    writeOffDate: dateText(),
    amountCents: Type.Optional(Type.Union([Type.Integer(), Type.String(), Type.Null()])),
    amount: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    reasonCode: Type.String(),
    description: Type.String(),
  }),
  response: withErrors({ 202: ApprovalRequest }),
};

export const refundSchema = {
  operationId: 'requestRefund',
  tags,
  summary: "Ask to refund an account's credit balance (approved, then paid by payables)",
  params: AccountKey,
  body: Type.Object({
    ...AmountFields,
    payeeName: Type.String(),
    payeeAddress: Type.String(),
    reason: Type.String(),
    refundDate: dateText(),
  }),
  response: withErrors({ 202: ApprovalRequest }),
};

export const transferSchema = {
  operationId: 'transferPayment',
  tags,
  summary: 'Move a misapplied payment (or part of it) to the right account',
  params: Type.Object({ id: Type.Integer({ minimum: 1, description: 'The payment item' }) }),
  body: Type.Object({
    toAccount: Type.String(),
    transferDate: dateText(),
    ...AmountFields,
    reasonCode: Type.Optional(Type.String()),
    description: Type.String(),
  }),
  response: withErrors({ 201: PostedResult }),
};

export const reverseSchema = {
  operationId: 'reverseReceivableEntry',
  tags,
  summary: 'Reverse a charge, payment or adjustment (its whole journal entry), with a reason',
  params: Type.Object({ entryId: Type.Integer({ minimum: 1 }) }),
  body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 300 }), reversalDate: Type.Optional(NullableString) }),
  response: withErrors({ 201: Type.Object({ entry: JournalEntry, items: Type.Array(ReceivableItem) }) }),
};

export const agingSchema = {
  operationId: 'getAgingReport',
  tags,
  summary: 'Aging of every account with something open, as of a date (JSON or CSV)',
  querystring: Type.Object({
    asOf: Type.Optional(dateText()),
    kind: Type.Optional(Type.String()),
    fund: Type.Optional(Type.String()),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
  }),
  response: withErrors({
    200: Type.Object({
      asOf: Type.String(),
      accountCount: Type.Integer(),
      rows: Type.Array(Type.Object({
        accountId: Type.Integer(),
        accountNumber: Type.String(),
        customerName: Type.String(),
        kind: Type.String(),
        fundCode: Type.String(),
        aging: Aging,
        totalCents: Cents,
        unappliedCreditCents: Cents,
      })),
      totals: Type.Object({ ...Aging.properties, totalCents: Cents, unappliedCreditCents: Cents }),
    }),
  }),
};

export const setupSchema = {
  operationId: 'getReceivablesSetup',
  tags,
  summary: 'Receivable kinds (with allocation orders), control accounts and reason codes',
  response: withErrors({
    200: Type.Object({
      kinds: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), accountPrefix: Type.String(), allocationOrder: Type.Array(ChargeClass) })),
      controls: Type.Array(Type.Object({
        kind: Type.String(), fundCode: Type.String(), controlAccountId: Type.Integer(), controlAccountCode: Type.String(),
        writeOffAccountCode: NullableString, refundAccountCode: NullableString,
      })),
      reasons: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), appliesTo: Type.String() })),
    }),
  }),
};

export const setControlSchema = {
  operationId: 'setReceivableControl',
  tags,
  summary: 'Set the receivable control account of a kind in a fund (and its write-off and refund accounts)',
  body: Type.Object({
    kind: Type.String(),
    fundCode: Type.String(),
    controlAccountCode: Type.String(),
    writeOffAccountCode: Type.Optional(NullableString),
    refundAccountCode: Type.Optional(NullableString),
  }),
  response: withErrors({ 200: Type.Object({
    kind: Type.String(), fundCode: Type.String(), controlAccountId: Type.Integer(), controlAccountCode: Type.String(),
    writeOffAccountCode: NullableString, refundAccountCode: NullableString,
  }) }),
};

export const allocationOrderSchema = {
  operationId: 'setAllocationOrder',
  tags,
  summary: "Set the order in which a kind's payments pay penalties, interest and charges",
  params: Type.Object({ kind: Type.String() }),
  body: Type.Object({ order: Type.Array(Type.String(), { maxItems: 3 }) }),
  response: withErrors({ 200: Type.Object({ code: Type.String(), name: Type.String(), accountPrefix: Type.String(), allocationOrder: Type.Array(ChargeClass) }) }),
};

export const refundRequestsSchema = {
  operationId: 'listRefundRequests',
  tags,
  summary: 'Refund requests; approved ones wait for payables to pay them',
  querystring: Type.Object({ status: Type.Optional(Type.String()) }),
  response: withErrors({ 200: Type.Object({ refunds: Type.Array(Type.Object({
    id: Type.Integer(), accountNumber: Type.String(), customerName: Type.String(), amountCents: Cents,
    payeeName: Type.String(), payeeAddress: Type.String(), reason: Type.String(), status: Type.String(),
    approvalRequestId: NullableInteger, requestedBy: Type.String(), requestedAt: Type.String(),
  })) }) }),
};

/** Schemas of the general billing routes: catalog, invoices, recurring invoices, late charges, dunning. */
import { Type } from 'typebox';
import { IdempotencyHeaders } from '../idempotency.js';
import { Cents, dateText, NullableInteger, NullableString, OptionalBody, withErrors } from '../schemas/common.js';

const tags = ['billing'];
const Id = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const InvoiceKey = Type.Object({ id: Type.String({ maxLength: 40, description: 'Invoice id or number (INV-2026-000042)' }) });
const Amount = Type.Union([Type.Integer(), Type.String()], { description: 'Whole cents (integer or digits)' });
const Dollars = Type.String({ description: 'Dollars as text, e.g. "125.50"' });
const Quantity = Type.Union([Type.Number(), Type.String()], { description: 'A quantity, at most 4 decimals (e.g. 2.5)' });
const Pdf = {
  description: 'A PDF document (Letter size) as an attachment',
  content: { 'application/pdf': { schema: Type.String({ format: 'binary' }) } },
};

export const BillingItem = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  description: NullableString,
  unitPriceCents: Type.Union([Cents, Type.Null()], { description: 'Null: the price is entered at invoicing' }),
  unit: Type.String(),
  revenueAccountCode: Type.String(),
  revenueAccountName: Type.String(),
  fundCode: Type.String(),
  receivableKind: Type.String(),
  isPenaltyEligible: Type.Boolean(),
  isActive: Type.Boolean(),
});

const itemFields = {
  name: Type.String({ maxLength: 200 }),
  description: Type.Optional(NullableString),
  unitPriceCents: Type.Optional(Type.Union([Amount, Type.Null()])),
  unitPrice: Type.Optional(Type.Union([Dollars, Type.Null()])),
  unit: Type.Optional(Type.String({ description: 'each, hour, page, day...' })),
  revenueAccount: Type.String({ description: 'A revenue account (not a control account); it sets the item\'s fund' }),
  receivableKind: Type.Optional(Type.String({ description: 'Default misc_billing' })),
  isPenaltyEligible: Type.Optional(Type.Boolean()),
  isActive: Type.Optional(Type.Boolean()),
};

export const listItemsSchema = {
  operationId: 'listBillingItems', tags, summary: 'The billing catalog',
  querystring: Type.Object({ includeInactive: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
  response: withErrors({ 200: Type.Object({ items: Type.Array(BillingItem) }) }),
};

export const createItemSchema = {
  operationId: 'createBillingItem', tags, summary: 'Add an item to the catalog',
  body: Type.Object({ code: Type.String({ examples: ['FALSE_ALARM'] }), ...itemFields }, { additionalProperties: false }),
  response: withErrors({ 201: BillingItem }),
};

export const updateItemSchema = {
  operationId: 'updateBillingItem', tags, summary: 'Change an item; isActive false deactivates it',
  params: Type.Object({ code: Type.String({ maxLength: 30 }) }),
  body: Type.Partial(Type.Object(itemFields), { additionalProperties: false }),
  response: withErrors({ 200: BillingItem }),
};

const LineInput = Type.Object({
  item: Type.String({ description: 'Catalog item code' }),
  quantity: Type.Optional(Quantity),
  unitPriceCents: Type.Optional(Amount),
  unitPrice: Type.Optional(Dollars),
  description: Type.Optional(Type.String()),
}, { additionalProperties: false });

const InvoiceLine = Type.Object({
  lineNumber: Type.Integer(),
  itemCode: Type.String(),
  description: Type.String(),
  quantity: Type.String(),
  unit: Type.String(),
  unitPriceCents: Cents,
  amountCents: Cents,
  revenueAccountCode: Type.String(),
  receivableItemId: Type.Integer(),
});

const invoiceSummaryFields = {
  id: Type.Integer(),
  invoiceNumber: Type.String(),
  customerId: Type.Integer(),
  customerNumber: Type.String(),
  customerName: Type.String(),
  receivableAccountId: Type.Integer(),
  accountNumber: Type.String(),
  fundCode: Type.String(),
  invoiceDate: Type.String(),
  dueDate: Type.String(),
  status: Type.Enum(['open', 'paid', 'reversed']),
  totalCents: Cents,
  paidCents: Cents,
  amountDueCents: Cents,
  notes: NullableString,
  journalEntryId: Type.Integer(),
  reversalEntryId: NullableInteger,
  reversalReason: NullableString,
  recurringInvoiceId: NullableInteger,
  recurringRunDate: NullableString,
  createdBy: Type.String(),
};

export const InvoiceSummary = Type.Object(invoiceSummaryFields);
export const Invoice = Type.Object({ ...invoiceSummaryFields, lines: Type.Array(InvoiceLine) });

export const createInvoiceSchema = {
  operationId: 'createInvoice', tags,
  summary: 'Invoice catalog items to a customer (one receivables posting)',
  description: 'Needs an idempotency key (Idempotency-Key header or idempotencyKey). 201 with the invoice; 200 with ' +
    'Idempotent-Replayed: true when the key already made it; 409 idempotency_conflict for the key with other content. ' +
    'All lines must bill one fund; the customer\'s receivable account of that kind and fund is opened when missing.',
  headers: IdempotencyHeaders,
  body: Type.Object({
    customer: Type.Union([Type.Integer(), Type.String()], { description: 'Customer id or number (C-100001)' }),
    invoiceDate: dateText(),
    dueDate: Type.Optional(Type.Union([dateText(), Type.Null()])),
    notes: Type.Optional(NullableString),
    idempotencyKey: Type.Optional(NullableString),
    lines: Type.Array(LineInput),
  }, { additionalProperties: false }),
  response: withErrors({ 200: Invoice, 201: Invoice }),
};

export const listInvoicesSchema = {
  operationId: 'listInvoices', tags, summary: 'Invoices, newest first',
  querystring: Type.Object({
    customerId: Type.Optional(Type.Integer({ minimum: 1 })),
    status: Type.Optional(Type.Enum(['open', 'paid', 'reversed'])),
    beforeId: Type.Optional(Type.Integer({ minimum: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  }, { additionalProperties: false }),
  response: withErrors({ 200: Type.Object({ invoices: Type.Array(InvoiceSummary) }) }),
};

export const getInvoiceSchema = {
  operationId: 'getInvoice', tags, summary: 'One invoice with its lines and what is paid and due', params: InvoiceKey,
  response: withErrors({ 200: Invoice }),
};

export const invoicePdfSchema = {
  operationId: 'getInvoicePdf', tags, summary: 'The invoice as a PDF', params: InvoiceKey,
  response: withErrors({ 200: Pdf }),
};

export const reverseInvoiceSchema = {
  operationId: 'reverseInvoice', tags,
  summary: 'Reverse an invoice; what was paid on it becomes a credit on the account',
  params: InvoiceKey,
  body: Type.Object({ reason: Type.String({ maxLength: 500 }), reversalDate: Type.Optional(Type.Union([dateText(), Type.Null()])) },
    { additionalProperties: false }),
  response: withErrors({
    200: Type.Object({
      invoice: Invoice,
      reversalEntryId: Type.Integer(),
      releasedPaymentCents: Cents,
      accountCreditCents: Cents,
      message: Type.String(),
    }),
  }),
};

const RecurringLine = Type.Object({
  lineNumber: Type.Integer(),
  itemCode: Type.String(),
  description: NullableString,
  quantity: Type.String(),
  unitPriceCents: Type.Union([Cents, Type.Null()]),
});

export const RecurringTemplate = Type.Object({
  id: Type.Integer(),
  customerId: Type.Integer(),
  customerNumber: Type.String(),
  customerName: Type.String(),
  description: NullableString,
  frequency: Type.Enum(['monthly', 'quarterly', 'annually']),
  dayOfMonth: Type.Integer(),
  startDate: Type.String(),
  endDate: NullableString,
  nextRunDate: NullableString,
  termsDays: Type.Integer(),
  notes: NullableString,
  isActive: Type.Boolean(),
  lines: Type.Array(RecurringLine),
});

const templateFields = {
  description: Type.Optional(NullableString),
  frequency: Type.String({ description: 'monthly, quarterly or annually' }),
  dayOfMonth: Type.Integer({ description: '1-28' }),
  startDate: dateText(),
  endDate: Type.Optional(Type.Union([dateText(), Type.Null()])),
  termsDays: Type.Optional(Type.Integer()),
  notes: Type.Optional(NullableString),
  isActive: Type.Optional(Type.Boolean()),
  lines: Type.Array(LineInput),
};

export const listRecurringSchema = {
  operationId: 'listRecurringInvoices', tags, summary: 'Recurring invoice templates',
  querystring: Type.Object({ customerId: Type.Optional(Type.Integer({ minimum: 1 })), includeInactive: Type.Optional(Type.Boolean()) },
    { additionalProperties: false }),
  response: withErrors({ 200: Type.Object({ templates: Type.Array(RecurringTemplate) }) }),
};

export const getRecurringSchema = {
  operationId: 'getRecurringInvoice', tags, summary: 'One recurring invoice template', params: Id,
  response: withErrors({ 200: RecurringTemplate }),
};

export const createRecurringSchema = {
  operationId: 'createRecurringInvoice', tags, summary: 'Add a recurring invoice template',
  body: Type.Object({ customer: Type.Union([Type.Integer(), Type.String()]), ...templateFields }, { additionalProperties: false }),
  response: withErrors({ 201: RecurringTemplate }),
};

export const updateRecurringSchema = {
  operationId: 'updateRecurringInvoice', tags, summary: 'Change a template (lines given replace all); isActive false stops it',
  params: Id,
  body: Type.Partial(Type.Object(templateFields), { additionalProperties: false }),
  response: withErrors({ 200: RecurringTemplate }),
};

export const deleteRecurringSchema = {
  operationId: 'deactivateRecurringInvoice', tags, summary: 'Stop a template (kept, with its invoices)', params: Id,
  response: withErrors({ 200: RecurringTemplate }),
};

const AsOfBody = OptionalBody(Type.Object({ asOf: Type.Optional(Type.Union([dateText(), Type.Null()])) }, { additionalProperties: false }));

export const runRecurringSchema = {
  operationId: 'runRecurringInvoices', tags, summary: 'Make every recurring invoice due as of a date (default today); safe to repeat',
  body: AsOfBody,
  response: withErrors({
    200: Type.Object({
      asOf: Type.String(),
      templateCount: Type.Integer(),
      invoices: Type.Array(InvoiceSummary),
      failures: Type.Array(Type.Object({ templateId: Type.Integer(), customerNumber: Type.String(), code: Type.String(), message: Type.String() })),
    }),
  }),
};

export const accrueSchema = {
  operationId: 'accrueLateCharges', tags,
  summary: 'Post penalties and interest due as of a date (default today) by the rules; safe to repeat',
  body: AsOfBody,
  response: withErrors({
    200: Type.Object({
      asOf: Type.String(),
      accountCount: Type.Integer(),
      penaltyCents: Cents,
      interestCents: Cents,
      charges: Type.Array(Type.Object({
        itemId: Type.Integer(), accountId: Type.Integer(), accountNumber: Type.String(), chargeClass: Type.Enum(['penalty', 'interest']),
        monthNumber: Type.Integer(), principalCents: Cents, amountCents: Cents, journalEntryId: Type.Integer(),
      })),
      skipped: Type.Array(Type.Object({ accountNumber: Type.String(), reason: Type.String() })),
    }),
  }),
};

const LateChargeRule = Type.Object({
  kind: Type.String(), penaltyRate: Type.String(), penaltyAfterDays: Type.Integer(), penaltyMinimumCents: Cents,
  interestRateMonthly: Type.String(), isActive: Type.Boolean(),
});
const LateChargeAccounts = Type.Object({ fundCode: Type.String(), penaltyAccountCode: Type.String(), interestAccountCode: Type.String() });

export const getLateChargeSetupSchema = {
  operationId: 'getLateChargeSetup', tags, summary: 'Penalty and interest rules per receivable kind, and their revenue accounts per fund',
  response: withErrors({ 200: Type.Object({ rules: Type.Array(LateChargeRule), accounts: Type.Array(LateChargeAccounts) }) }),
};

export const putLateChargeRuleSchema = {
  operationId: 'setLateChargeRule', tags, summary: 'Set the penalty and interest rule of a receivable kind',
  params: Type.Object({ kind: Type.String({ maxLength: 31 }) }),
  body: Type.Object({
    penaltyRate: Type.Optional(Type.Union([Type.String(), Type.Number()], { description: '0.10 = 10% of the unpaid principal' })),
    penaltyAfterDays: Type.Optional(Type.Integer()),
    penaltyMinimumCents: Type.Optional(Amount),
    interestRateMonthly: Type.Optional(Type.Union([Type.String(), Type.Number()], { description: '0.01 = 1% a month, simple' })),
    isActive: Type.Optional(Type.Boolean()),
  }, { additionalProperties: false }),
  response: withErrors({ 200: LateChargeRule }),
};

export const putLateChargeAccountsSchema = {
  operationId: 'setLateChargeAccounts', tags, summary: 'Set the revenue accounts a fund\'s penalties and interest post to',
  params: Type.Object({ fundCode: Type.String({ pattern: '^[0-9]{3}$' }) }),
  body: Type.Object({ penaltyAccountCode: Type.String(), interestAccountCode: Type.String() }, { additionalProperties: false }),
  response: withErrors({ 200: LateChargeAccounts }),
};

const DunningStage = Type.Object({
  stage: Type.Integer(), code: Type.String(), name: Type.String(), daysPastDue: Type.Integer(), nextStep: Type.String(), isActive: Type.Boolean(),
});

export const getStagesSchema = {
  operationId: 'listDunningStages', tags, summary: 'Dunning stages (reminder, second notice, final...)',
  response: withErrors({ 200: Type.Object({ stages: Type.Array(DunningStage) }) }),
};

export const putStagesSchema = {
  operationId: 'setDunningStages', tags, summary: 'Replace the dunning stages (in order of days past due)',
  body: Type.Object({
    stages: Type.Array(Type.Object({
      code: Type.String(), name: Type.String(), daysPastDue: Type.Integer(), nextStep: Type.String(), isActive: Type.Optional(Type.Boolean()),
    }, { additionalProperties: false })),
  }, { additionalProperties: false }),
  response: withErrors({ 200: Type.Object({ stages: Type.Array(DunningStage) }) }),
};

const LetterInvoice = Type.Object({
  invoiceNumber: Type.String(), invoiceDate: Type.String(), dueDate: Type.String(), daysPastDue: Type.Integer(), amountDueCents: Cents,
});
const DunningLetter = Type.Object({
  customerId: Type.Integer(),
  customerNumber: Type.String(),
  stage: Type.Integer(),
  stageCode: Type.String(),
  stageName: Type.String(),
  nextStep: Type.String(),
  letterDate: Type.String(),
  language: Type.String(),
  heldReason: Type.Union([Type.Enum(['returned_mail', 'no_mailing_address']), Type.Null()]),
  address: Type.Object({ name: Type.String(), lines: Type.Array(Type.String()) }),
  invoices: Type.Array(LetterInvoice),
  totalDueCents: Cents,
});

export const runDunningSchema = {
  operationId: 'runDunning', tags,
  summary: 'Record the dunning notices due as of a date (default today) and return the letters',
  description: 'Customers on a collections hold, deceased or in bankruptcy are skipped; letters to customers whose mail ' +
    'comes back (or without an address) are recorded but held. With ?format=pdf the answer is one PDF of every letter ' +
    'to print, a letter per page (the run is recorded either way). Safe to repeat: no invoice gets a stage twice.',
  querystring: Type.Object({ format: Type.Optional(Type.Enum(['json', 'pdf'])) }, { additionalProperties: false }),
  body: AsOfBody,
  response: withErrors({
    200: {
      description: 'The run (JSON), or the letters as one PDF with ?format=pdf',
      content: {
        'application/json': {
          schema: Type.Object({
            runId: NullableInteger,
            asOf: Type.String(),
            noticeCount: Type.Integer(),
            letters: Type.Array(DunningLetter),
            held: Type.Array(DunningLetter),
            skipped: Type.Array(Type.Object({ customerId: Type.Integer(), customerNumber: Type.String(), reason: Type.String(), invoiceNumbers: Type.Array(Type.String()) })),
          }),
        },
        'application/pdf': { schema: Type.String({ format: 'binary' }) },
      },
    },
  }),
};

export const statementPdfSchema = {
  operationId: 'getCustomerStatementPdf', tags: ['billing', 'customers'],
  summary: 'A customer\'s statement for a period as a PDF',
  params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
  querystring: Type.Object({ from: dateText('First day of the period'), to: dateText('Last day of the period') }, { additionalProperties: false }),
  response: withErrors({ 200: Pdf }),
};

/** Schemas of the utility billing routes: set-up for the wizard, bill runs, the register, bills, accounts. */
import { Type } from 'typebox';
import { Cents, dateText, NullableInteger, NullableString, OptionalBody, withErrors } from '../schemas/common.js';

const tags = ['utility'];

const exceptionCodes = ['no_rate', 'no_read', 'read_exception', 'estimated', 'zero', 'negative', 'high'] as const;
const billStatuses = ['tentative', 'held', 'final', 'cancelled'] as const;

const RunKey = Type.Object({
  run: Type.String({ pattern: '^([0-9]{1,12}|[Bb][Rr]-[0-9]{4}-[0-9]{1,10})$', description: 'Bill run id or number (BR-2026-0042)' }),
});
const BillKey = Type.Object({
  bill: Type.String({ pattern: '^([0-9]{1,12}|[Bb]-[0-9]{1,12})$', description: 'Bill id or number (B-1042)' }),
});
const AccountKey = Type.Object({
  account: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9-]{0,29}$', description: 'Utility account id or number' }),
});

export const BillRun = Type.Object({
  id: Type.Integer(),
  runNumber: Type.String(),
  cycleCode: Type.String(),
  throughDate: Type.String(),
  billDate: Type.String(),
  dueDate: Type.String(),
  status: Type.Enum(['calculating', 'tentative', 'finalizing', 'finalized', 'cancelled']),
  accountCount: Type.Integer(),
  billCount: Type.Integer({ description: 'Set when the calculation is done' }),
  exceptionCount: Type.Integer(),
  heldCount: Type.Integer(),
  totalCents: Cents,
  timings: Type.Record(Type.String(), Type.Number(), { description: 'Seconds spent by stage' }),
  createdAt: Type.String(),
  createdBy: Type.String(),
  finalizedAt: NullableString,
  finalizedBy: NullableString,
});

export const RunProgress = Type.Object({
  state: Type.Enum(['running', 'failed', 'stalled', 'idle'], {
    description: 'running: this server works on the run now; failed: its last attempt stopped with an error; stalled: the run is ' +
      'mid-way but no server works on it (a restart): start it again to continue, nothing is billed or posted twice; idle: not mid-way',
  }),
  phase: Type.Union([Type.Enum(['calculate', 'finalize']), Type.Null()]),
  done: Type.Integer({ description: 'Bills calculated or posted so far' }),
  total: Type.Union([Type.Integer(), Type.Null()], { description: 'Bills in all, when known' }),
  startedAt: NullableString,
  error: Type.Union([Type.Object({ code: Type.String(), message: Type.String() }), Type.Null()]),
});

const RunWithProgress = Type.Object({ run: BillRun, progress: RunProgress });
const StartedRun = Type.Object({ run: BillRun, progress: RunProgress, isStarted: Type.Boolean() });

const billSummaryFields = {
  id: Type.Integer(),
  billNumber: Type.String(),
  runId: NullableInteger,
  accountId: Type.Integer(),
  accountNumber: Type.String(),
  customerName: Type.String(),
  serviceAddress: Type.String(),
  billKind: Type.Enum(['regular', 'first', 'final', 'rebill']),
  periodFrom: Type.String(),
  periodTo: Type.String(),
  billDate: Type.String(),
  dueDate: Type.String(),
  status: Type.Enum(billStatuses),
  consumption: NullableString,
  isEstimated: Type.Boolean(),
  currentChargesCents: Cents,
  previousBalanceCents: Cents,
  exceptions: Type.Array(Type.Enum(exceptionCodes)),
  holdReason: NullableString,
  replacesBillId: NullableInteger,
  replacedByBillId: NullableInteger,
};

export const BillSummary = Type.Object(billSummaryFields);

export const BillDetail = Type.Object({
  ...billSummaryFields,
  lines: Type.Array(Type.Object({
    lineNumber: Type.Integer(),
    serviceType: Type.String(),
    component: Type.String(),
    description: Type.String(),
    quantity: NullableString,
    unitPrice: NullableString,
    amountCents: Cents,
    revenueAccount: Type.String(),
  })),
  reads: Type.Array(Type.Object({
    meterSerial: Type.String(),
    unit: Type.String(),
    fromDate: NullableString,
    fromReading: Type.Union([Type.Number(), Type.Null()]),
    toDate: NullableString,
    toReading: Type.Union([Type.Number(), Type.Null()]),
    consumption: Type.String(),
    estimated: Type.Boolean(),
  })),
  cancelReason: NullableString,
  journalEntryId: NullableInteger,
  cancelledEntryId: NullableInteger,
});

/** A utility account as getUtilityAccount answers it (also what start, stop and transfer return). */
export const UtilityAccountDetail = Type.Object({
  id: Type.Integer(),
  accountNumber: Type.String(),
  customerId: Type.Integer(),
  customerName: Type.String(),
  serviceLocationId: Type.Integer(),
  locationNumber: Type.String(),
  serviceAddress: Type.String(),
  classCode: Type.String(),
  cycleCode: Type.String(),
  routeCode: NullableString,
  dwellingUnits: Type.Integer(),
  status: Type.Enum(['active', 'final_billed', 'closed']),
  startedOn: Type.String(),
  stoppedOn: NullableString,
  billedThrough: NullableString,
  paperless: Type.Boolean(),
  balanceCents: Cents,
  agreements: Type.Array(Type.Object({
    id: Type.Integer(), serviceType: Type.String(), rateCode: Type.String(), meterSerial: NullableString,
    startedOn: Type.String(), endedOn: NullableString,
  })),
  deposits: Type.Array(Type.Object({
    id: Type.Integer(), amountCents: Cents, status: Type.String(), appliedCents: Cents, reason: Type.String(),
  })),
});

export const setupSchema = {
  operationId: 'getUtilitySetup', tags, summary: 'Customer classes and billing cycles (with routes and active account counts)',
  response: withErrors({
    200: Type.Object({
      classes: Type.Array(Type.Object({
        code: Type.String(), name: Type.String(), isResidential: Type.Boolean(), tiersPerUnit: Type.Boolean(), depositCents: Cents,
      })),
      cycles: Type.Array(Type.Object({
        code: Type.String(), name: Type.String(), dueDays: Type.Integer(), isActive: Type.Boolean(),
        routes: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })), accountCount: Type.Integer(),
      })),
      fundAccounts: Type.Array(Type.Object({ fundCode: Type.String(), depositsAccountCode: Type.String() })),
    }),
  }),
};

export const listRunsSchema = {
  operationId: 'listBillRuns', tags, summary: 'Bill runs, newest first, with the progress of those under way',
  querystring: Type.Object({
    cycle: Type.Optional(Type.String({ maxLength: 10 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  }, { additionalProperties: false }),
  response: withErrors({ 200: Type.Object({ runs: Type.Array(RunWithProgress) }) }),
};

export const startRunSchema = {
  operationId: 'startBillRun', tags, summary: 'Calculate a cycle\'s tentative bills through a date, in the background',
  description: '202 with the run while it calculates (poll GET /api/utility/bill-runs/{run} for progress); 200 when there is ' +
    'nothing to calculate (the cycle and date have a calculated or finalized run: it is returned). Starting a run that stalled ' +
    '(the server restarted) continues it; no account is billed twice. 400 for an unknown cycle or a bad date; 409 when the ' +
    'cycle has another open run or is billed past the date.',
  body: Type.Object({
    cycleCode: Type.String({ minLength: 1, maxLength: 10 }),
    throughDate: dateText('The last day billed, YYYY-MM-DD'),
    billDate: Type.Optional(Type.Union([dateText('The date on the bills; default today'), Type.Null()])),
  }, { additionalProperties: false }),
  response: withErrors({ 200: StartedRun, 202: StartedRun }),
};

export const getRunSchema = {
  operationId: 'getBillRun', tags, summary: 'A bill run and its progress',
  params: RunKey,
  response: withErrors({ 200: RunWithProgress }),
};

export const finalizeRunSchema = {
  operationId: 'finalizeBillRun', tags, summary: 'Post a run\'s tentative bills to the accounts and the ledger, in the background',
  description: '202 while it posts (poll the run); 200 when the run is finalized already. Held bills stay out (each posts when ' +
    'released). Finalizing again after a stop continues; nothing posts twice. 409 while the run still calculates.',
  params: RunKey,
  body: OptionalBody(Type.Object({}, { additionalProperties: false })),
  response: withErrors({ 200: StartedRun, 202: StartedRun }),
};

export const registerSchema = {
  operationId: 'getBillRegister', tags, summary: 'The pre-bill register of a run',
  description: 'Totals by service and revenue account and by status, exception counts, and the bills: by default those with ' +
    'an exception or a hold; all=true for every bill. Filtered by exception or status; paged by offset and limit (at most 1,000).',
  params: RunKey,
  querystring: Type.Object({
    exception: Type.Optional(Type.Enum(exceptionCodes)),
    status: Type.Optional(Type.Enum(billStatuses)),
    all: Type.Optional(Type.Boolean()),
    offset: Type.Optional(Type.Integer({ minimum: 0 })),
    limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
  }, { additionalProperties: false }),
  response: withErrors({
    200: Type.Object({
      run: BillRun,
      byService: Type.Array(Type.Object({ serviceType: Type.String(), revenueAccount: Type.String(), lineCount: Type.Integer(), amountCents: Cents })),
      byStatus: Type.Array(Type.Object({ status: Type.Enum(billStatuses), count: Type.Integer(), amountCents: Cents })),
      exceptions: Type.Array(Type.Object({ code: Type.Enum(exceptionCodes), count: Type.Integer() })),
      bills: Type.Array(BillSummary),
      billsTotal: Type.Integer({ description: 'Bills matching the filter, all pages' }),
    }),
  }),
};

export const getBillSchema = {
  operationId: 'getBill', tags, summary: 'A bill with its charge lines and reads',
  params: BillKey,
  response: withErrors({ 200: BillDetail }),
};

export const billPdfSchema = {
  operationId: 'getBillPdf', tags, summary: 'The bill as a PDF (Letter, with the remittance stub); marked COPY',
  params: BillKey,
  response: withErrors({ 200: { description: 'A PDF document as an attachment', content: { 'application/pdf': { schema: Type.String({ format: 'binary' }) } } } }),
};

export const holdBillSchema = {
  operationId: 'holdBill', tags, summary: 'Hold a tentative bill out of its run (a reason is required)',
  params: BillKey,
  body: Type.Object({ reason: Type.String({ maxLength: 500 }) }, { additionalProperties: false }),
  response: withErrors({ 200: BillDetail }),
};

export const releaseBillSchema = {
  operationId: 'releaseBill', tags, summary: 'Release a held bill',
  description: 'Tentative again while its run is under review; posted at once when the run is finalized. 409 while a read of ' +
    'the bill awaits review, or when the bill comes to less than zero.',
  params: BillKey,
  body: OptionalBody(Type.Object({ note: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])) }, { additionalProperties: false })),
  response: withErrors({ 200: BillDetail }),
};

export const cancelBillSchema = {
  operationId: 'cancelBill', tags, summary: 'Cancel a final bill (its charge reversed) and, by default, rebill it',
  description: 'The corrected bill is calculated from today\'s reads and rates for the same period and posted; the two bills ' +
    'name each other. rebill=false only cancels (a bill sent in error). 409 for a bill that is not final or is followed by a ' +
    'later final bill.',
  params: BillKey,
  body: Type.Object({
    reason: Type.String({ maxLength: 500 }),
    rebill: Type.Optional(Type.Boolean()),
    on: Type.Optional(Type.Union([dateText('The reversal and rebill date; default today'), Type.Null()])),
  }, { additionalProperties: false }),
  response: withErrors({ 200: Type.Object({ cancelled: BillDetail, corrected: Type.Union([BillDetail, Type.Null()]) }) }),
};

export const getAccountSchema = {
  operationId: 'getUtilityAccount', tags, summary: 'A utility account: location, class, cycle, services and meters, balance, recent bills',
  params: AccountKey,
  response: withErrors({
    200: Type.Object({
      account: UtilityAccountDetail,
      meters: Type.Array(Type.Object({
        serial: Type.String(), size: Type.String(), dials: Type.Integer(), multiplier: Type.String(), unit: Type.String(),
        status: Type.String(), manufacturer: NullableString, installedOn: NullableString,
      })),
      bills: Type.Array(BillSummary),
    }),
  }),
};

/**
 * Payment arrangements: a preview (the installments of the account's past-due balance), making
 * one (one active per account; attached to the open collection case; a confirmation letter and a
 * timeline event; audited), cancelling one with a reason, reading and listing them. Standing and
 * default detection are in arrangement-standing.ts, the schedule in arrangement-schedule.ts.
 *
 * The principal is the account's past-due balance on the day the arrangement starts (what the
 * delinquency chain acts on: `loadDelinquency` in delinquency.ts). Current charges billed after that are not part of it: SB 998 asks
 * the customer to keep paying them too (arrangement-standing.ts).
 *
 * A reduced arrangement forgives nothing by itself. The clerk states the reduced principal the
 * installments pay; the difference stays owed on the account until a write-off of exactly that
 * amount is approved through receivables' maker-checker (approval kind receivables.write_off),
 * which the clerk files first and names here (writeOffRequestId, pending or approved). SB 998
 * says a reduction is "financed without additional charges to other ratepayers", so it has to be
 * a decision someone with authority approves and the ledger shows, not a quiet smaller number.
 *
 * Errors: invalid_input (field named: months, arrangementType, firstDueOn, dueDates,
 * reducedPrincipalCents, writeOffRequestId, reason), not_found, conflict (an active arrangement
 * already, nothing past due, not active).
 */
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit, recordRefusal } from '../shared/audit.js';
import { cityDateOf, parseIsoDate, type IsoDate } from '../shared/dates.js';
import { inTransaction, type Database, type Executor, type Tx } from '../shared/db.js';
import { AppError, invalidInput, notFound } from '../shared/errors.js';
import { asRecord, optionalDate, Problems, text } from '../shared/input.js';
import { cents, formatDollars, parseCents, subtractCents, type Cents } from '../shared/money.js';
import { getSettings } from '../settings/index.js';
import { scheduleInstallments, type InstallmentDue, type Installment } from './arrangement-schedule.js';
import { loadDelinquency } from './delinquency.js';
import { insertNotices, recordEvents } from './notices.js';
import { arrangementTypes, type ArrangementType } from './types.js';

export const arrangementStatuses = ['active', 'completed', 'defaulted', 'cancelled'] as const;
export type ArrangementStatus = (typeof arrangementStatuses)[number];

export interface ArrangementRequest {
  /** The utility account: its id or account number. */
  accountId: number | string;
  months: number;
  type: ArrangementType;
  dueWithBills: boolean;
  /** Own dates: the first installment's due date (monthly after). With bills: the earliest (a deferral). */
  firstDueOn?: IsoDate | null;
  /** Own dates given one by one (instead of firstDueOn). */
  dueDates?: readonly IsoDate[] | null;
  /** A reduced arrangement: what the installments pay (less than the past-due balance). */
  reducedPrincipalCents?: Cents | null;
  /** A reduced arrangement: the receivables.write_off approval request for the difference. */
  writeOffRequestId?: number | null;
  asOf: IsoDate;
}

export interface ArrangementProposal {
  accountId: number;
  accountNumber: string;
  customerName: string;
  arrangementType: ArrangementType;
  /** The account's past-due balance on asOf. */
  pastDueCents: Cents;
  /** What the installments pay: the past-due balance, or the reduced principal. */
  principalCents: Cents;
  /** Past due less principal (reduced only): stays owed until its write-off is approved. */
  reductionCents: Cents;
  months: number;
  maxMonths: number;
  dueWithBills: boolean;
  startsOn: IsoDate;
  caseId: number | null;
  installments: Installment[];
}

export interface Arrangement {
  id: number;
  arrangementNumber: string;
  accountId: number;
  accountNumber: string;
  customerName: string;
  caseId: number | null;
  arrangementType: ArrangementType;
  status: ArrangementStatus;
  principalCents: Cents;
  reductionCents: Cents;
  writeOffRequestId: number | null;
  startsOn: IsoDate;
  dueWithBills: boolean;
  defaultSince: IsoDate | null;
  endedOn: IsoDate | null;
  endReason: string | null;
  endedBy: string | null;
  createdAt: string;
  createdBy: string;
  installments: Installment[];
}

interface AccountRow {
  id: number;
  accountNumber: string;
  customerName: string;
  dueDays: number;
  lastBillDueOn: IsoDate | null;
  caseId: number | null;
}

/** The utility account with what a schedule needs: its cycle's due days, its last bill, its open case. */
async function findAccount(db: Executor, key: number | string, field = 'accountId'): Promise<AccountRow> {
  const textKey = String(key).trim();
  if (textKey === '') throw invalidInput(field, 'an account is required');
  const byId = /^[0-9]{1,15}$/.test(textKey);
  const result = await sql<AccountRow>`select u.id, r.account_number as "accountNumber", c.legal_name as "customerName",
      coalesce(bc.due_days, 21) as "dueDays",
      (select b.due_date::text from bill b where b.utility_account_id = u.id and b.status = 'final'
        order by b.bill_date desc, b.id desc limit 1) as "lastBillDueOn",
      (select cc.id from collection_case cc where cc.utility_account_id = u.id and cc.status = 'open') as "caseId"
    from utility_account u join receivable_account r on r.id = u.id join customer c on c.id = r.customer_id
    left join billing_cycle bc on bc.code = u.cycle_code
    where ${byId ? sql`u.id = ${Number(textKey)}` : sql`r.account_number = ${textKey.toUpperCase()}`}`.execute(db);
  const row = result.rows[0];
  if (!row) throw notFound('utility account', textKey);
  return row;
}

/** Checks the shape of a request from HTTP, the CLI or a test; every wrong field named at once. */
export function parseArrangementRequest(value: unknown): ArrangementRequest {
  const raw = asRecord(value, 'arrangement');
  const problems = new Problems();
  const accountId = raw.accountId ?? raw.account;
  if (accountId === undefined || accountId === null || accountId === '') problems.add('accountId', 'is required');
  const months = Number(raw.months);
  if (!Number.isSafeInteger(months) || months < 1) problems.add('months', 'must be a whole number of months (1 or more)');
  const type = raw.type ?? raw.arrangementType ?? 'amortization';
  if (!arrangementTypes.includes(type as ArrangementType)) problems.add('type', `must be one of ${arrangementTypes.join(', ')}`);
  const dueWithBills = raw.dueWithBills === true || raw.dueWithBills === 'true';
  const firstDueOn = optionalDate(raw.firstDueOn, 'firstDueOn', problems);
  let dueDates: IsoDate[] | null = null;
  if (Array.isArray(raw.dueDates) && raw.dueDates.length > 0) {
    dueDates = raw.dueDates.map((date, index) => problems.attempt(() => parseIsoDate(date, `dueDates[${index}]`)) as IsoDate);
  }
  const reduced = raw.reducedPrincipalCents === undefined || raw.reducedPrincipalCents === null || raw.reducedPrincipalCents === ''
    ? null : problems.attempt(() => parseCents(raw.reducedPrincipalCents, 'reducedPrincipalCents')) ?? null;
  const writeOffRequestId = raw.writeOffRequestId === undefined || raw.writeOffRequestId === null || raw.writeOffRequestId === ''
    ? null : Number(raw.writeOffRequestId);
  if (writeOffRequestId !== null && !Number.isSafeInteger(writeOffRequestId)) problems.add('writeOffRequestId', 'must be the number of an approval request');
  const asOf = optionalDate(raw.asOf, 'asOf', problems) ?? cityDateOf(new Date());
  problems.throwIfAny();
  return {
    accountId: accountId as number | string, months, type: type as ArrangementType, dueWithBills, firstDueOn, dueDates,
    reducedPrincipalCents: reduced, writeOffRequestId, asOf,
  };
}

function checkRequestShape(request: ArrangementRequest): void {
  if (request.dueWithBills && request.dueDates && request.dueDates.length > 0) {
    throw invalidInput('dueDates', 'installments due with the bills take the bills\' due dates; give no dates of your own');
  }
  if (!request.dueWithBills && !request.firstDueOn && !(request.dueDates && request.dueDates.length > 0)) {
    throw invalidInput('firstDueOn', 'installments on their own dates need a first due date (or the dates)');
  }
  if (request.type !== 'reduced' && request.reducedPrincipalCents !== null && request.reducedPrincipalCents !== undefined) {
    throw invalidInput('reducedPrincipalCents', 'only a reduced arrangement has a reduced principal');
  }
  if (request.type === 'reduced' && (request.reducedPrincipalCents === null || request.reducedPrincipalCents === undefined)) {
    throw invalidInput('reducedPrincipalCents', 'a reduced arrangement states the reduced principal the installments pay');
  }
}

function dueOf(request: ArrangementRequest, account: AccountRow): InstallmentDue {
  if (request.dueWithBills) return { kind: 'with_bills', lastBillDueOn: account.lastBillDueOn, dueDays: account.dueDays };
  if (request.dueDates && request.dueDates.length > 0) return { kind: 'dates', dueDates: request.dueDates };
  return { kind: 'monthly', firstDueOn: request.firstDueOn as IsoDate };
}

/**
 * The arrangement that would be made: the principal (the account's past-due balance on asOf, or
 * the reduced principal) and its installments. Writes nothing.
 */
export async function proposeArrangement(db: Executor, request: ArrangementRequest): Promise<ArrangementProposal> {
  checkRequestShape(request);
  const account = await findAccount(db, request.accountId);
  const [delinquency] = await loadDelinquency(db, { asOf: request.asOf, accountIds: [account.id] });
  const pastDueCents = delinquency?.pastDueCents ?? cents(0);
  if (pastDueCents <= 0) {
    throw new AppError('conflict', `Account ${account.accountNumber} has nothing past due on ${request.asOf} to arrange`, { field: 'accountId' });
  }
  let principalCents = pastDueCents;
  if (request.type === 'reduced') {
    const reduced = request.reducedPrincipalCents as Cents;
    if (reduced <= 0 || reduced >= pastDueCents) {
      throw invalidInput('reducedPrincipalCents', `must be more than $0.00 and less than the ${formatDollars(pastDueCents)} past due`);
    }
    principalCents = reduced;
  }
  const maxMonths = (await getSettings(db))['collections.arrangement_max_months'];
  const installments = scheduleInstallments({
    arrangementType: request.type, principalCents, months: request.months, maxMonths, startsOn: request.asOf,
    due: dueOf(request, account), firstDueOn: request.firstDueOn ?? null,
  });
  return {
    accountId: account.id, accountNumber: account.accountNumber, customerName: account.customerName, arrangementType: request.type,
    pastDueCents, principalCents, reductionCents: subtractCents(pastDueCents, principalCents), months: request.months, maxMonths,
    dueWithBills: request.dueWithBills, startsOn: request.asOf, caseId: account.caseId, installments,
  };
}

/** A reduction needs a live write-off request of this account for exactly the difference. */
async function checkWriteOffRequest(tx: Tx, proposal: ArrangementProposal, requestId: number | null | undefined): Promise<void> {
  if (requestId === null || requestId === undefined) {
    throw invalidInput('writeOffRequestId', `the ${formatDollars(proposal.reductionCents)} reduction is not forgiven by the arrangement: `
      + 'file a write-off of it for approval (receivables) and name the request here');
  }
  const result = await sql<{ status: string; amountCents: number | null; account: string | null; used: boolean }>`
    select r.status, coalesce(r.amount_cents, (r.payload ->> 'amountCents')::bigint) as "amountCents", r.payload ->> 'account' as account,
      exists (select 1 from payment_arrangement p where p.write_off_request_id = r.id and p.status <> 'cancelled') as used
    from approval_request r where r.id = ${requestId} and r.kind = 'receivables.write_off'`.execute(tx);
  const row = result.rows[0];
  if (!row) throw invalidInput('writeOffRequestId', `no write-off request ${requestId}`);
  if (row.status !== 'pending' && row.status !== 'approved') throw invalidInput('writeOffRequestId', `write-off request ${requestId} is ${row.status}`);
  if (row.account !== String(proposal.accountId) && row.account?.toUpperCase() !== proposal.accountNumber) {
    throw invalidInput('writeOffRequestId', `write-off request ${requestId} is for another account`);
  }
  if (Number(row.amountCents) !== proposal.reductionCents) {
    throw invalidInput('writeOffRequestId', `write-off request ${requestId} is for ${formatDollars(cents(Number(row.amountCents ?? 0)))}, `
      + `not the ${formatDollars(proposal.reductionCents)} reduction`);
  }
  if (row.used) throw invalidInput('writeOffRequestId', `write-off request ${requestId} already covers another arrangement`);
}

async function insertArrangement(tx: Tx, proposal: ArrangementProposal, writeOffRequestId: number | null, actor: Actor): Promise<number> {
  const inserted = await sql<{ id: number }>`insert into payment_arrangement (arrangement_number, utility_account_id, case_id,
      arrangement_type, principal_cents, starts_on, due_with_bills, reduction_cents, write_off_request_id, created_by)
    values ('PA-' || lpad(nextval('payment_arrangement_number_seq')::text, 6, '0'), ${proposal.accountId}, ${proposal.caseId},
      ${proposal.arrangementType}, ${proposal.principalCents}, ${proposal.startsOn}::date, ${proposal.dueWithBills},
      ${proposal.reductionCents}, ${writeOffRequestId}, ${actor.username})
    returning id`.execute(tx);
  const id = inserted.rows[0]?.id as number;
  const rows = proposal.installments;
  await sql`insert into arrangement_installment (arrangement_id, installment_number, due_on, amount_cents)
    select ${id}, n, d, a from unnest(${rows.map((row) => row.installmentNumber)}::integer[], ${rows.map((row) => row.dueOn)}::date[],
      ${rows.map((row) => row.amountCents)}::bigint[]) as t (n, d, a)`.execute(tx);
  return id;
}

/**
 * Makes an arrangement from a request (see parseArrangementRequest): one active per account
 * (the account row is locked, so two clerks cannot both make one), attached to the open case,
 * with a timeline event and a confirmation letter (notice type arrangement_offer) listing the
 * installments. Audited.
 */
export async function createArrangement(database: Database, options: { input: unknown; actor: Actor }): Promise<Arrangement> {
  return auditRefusal(database, options.actor, 'collections.create_arrangement', 'payment_arrangement', () => makeArrangement(database, options));
}

async function makeArrangement(database: Database, options: { input: unknown; actor: Actor }): Promise<Arrangement> {
  const request = parseArrangementRequest(options.input);
  return inTransaction(database, async (tx) => {
    const account = await findAccount(tx, request.accountId);
    await sql`select id from utility_account where id = ${account.id} for update`.execute(tx);
    const active = await sql<{ number: string }>`select arrangement_number as number from payment_arrangement
      where utility_account_id = ${account.id} and status = 'active'`.execute(tx);
    if (active.rows[0]) {
      throw new AppError('conflict', `Account ${account.accountNumber} already has arrangement ${active.rows[0].number}`, { field: 'accountId' });
    }
    const proposal = await proposeArrangement(tx, { ...request, accountId: account.id });
    const writeOffRequestId = proposal.reductionCents > 0 ? request.writeOffRequestId ?? null : null;
    if (proposal.reductionCents > 0) await checkWriteOffRequest(tx, proposal, writeOffRequestId);
    const id = await insertArrangement(tx, proposal, writeOffRequestId, options.actor);
    const arrangement = await getArrangement(tx, id);
    const schedule = proposal.installments.map((row) => ({ number: row.installmentNumber, dueOn: row.dueOn, amount: formatDollars(row.amountCents) }));
    await recordEvents(tx, [{
      utilityAccountId: account.id, caseId: proposal.caseId, eventType: 'arrangement_made', eventDate: request.asOf,
      summary: `Payment arrangement ${arrangement.arrangementNumber}: ${formatDollars(proposal.principalCents)} in ${proposal.months} `
        + `installments${proposal.dueWithBills ? ' due with the bills' : ''}${proposal.reductionCents > 0
          ? `; ${formatDollars(proposal.reductionCents)} reduction awaiting write-off approval (request ${writeOffRequestId})` : ''}`,
      details: { arrangementNumber: arrangement.arrangementNumber, arrangementType: proposal.arrangementType },
    }], options.actor.username);
    await insertNotices(tx, [{
      caseId: proposal.caseId, utilityAccountId: account.id, noticeType: 'arrangement_offer', noticeDate: request.asOf, delivery: 'mail',
      amountDueCents: proposal.principalCents,
      data: { arrangementNumber: arrangement.arrangementNumber, arrangementType: proposal.arrangementType, principal: formatDollars(proposal.principalCents),
        installments: schedule, dueWithBills: proposal.dueWithBills, keepCurrent: 'Current bills must also be paid by their due dates.' },
    }], options.actor.username);
    await recordAudit(tx, { actor: options.actor, action: 'collections.create_arrangement', entityType: 'payment_arrangement',
      entityId: arrangement.arrangementNumber, after: arrangement, details: { pastDueCents: proposal.pastDueCents } });
    return arrangement;
  });
}

/** Cancels an active arrangement with a reason (the chain resumes on the account). Audited. */
export async function cancelArrangement(
  database: Database,
  options: { arrangementKey: number | string; reason: unknown; actor: Actor; asOf?: IsoDate },
): Promise<Arrangement> {
  return auditRefusal(database, options.actor, 'collections.cancel_arrangement', 'payment_arrangement', async () => {
    const problems = new Problems();
    const reason = text(options.reason, 'reason', problems, { required: true, max: 500 });
    problems.throwIfAny();
    const asOf = options.asOf ?? cityDateOf(new Date());
    return inTransaction(database, async (tx) => {
      const before = await getArrangement(tx, options.arrangementKey);
      await sql`select id from payment_arrangement where id = ${before.id} for update`.execute(tx);
      const current = await getArrangement(tx, before.id);
      if (current.status !== 'active') {
        throw new AppError('conflict', `Arrangement ${current.arrangementNumber} is ${current.status}; only an active one can be cancelled`, { field: 'arrangement' });
      }
      await sql`update payment_arrangement set status = 'cancelled', ended_on = ${asOf}::date, end_reason = ${reason}, ended_by = ${options.actor.username}
        where id = ${current.id}`.execute(tx);
      const after = await getArrangement(tx, current.id);
      await recordEvents(tx, [{ utilityAccountId: after.accountId, caseId: after.caseId, eventType: 'arrangement_cancelled', eventDate: asOf,
        summary: `Payment arrangement ${after.arrangementNumber} cancelled: ${reason}`, details: { arrangementNumber: after.arrangementNumber } }], options.actor.username);
      await recordAudit(tx, { actor: options.actor, action: 'collections.cancel_arrangement', entityType: 'payment_arrangement',
        entityId: after.arrangementNumber, before: current, after, details: { reason } });
      return after;
    });
  }, String(options.arrangementKey));
}

/**
 * Runs a writer; a refusal (an AppError: bad input, a conflict) is audited as refused in a
 * transaction of its own, then rethrown. Programmer errors and database failures pass untouched.
 */
export async function auditRefusal<T>(
  database: Database, actor: Actor, action: string, entityType: string, work: () => Promise<T>, entityId: string | null = null,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) {
      await recordRefusal(database, { actor, action, entityType, entityId, details: { code: error.code, message: error.message, ...error.details } });
    }
    throw error;
  }
}

type ArrangementRow = Omit<Arrangement, 'installments' | 'createdAt'> & { createdAt: Date };

const arrangementSelect = sql`select p.id, p.arrangement_number as "arrangementNumber", p.utility_account_id as "accountId",
    r.account_number as "accountNumber", c.legal_name as "customerName", p.case_id as "caseId", p.arrangement_type as "arrangementType",
    p.status, p.principal_cents as "principalCents", p.reduction_cents as "reductionCents", p.write_off_request_id as "writeOffRequestId",
    p.starts_on::text as "startsOn", p.due_with_bills as "dueWithBills", p.default_since::text as "defaultSince",
    p.ended_on::text as "endedOn", p.end_reason as "endReason", p.ended_by as "endedBy", p.created_at as "createdAt", p.created_by as "createdBy"
  from payment_arrangement p join receivable_account r on r.id = p.utility_account_id join customer c on c.id = r.customer_id`;

async function withInstallments(db: Executor, rows: readonly ArrangementRow[]): Promise<Arrangement[]> {
  if (rows.length === 0) return [];
  const installments = await sql<Installment & { arrangementId: number }>`select arrangement_id as "arrangementId",
      installment_number as "installmentNumber", due_on::text as "dueOn", amount_cents as "amountCents"
    from arrangement_installment where arrangement_id = any(${rows.map((row) => row.id)}::bigint[])
    order by arrangement_id, installment_number`.execute(db);
  const byArrangement = new Map<number, Installment[]>();
  for (const { arrangementId, ...installment } of installments.rows) {
    const list = byArrangement.get(arrangementId) ?? [];
    list.push({ ...installment, amountCents: cents(Number(installment.amountCents)) });
    byArrangement.set(arrangementId, list);
  }
  return rows.map((row) => ({
    ...row,
    principalCents: cents(Number(row.principalCents)),
    reductionCents: cents(Number(row.reductionCents)),
    createdAt: row.createdAt.toISOString(),
    installments: byArrangement.get(row.id) ?? [],
  }));
}

/** One arrangement by number (PA-100001) or id, with its installments. */
export async function getArrangement(db: Executor, key: number | string): Promise<Arrangement> {
  const textKey = String(key).trim().toUpperCase();
  const byNumber = textKey.startsWith('PA-');
  if (!byNumber && !/^[0-9]{1,15}$/.test(textKey)) throw notFound('payment arrangement', String(key));
  const result = await sql<ArrangementRow>`${arrangementSelect}
    where ${byNumber ? sql`p.arrangement_number = ${textKey}` : sql`p.id = ${Number(textKey)}`}`.execute(db);
  const [arrangement] = await withInstallments(db, result.rows);
  if (!arrangement) throw notFound('payment arrangement', String(key));
  return arrangement;
}

export interface ArrangementFilter {
  status?: ArrangementStatus | null;
  /** Only arrangements behind (default_since set by the daily job). */
  inDefault?: boolean | null;
  account?: number | string | null;
  limit?: number;
}

/** Arrangements by the filters, newest first. */
export async function listArrangements(db: Executor, filter: ArrangementFilter = {}): Promise<Arrangement[]> {
  const account = filter.account === undefined || filter.account === null || filter.account === '' ? null : String(filter.account).trim().toUpperCase();
  const limit = Math.min(Math.max(filter.limit ?? 200, 1), 1000);
  const result = await sql<ArrangementRow>`${arrangementSelect}
    where (${filter.status ?? null}::text is null or p.status = ${filter.status ?? null}::text)
      and (${filter.inDefault ?? null}::boolean is null or (p.default_since is not null) = ${filter.inDefault ?? null}::boolean)
      and (${account}::text is null or r.account_number = ${account}::text or p.utility_account_id::text = ${account}::text)
    order by p.id desc
    limit ${limit}`.execute(db);
  return withInstallments(db, result.rows);
}

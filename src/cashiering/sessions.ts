/**
 * Drawer sessions: a cashier opens a drawer with a counted float, takes payments into the
 * session's counter batch, and closes with a blind count (the cashier counts before seeing what the
 * system expects). The difference is the over/short, posted to the over/short account against the
 * undeposited funds; beyond the threshold a supervisor (never the cashier) signs it off. A relief
 * cashier takes over by closing the first session and opening a linked one.
 * Errors: invalid_input, not_found, conflict, forbidden, period_closed.
 */
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import type { Clock, IsoDate } from '../shared/dates.js';
import { inTransaction, type Database, type Executor, type Tx } from '../shared/db.js';
import { AppError, invalidFields, notFound } from '../shared/errors.js';
import { asRecord, Problems, text } from '../shared/input.js';
import { cents, formatDollars, parseCents, type Cents } from '../shared/money.js';
import { normalizeEntry, postNormalizedEntry } from '../ledger/index.js';
import { nextBatchNumber } from './batches.js';
import { getCashieringSetup, listDrawers, requireDrawer, undepositedAccounts } from './setup.js';
import { countTotals, parseDenominationCount, type DenominationCount } from './tenders.js';

export interface TenderTotals {
  cashCents: Cents;
  checkCents: Cents;
  checkCount: number;
  moneyOrderCents: Cents;
  cardCents: Cents;
  achCents: Cents;
  changeCents: Cents;
}

export interface DrawerSession {
  id: number;
  batchId: number;
  batchNumber: string;
  batchStatus: 'open' | 'closed';
  businessDate: IsoDate;
  drawerCode: string;
  drawerName: string;
  cashier: string;
  status: 'open' | 'closed';
  openingCount: DenominationCount;
  openingFloatCents: Cents;
  openedAt: string;
  relievesSessionId: number | null;
  transactionCount: number;
  receiptsCents: Cents;
  /** Takings so far by tender (voided transactions excluded). */
  tenders: TenderTotals;
  /** What should be in the drawer: the float plus cash taken less change given. */
  expectedCashCents: Cents;
  closing: null | {
    closingCount: DenominationCount;
    countedCashCents: Cents;
    countedChecksCents: Cents;
    countedOtherCents: Cents;
    expectedCashCents: Cents;
    expectedChecksCents: Cents;
    expectedOtherCents: Cents;
    overShortCents: Cents;
    overShortEntryId: number | null;
    closedAt: string;
  };
  signOffStatus: 'none' | 'required' | 'signed_off';
  signedOffBy: string | null;
  signOffNote: string | null;
}

interface SessionDbRow extends Omit<DrawerSession, 'tenders' | 'expectedCashCents' | 'closing' | 'openedAt' | 'transactionCount' | 'receiptsCents'> {
  openedAt: Date;
  closedAt: Date | null;
  closingCount: DenominationCount | null;
  countedCashCents: Cents | null;
  countedChecksCents: Cents | null;
  countedOtherCents: Cents | null;
  expectedCashCentsClosed: Cents | null;
  expectedChecksCents: Cents | null;
  expectedOtherCents: Cents | null;
  overShortCents: Cents | null;
  overShortEntryId: number | null;
}

const sessionSelect = sql`select s.id, s.batch_id as "batchId", b.batch_number as "batchNumber", b.status as "batchStatus",
    b.business_date as "businessDate", d.code as "drawerCode", d.name as "drawerName", s.cashier, s.status,
    s.opening_count as "openingCount", s.opening_float_cents as "openingFloatCents", s.opened_at as "openedAt",
    s.relieves_session_id as "relievesSessionId", s.closing_count as "closingCount", s.counted_cash_cents as "countedCashCents",
    s.counted_checks_cents as "countedChecksCents", s.counted_other_cents as "countedOtherCents",
    s.expected_cash_cents as "expectedCashCentsClosed", s.expected_checks_cents as "expectedChecksCents",
    s.expected_other_cents as "expectedOtherCents", s.over_short_cents as "overShortCents",
    s.over_short_entry_id as "overShortEntryId", s.closed_at as "closedAt", s.sign_off_status as "signOffStatus",
    s.signed_off_by as "signedOffBy", s.sign_off_note as "signOffNote"
  from drawer_session s join payment_batch b on b.id = s.batch_id join cash_drawer d on d.id = s.drawer_id`;

/** Takings of batches by tender, voided transactions excluded; one query for any number of batches. */
export async function batchTenderTotals(db: Executor, batchIds: readonly number[]): Promise<Map<number, TenderTotals & { count: number; totalCents: Cents }>> {
  const result = await sql<{ batchId: number; type: string | null; amount: number; checks: number; count: number; change: number; total: number }>`
    with tx as (
      select x.id, x.batch_id, x.change_cents, x.total_cents from cash_transaction x
      where x.batch_id = any(${[...batchIds]}::bigint[]) and x.status <> 'voided'
    )
    select b.batch_id as "batchId", t.tender_type as type, coalesce(sum(t.amount_cents), 0)::bigint as amount,
      count(t.*)::int as checks, 0 as count, 0 as change, 0 as total
    from tx b join cash_tender t on t.transaction_id = b.id group by b.batch_id, t.tender_type
    union all
    select batch_id, null, 0, 0, count(*)::int, coalesce(sum(change_cents), 0)::bigint, coalesce(sum(total_cents), 0)::bigint
    from tx group by batch_id`.execute(db);
  const totals = new Map<number, TenderTotals & { count: number; totalCents: Cents }>();
  const zero = (): TenderTotals & { count: number; totalCents: Cents } => ({
    cashCents: cents(0), checkCents: cents(0), checkCount: 0, moneyOrderCents: cents(0), cardCents: cents(0), achCents: cents(0),
    changeCents: cents(0), count: 0, totalCents: cents(0),
  });
  for (const row of result.rows) {
    const entry = totals.get(row.batchId) ?? zero();
    totals.set(row.batchId, entry);
    if (row.type === null) {
      entry.count = row.count;
      entry.changeCents = cents(row.change);
      entry.totalCents = cents(row.total);
    } else if (row.type === 'cash') entry.cashCents = cents(row.amount);
    else if (row.type === 'check') {
      entry.checkCents = cents(row.amount);
      entry.checkCount = row.checks;
    } else if (row.type === 'money_order') entry.moneyOrderCents = cents(row.amount);
    else if (row.type === 'card') entry.cardCents = cents(row.amount);
    else if (row.type === 'ach') entry.achCents = cents(row.amount);
  }
  for (const id of batchIds) if (!totals.has(id)) totals.set(id, zero());
  return totals;
}

async function toSessions(db: Executor, rows: SessionDbRow[]): Promise<DrawerSession[]> {
  const totals = await batchTenderTotals(db, rows.map((row) => row.batchId));
  return rows.map((row) => {
    const tenders = totals.get(row.batchId) as TenderTotals & { count: number; totalCents: Cents };
    const { count, totalCents, ...tenderTotals } = tenders;
    return {
      id: row.id,
      batchId: row.batchId,
      batchNumber: row.batchNumber,
      batchStatus: row.batchStatus,
      businessDate: row.businessDate,
      drawerCode: row.drawerCode,
      drawerName: row.drawerName,
      cashier: row.cashier,
      status: row.status,
      openingCount: row.openingCount,
      openingFloatCents: row.openingFloatCents,
      openedAt: row.openedAt.toISOString(),
      relievesSessionId: row.relievesSessionId,
      transactionCount: count,
      receiptsCents: totalCents,
      tenders: tenderTotals,
      expectedCashCents: cents(row.openingFloatCents + tenders.cashCents - tenders.changeCents),
      closing: row.closedAt
        ? {
            closingCount: row.closingCount ?? {},
            countedCashCents: row.countedCashCents as Cents,
            countedChecksCents: row.countedChecksCents as Cents,
            countedOtherCents: row.countedOtherCents as Cents,
            expectedCashCents: row.expectedCashCentsClosed as Cents,
            expectedChecksCents: row.expectedChecksCents as Cents,
            expectedOtherCents: row.expectedOtherCents as Cents,
            overShortCents: row.overShortCents as Cents,
            overShortEntryId: row.overShortEntryId,
            closedAt: row.closedAt.toISOString(),
          }
        : null,
      signOffStatus: row.signOffStatus,
      signedOffBy: row.signedOffBy,
      signOffNote: row.signOffNote,
    };
  });
}

export async function getDrawerSession(db: Executor, id: number): Promise<DrawerSession> {
  const result = await sql<SessionDbRow>`${sessionSelect} where s.id = ${id}`.execute(db);
  const row = result.rows[0];
  if (!row) throw notFound('drawer session', id);
  return (await toSessions(db, [row]))[0] as DrawerSession;
}

/** The cashier's open session, if any: where their counter payments go. */
export async function findOpenSession(db: Executor, cashier: string): Promise<DrawerSession | null> {
  const result = await sql<SessionDbRow>`${sessionSelect} where s.cashier = ${cashier} and s.status = 'open'`.execute(db);
  const row = result.rows[0];
  return row ? ((await toSessions(db, [row]))[0] as DrawerSession) : null;
}

export async function listDrawerSessions(
  db: Executor,
  filter: { businessDate?: IsoDate | null; status?: 'open' | 'closed' | null; signOff?: 'required' | null; cashier?: string | null } = {},
): Promise<DrawerSession[]> {
  const result = await sql<SessionDbRow>`${sessionSelect}
    where (${filter.businessDate ?? null}::date is null or b.business_date = ${filter.businessDate ?? null})
      and (${filter.status ?? null}::text is null or s.status = ${filter.status ?? null})
      and (${filter.signOff ?? null}::text is null or s.sign_off_status = ${filter.signOff ?? null})
      and (${filter.cashier ?? null}::text is null or s.cashier = ${filter.cashier ?? null})
    order by b.business_date desc, s.id desc limit 200`.execute(db);
  return toSessions(db, result.rows);
}

export async function openDrawerSession(
  database: Database,
  options: { input: unknown; actor: Actor; clock: Clock },
): Promise<DrawerSession> {
  const raw = asRecord(options.input, 'drawer session');
  const problems = new Problems();
  const drawerCode = text(raw.drawer, 'drawer', problems, { required: true, max: 16 });
  const opening = problems.attempt(() => parseDenominationCount(raw.openingCount ?? {}, 'openingCount'));
  const relieves = raw.relievesSessionId === undefined || raw.relievesSessionId === null ? null : Number(raw.relievesSessionId);
  if (relieves !== null && !Number.isSafeInteger(relieves)) problems.add('relievesSessionId', 'must be a session id');
  problems.throwIfAny();
  const businessDate = options.clock.today();
  return inTransaction(database, async (tx) => {
    const drawer = requireDrawer(await listDrawers(tx), drawerCode as string);
    const busy = await sql<{ cashier: string; drawer: string }>`select s.cashier, d.code as drawer from drawer_session s
      join cash_drawer d on d.id = s.drawer_id where s.status = 'open' and (s.drawer_id = ${drawer.id} or s.cashier = ${options.actor.username})`.execute(tx);
    for (const row of busy.rows) {
      if (row.cashier === options.actor.username) {
        throw new AppError('conflict', `You already have drawer ${row.drawer} open; close it before opening another`, { field: 'drawer' });
      }
      throw new AppError('conflict', `Drawer ${row.drawer} is open for ${row.cashier}; one session per drawer (a relief cashier takes over after it closes)`, {
        field: 'drawer',
      });
    }
    if (relieves !== null) {
      const earlier = await getDrawerSession(tx, relieves);
      if (earlier.drawerCode !== drawer.code || earlier.status !== 'closed' || earlier.businessDate !== businessDate) {
        throw invalidFields([{ field: 'relievesSessionId', message: `session ${relieves} is not today's closed session of drawer ${drawer.code}` }]);
      }
    }
    const batchNumber = await nextBatchNumber(tx);
    const batch = await sql<{ id: number }>`insert into payment_batch (batch_number, kind, business_date, description, opened_by)
      values (${batchNumber}, 'counter', ${businessDate}, ${`Drawer ${drawer.code}, ${options.actor.username}`}, ${options.actor.username})
      returning id`.execute(tx);
    const session = await sql<{ id: number }>`insert into drawer_session (batch_id, drawer_id, cashier, opening_count, opening_float_cents, relieves_session_id)
      values (${batch.rows[0]?.id}, ${drawer.id}, ${options.actor.username}, ${JSON.stringify(opening?.count ?? {})}::jsonb,
        ${opening?.totals.totalCents ?? 0}, ${relieves}) returning id`.execute(tx);
    const id = session.rows[0]?.id as number;
    const result = await getDrawerSession(tx, id);
    await recordAudit(tx, { actor: options.actor, action: 'cashiering.open_drawer', entityType: 'drawer_session', entityId: id,
      after: { drawer: drawer.code, batchNumber, openingFloatCents: result.openingFloatCents, relievesSessionId: relieves } });
    return result;
  });
}

export interface ClosingCountInput {
  cash: DenominationCount;
  /** Checks in the drawer: how many and their total. */
  checkCount?: number;
  checksCents?: number | string;
  /** Money orders and cashier's checks. */
  moneyOrdersCents?: number | string;
}

/**
 * Closes a session with the cashier's blind count. Card and ACH takings settle through the
 * processor and are not counted. Posts the over/short; closes the batch.
 */
export async function closeDrawerSession(
  database: Database,
  options: { sessionId: number; input: unknown; actor: Actor; clock: Clock; signOffThresholdCents: Cents },
): Promise<DrawerSession> {
  const raw = asRecord(options.input, 'closing count');
  const problems = new Problems();
  const cash = problems.attempt(() => parseDenominationCount(raw.cash ?? {}, 'cash'));
  const checks = raw.checksCents === undefined || raw.checksCents === null ? cents(0) : problems.attempt(() => parseCents(raw.checksCents, 'checksCents'));
  const other = raw.moneyOrdersCents === undefined || raw.moneyOrdersCents === null ? cents(0) : problems.attempt(() => parseCents(raw.moneyOrdersCents, 'moneyOrdersCents'));
  if (checks !== undefined && checks < 0) problems.add('checksCents', 'must be 0 or more');
  if (other !== undefined && other < 0) problems.add('moneyOrdersCents', 'must be 0 or more');
  problems.throwIfAny();
  return inTransaction(database, async (tx) => {
    const locked = await sql<{ cashier: string; status: string; batchId: number }>`select cashier, status, batch_id as "batchId"
      from drawer_session where id = ${options.sessionId} for update`.execute(tx);
    const row = locked.rows[0];
    if (!row) throw notFound('drawer session', options.sessionId);
    if (row.status !== 'open') throw new AppError('conflict', `Drawer session ${options.sessionId} is already closed`, { sessionId: options.sessionId });
    if (row.cashier !== options.actor.username && options.actor.username !== 'system') {
      throw new AppError('forbidden', `Drawer session ${options.sessionId} belongs to ${row.cashier}; the cashier counts and closes their own drawer`, {});
    }
    const pendingVoids = await sql<{ receiptNumber: string }>`select x.receipt_number as "receiptNumber" from approval_request r
      join cash_transaction x on x.id = (r.payload->>'transactionId')::bigint
      where r.kind = 'cashiering.void' and r.status = 'pending' and x.batch_id = ${row.batchId}`.execute(tx);
    if (pendingVoids.rows.length > 0) {
      throw new AppError('conflict', `A void of ${pendingVoids.rows.map((item) => item.receiptNumber).join(', ')} awaits a supervisor; it must be decided before the drawer closes`, {
        receipts: pendingVoids.rows.map((item) => item.receiptNumber),
      });
    }
    const session = await getDrawerSession(tx, options.sessionId);
    const countedCash = cash?.totals.totalCents ?? cents(0);
    const expectedCash = session.expectedCashCents;
    const expectedChecks = session.tenders.checkCents;
    const expectedOther = session.tenders.moneyOrderCents;
    const overShort = cents(countedCash + (checks as Cents) + (other as Cents) - expectedCash - expectedChecks - expectedOther);
    const entryId = overShort === 0 ? null : await postOverShort(database, tx, { session, overShort, actor: options.actor, date: session.businessDate });
    const signOff = Math.abs(overShort) > options.signOffThresholdCents ? 'required' : 'none';
    await sql`update drawer_session set status = 'closed', closed_at = now(), closing_count = ${JSON.stringify({
      cash: cash?.count ?? {}, checkCount: raw.checkCount ?? null, checksCents: checks, moneyOrdersCents: other })}::jsonb,
      counted_cash_cents = ${countedCash}, counted_checks_cents = ${checks}, counted_other_cents = ${other},
      expected_cash_cents = ${expectedCash}, expected_checks_cents = ${expectedChecks}, expected_other_cents = ${expectedOther},
      over_short_cents = ${overShort}, over_short_entry_id = ${entryId}, sign_off_status = ${signOff}
      where id = ${options.sessionId}`.execute(tx);
    await sql`update payment_batch set status = 'closed', closed_at = now(), closed_by = ${options.actor.username}
      where id = ${row.batchId}`.execute(tx);
    const closed = await getDrawerSession(tx, options.sessionId);
    await recordAudit(tx, { actor: options.actor, action: 'cashiering.close_drawer', entityType: 'drawer_session', entityId: options.sessionId,
      after: { countedCashCents: countedCash, countedChecksCents: checks, countedOtherCents: other, overShortCents: overShort,
        overShortEntryId: entryId, signOff } });
    return closed;
  });
}

async function postOverShort(
  database: Database,
  tx: Tx,
  options: { session: DrawerSession; overShort: Cents; actor: Actor; date: IsoDate },
): Promise<number> {
  const setup = await getCashieringSetup(tx);
  if (!setup.overShortAccountCode) {
    throw new AppError('invalid_input', 'Cashiering has no over/short account; an accountant sets it in cashiering set-up before drawers close', {
      field: 'overShortAccount',
    });
  }
  const fund = setup.overShortAccountCode.slice(0, 3);
  const undeposited = (await undepositedAccounts(tx, [fund])).get(fund)?.undepositedAccountCode as string;
  const amount = Math.abs(options.overShort);
  const over = options.overShort > 0;
  const entry = normalizeEntry({
    entryDate: options.date,
    description: `Drawer ${options.session.drawerCode} ${over ? 'over' : 'short'} ${formatDollars(cents(amount))}, ${options.session.cashier}, batch ${options.session.batchNumber}`,
    source: { module: 'cashiering', reference: options.session.batchNumber },
    idempotencyKey: `cashiering:over-short:${options.session.id}`,
    lines: [
      { account: undeposited, ...(over ? { debitCents: amount } : { creditCents: amount }) },
      { account: setup.overShortAccountCode, ...(over ? { creditCents: amount } : { debitCents: amount }) },
    ],
  }, { sourceModule: 'cashiering' });
  const { entry: posted } = await postNormalizedEntry(database, { entry, actor: options.actor, inTx: tx });
  return posted.id;
}

/** A supervisor signs off an over/short beyond the threshold; never the cashier whose drawer it is. */
export async function signOffDrawerSession(
  database: Database,
  options: { sessionId: number; note: unknown; actor: Actor },
): Promise<DrawerSession> {
  const problems = new Problems();
  const note = text(options.note, 'note', problems, { required: true, max: 500 });
  problems.throwIfAny();
  return inTransaction(database, async (tx) => {
    const session = await getDrawerSession(tx, options.sessionId);
    if (session.signOffStatus !== 'required') {
      throw new AppError('conflict', `Drawer session ${options.sessionId} needs no sign-off (${session.signOffStatus === 'signed_off' ? `signed off by ${session.signedOffBy}` : 'within the threshold'})`, {});
    }
    if (session.cashier === options.actor.username) {
      throw new AppError('forbidden', 'Nobody signs off their own drawer: another supervisor must', {});
    }
    await sql`update drawer_session set sign_off_status = 'signed_off', signed_off_by = ${options.actor.username},
      signed_off_at = now(), sign_off_note = ${note} where id = ${options.sessionId}`.execute(tx);
    await recordAudit(tx, { actor: options.actor, action: 'cashiering.sign_off_drawer', entityType: 'drawer_session', entityId: options.sessionId,
      after: { overShortCents: session.closing?.overShortCents ?? 0, note } });
    return getDrawerSession(tx, options.sessionId);
  });
}

export { countTotals };

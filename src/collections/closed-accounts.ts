/**
 * Closed accounts with balances: utility accounts final-billed or closed that still owe. The desk
 * lists them with their aging, mails final notices, moves a balance to the same customer's active
 * utility account (a receivables balance transfer: one balanced entry, a credit on the old account
 * and a debit on the new one), files write-offs for approval (receivables' requestWriteOff: maker-
 * checker), and refers accounts to an outside collection agency (a referral row per account, so an
 * account is not referred twice, and a CSV for the agency, safe against formula injection).
 * Errors: invalid_input (naming the field or the account), not_found, forbidden, conflict.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor, Principal } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import { toCsv } from '../shared/csv.js';
import { parseIsoDate, type IsoDate } from '../shared/dates.js';
import { inTransaction, type Database, type Executor } from '../shared/db.js';
import { invalidFields, invalidInput } from '../shared/errors.js';
import { Problems, text } from '../shared/input.js';
import { cents, formatCents, formatDollars, sumCents, type Cents } from '../shared/money.js';
import type { ApprovalHandlers, ApprovalRequest } from '../approvals/index.js';
import { agingBucket, requestWriteOff, transferBalance, type AgingBucket, type BalanceTransfer } from '../receivables/index.js';
import { insertNotices, recordEvents } from './notices.js';
import { openCaseIds } from './liens-store.js';

export interface ClosedAccountBalance {
  utilityAccountId: number;
  accountNumber: string;
  customerId: number;
  customerName: string;
  status: 'final_billed' | 'closed';
  stoppedOn: IsoDate | null;
  serviceAddress: string | null;
  balanceCents: Cents;
  aging: Record<AgingBucket, Cents>;
  oldestDueDate: IsoDate | null;
  /** The customer's active utility account a balance can move to (the newest), if any. */
  activeAccountNumber: string | null;
  lastFinalNoticeOn: IsoDate | null;
  referredOn: IsoDate | null;
  agency: string | null;
  /** A write-off request waiting for approval. */
  hasPendingWriteOff: boolean;
}

/**
 * Utility accounts final-billed or closed with a balance owing, oldest debt first (set-based: one
 * read of the accounts, one of their open debits for the aging).
 */
export async function listClosedAccountBalances(
  db: Executor,
  options: { asOf: IsoDate; accountIds?: readonly number[] | null; limit?: number },
): Promise<ClosedAccountBalance[]> {
  const ids = options.accountIds ? [...options.accountIds] : null;
  const result = await sql<Omit<ClosedAccountBalance, 'aging'>>`
    with balances as (
      select i.receivable_account_id as account_id, sum(i.amount_cents)::bigint as balance
      from receivable_item i join utility_account u on u.id = i.receivable_account_id
      where u.status in ('final_billed', 'closed') and (${ids}::bigint[] is null or u.id = any(${ids}::bigint[]))
      group by i.receivable_account_id having sum(i.amount_cents) > 0
    )
    select u.id as "utilityAccountId", ra.account_number as "accountNumber", c.id as "customerId", c.legal_name as "customerName",
      u.status, u.stopped_on as "stoppedOn", sl.address_line1 as "serviceAddress", b.balance as "balanceCents",
      (select min(i.due_date) from receivable_item i where i.receivable_account_id = u.id and i.amount_cents > 0
        and i.amount_cents > coalesce((select sum(a.amount_cents) from receivable_application a where a.debit_item_id = i.id), 0)) as "oldestDueDate",
      (select ra2.account_number from utility_account u2 join receivable_account ra2 on ra2.id = u2.id
        where ra2.customer_id = ra.customer_id and u2.status = 'active' order by u2.started_on desc, u2.id desc limit 1) as "activeAccountNumber",
      (select max(n.notice_date) from collection_notice n where n.utility_account_id = u.id and n.notice_type = 'closed_account_final') as "lastFinalNoticeOn",
      r.referred_on as "referredOn", r.agency,
      exists (select 1 from approval_request q where q.kind = 'receivables.write_off' and q.status = 'pending'
        and q.payload ->> 'account' = ra.account_number) as "hasPendingWriteOff"
    from balances b join utility_account u on u.id = b.account_id
    join receivable_account ra on ra.id = u.id join customer c on c.id = ra.customer_id
    left join service_location sl on sl.id = u.service_location_id
    left join collection_referral r on r.utility_account_id = u.id and r.status = 'referred'
    order by "oldestDueDate" nulls last, u.id
    limit ${options.limit ?? 1000}`.execute(db);
  const accounts = result.rows;
  const debits = await sql<{ accountId: number; dueDate: IsoDate | null; itemDate: IsoDate; openCents: Cents }>`
    select i.receivable_account_id as "accountId", i.due_date as "dueDate", i.item_date as "itemDate",
      (i.amount_cents - coalesce((select sum(a.amount_cents) from receivable_application a where a.debit_item_id = i.id), 0))::bigint as "openCents"
    from receivable_item i
    where i.receivable_account_id = any(${accounts.map((account) => account.utilityAccountId)}::bigint[]) and i.amount_cents > 0`.execute(db);
  const aging = new Map<number, Record<AgingBucket, Cents>>();
  for (const debit of debits.rows) {
    if (debit.openCents <= 0) continue;
    const buckets = aging.get(debit.accountId) ?? emptyAging();
    const bucket = agingBucket(debit.dueDate ?? debit.itemDate, options.asOf);
    buckets[bucket] = cents(buckets[bucket] + debit.openCents);
    aging.set(debit.accountId, buckets);
  }
  return accounts.map((account) => ({ ...account, aging: aging.get(account.utilityAccountId) ?? emptyAging() }));
}

function emptyAging(): Record<AgingBucket, Cents> {
  return { current: cents(0), days30: cents(0), days60: cents(0), days90: cents(0), days120: cents(0) };
}

async function closedAccountIds(db: Executor, keys: ReadonlyArray<number | string>): Promise<number[]> {
  const numbers = keys.filter((key) => typeof key === 'string' && !/^\d+$/.test(key)).map((key) => String(key).toUpperCase());
  const ids = keys.filter((key) => typeof key === 'number' || /^\d+$/.test(key)).map(Number);
  const result = await sql<{ id: number; accountNumber: string }>`select u.id, r.account_number as "accountNumber"
    from utility_account u join receivable_account r on r.id = u.id
    where r.account_number = any(${numbers}::text[]) or u.id = any(${ids}::bigint[])`.execute(db);
  const found = new Set(result.rows.flatMap((row) => [row.accountNumber, String(row.id)]));
  const missing = keys.filter((key) => !found.has(String(key).toUpperCase()));
  if (missing.length > 0) {
    throw invalidFields(missing.map((key) => ({ field: 'accounts', message: `${key} is not a utility account` })));
  }
  return result.rows.map((row) => row.id);
}

/** Refuses, naming each, the accounts that are not closed with a balance. */
function requireClosedWithBalance(keys: ReadonlyArray<number | string>, found: readonly ClosedAccountBalance[]): void {
  const known = new Set(found.flatMap((row) => [row.accountNumber, String(row.utilityAccountId)]));
  const problems = keys.filter((key) => !known.has(String(key).toUpperCase()))
    .map((key) => ({ field: 'accounts', message: `${key} is not a final-billed or closed account with a balance owing` }));
  if (problems.length > 0) throw invalidFields(problems);
}

/**
 * Final notices (closed_account_final, by mail) to closed accounts with balances: the given
 * accounts, or every one not given a final notice in the last 30 days.
 */
export async function sendClosedAccountNotices(
  database: Database,
  options: { accounts?: ReadonlyArray<number | string> | null; noticeDate: unknown; actor: Actor },
): Promise<{ noticed: number; noticeNumbers: string[] }> {
  const noticeDate = parseIsoDate(options.noticeDate, 'noticeDate');
  return inTransaction(database, async (tx) => {
    const ids = options.accounts && options.accounts.length > 0 ? await closedAccountIds(tx, options.accounts) : null;
    const found = await listClosedAccountBalances(tx, { asOf: noticeDate, accountIds: ids, limit: 100_000 });
    if (options.accounts && options.accounts.length > 0) requireClosedWithBalance(options.accounts, found);
    const recent = (row: ClosedAccountBalance) => row.lastFinalNoticeOn !== null && daysBetween(row.lastFinalNoticeOn, noticeDate) < 30;
    const due = ids ? found : found.filter((row) => !recent(row) && row.referredOn === null);
    const cases = await openCaseIds(tx, due.map((row) => row.utilityAccountId));
    const notices = await insertNotices(tx, due.map((row) => ({
      caseId: cases.get(row.utilityAccountId) ?? null, utilityAccountId: row.utilityAccountId, noticeType: 'closed_account_final' as const,
      noticeDate, delivery: 'mail' as const, amountDueCents: row.balanceCents,
      data: { accountNumber: row.accountNumber, customerName: row.customerName, serviceAddress: row.serviceAddress, stoppedOn: row.stoppedOn,
        balanceCents: row.balanceCents, balance: formatCents(row.balanceCents, { grouping: true }), oldestDueDate: row.oldestDueDate,
        activeAccountNumber: row.activeAccountNumber },
    })), options.actor.username);
    await recordEvents(tx, due.map((row) => ({ utilityAccountId: row.utilityAccountId, caseId: cases.get(row.utilityAccountId) ?? null,
      eventType: 'closed_final_notice', eventDate: noticeDate, summary: `Final notice of the closed account's balance, ${formatDollars(row.balanceCents)}` })),
    options.actor.username);
    await recordAudit(tx, { actor: options.actor, action: 'collections.send_closed_account_notices', entityType: 'collection_notice',
      after: { noticeDate, noticed: notices.length, accounts: due.map((row) => row.accountNumber).slice(0, 200) } });
    return { noticed: notices.length, noticeNumbers: notices.map((notice) => notice.noticeNumber) };
  });
}

function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * Moves a closed account's balance to the same customer's active utility account (the given one,
 * or the customer's newest active one), through receivables (one balanced entry), with the step on
 * both accounts' timelines.
 */
export async function transferClosedBalance(
  database: Database,
  options: { account: number | string; toAccount?: number | string | null; transferDate: unknown; actor: Actor },
): Promise<BalanceTransfer> {
  const transferDate = parseIsoDate(options.transferDate, 'transferDate');
  return inTransaction(database, async (tx) => {
    const [id] = await closedAccountIds(tx, [options.account]);
    const [closed] = await listClosedAccountBalances(tx, { asOf: transferDate, accountIds: [id as number] });
    if (!closed) throw invalidInput('account', `${options.account} is not a final-billed or closed account with a balance owing`);
    if (closed.referredOn) throw invalidInput('account', `${closed.accountNumber} was referred to ${closed.agency} on ${closed.referredOn}; recall it first`);
    const target = options.toAccount ?? closed.activeAccountNumber;
    if (!target) throw invalidInput('toAccount', `${closed.customerName} has no active utility account to move ${closed.accountNumber}'s balance to`);
    const [targetId] = await closedAccountIds(tx, [target]);
    const active = await sql<{ status: string }>`select status from utility_account where id = ${targetId}`.execute(tx);
    if (active.rows[0]?.status !== 'active') throw invalidInput('toAccount', `${target} is not an active utility account`);
    const transfer = await transferBalance(database, {
      input: { fromAccount: closed.utilityAccountId, toAccount: targetId, transferDate, description: `closed account ${closed.accountNumber}` },
      actor: options.actor, inTx: tx,
    });
    const cases = await openCaseIds(tx, [closed.utilityAccountId, targetId as number]);
    await recordEvents(tx, [
      { utilityAccountId: closed.utilityAccountId, caseId: cases.get(closed.utilityAccountId) ?? null, eventType: 'balance_transferred', eventDate: transferDate,
        summary: `Balance of ${formatDollars(transfer.amountCents)} moved to ${transfer.toAccountNumber}`, details: { journalEntryId: transfer.entry.id } },
      { utilityAccountId: targetId as number, caseId: cases.get(targetId as number) ?? null, eventType: 'balance_received', eventDate: transferDate,
        summary: `Balance of ${formatDollars(transfer.amountCents)} moved here from closed account ${transfer.fromAccountNumber}`, details: { journalEntryId: transfer.entry.id } },
    ], options.actor.username);
    return transfer;
  });
}

/** Files a write-off of a closed account's balance for approval (nobody writes off alone). */
export async function requestClosedAccountWriteOff(
  database: Database,
  options: { account: number | string; writeOffDate: unknown; reasonCode: unknown; description: unknown; principal: Principal; handlers: ApprovalHandlers },
): Promise<ApprovalRequest> {
  const writeOffDate = parseIsoDate(options.writeOffDate, 'writeOffDate');
  const [id] = await closedAccountIds(database.kysely, [options.account]);
  const [closed] = await listClosedAccountBalances(database.kysely, { asOf: writeOffDate, accountIds: [id as number] });
  if (!closed) throw invalidInput('account', `${options.account} is not a final-billed or closed account with a balance owing`);
  if (closed.hasPendingWriteOff) throw invalidInput('account', `a write-off of ${closed.accountNumber} already waits for approval`);
  const request = await requestWriteOff(database, {
    input: { account: closed.accountNumber, writeOffDate, reasonCode: options.reasonCode, description: options.description },
    principal: options.principal, handlers: options.handlers,
  });
  await inTransaction(database, async (tx) => {
    const cases = await openCaseIds(tx, [closed.utilityAccountId]);
    await recordEvents(tx, [{ utilityAccountId: closed.utilityAccountId, caseId: cases.get(closed.utilityAccountId) ?? null,
      eventType: 'write_off_requested', eventDate: writeOffDate, summary: `Write-off of ${formatDollars(closed.balanceCents)} filed for approval (request ${request.id})`,
      details: { approvalRequestId: request.id } }], options.principal.username);
  });
  return request;
}

export interface Referral {
  batch: string;
  agency: string;
  referredOn: IsoDate;
  referred: number;
  totalCents: Cents;
  fileName: string;
  csv: string;
}

/**
 * Refers closed accounts with balances to a collection agency: the given accounts (refused, each
 * named, when one is not closed with a balance or is referred already), or every one given a
 * final notice at least `afterNoticeDays` days ago and not yet referred. One referral row per
 * account (a unique index keeps it once) and the agency's CSV.
 */
export async function referClosedAccounts(
  database: Database,
  options: { accounts?: ReadonlyArray<number | string> | null; agency: unknown; referredOn: unknown; afterNoticeDays?: number; actor: Actor },
): Promise<Referral> {
  const problems = new Problems();
  const agency = text(options.agency, 'agency', problems, { required: true, max: 100 });
  problems.throwIfAny();
  const referredOn = parseIsoDate(options.referredOn, 'referredOn');
  const afterNoticeDays = options.afterNoticeDays ?? 30;
  return inTransaction(database, async (tx) => {
    const explicit = options.accounts && options.accounts.length > 0 ? options.accounts : null;
    const ids = explicit ? await closedAccountIds(tx, explicit) : null;
    const found = await listClosedAccountBalances(tx, { asOf: referredOn, accountIds: ids, limit: 100_000 });
    if (explicit) {
      requireClosedWithBalance(explicit, found);
      const twice = found.filter((row) => row.referredOn !== null);
      if (twice.length > 0) {
        throw invalidFields(twice.map((row) => ({ field: 'accounts', message: `${row.accountNumber} was referred to ${row.agency} on ${row.referredOn} already` })));
      }
    }
    const chosen = explicit ? found : found.filter((row) => row.referredOn === null && !row.hasPendingWriteOff
      && row.lastFinalNoticeOn !== null && daysBetween(row.lastFinalNoticeOn, referredOn) >= afterNoticeDays);
    const batch = `REF-${referredOn.replaceAll('-', '')}-${randomUUID().slice(0, 8).toUpperCase()}`;
    if (chosen.length > 0) {
      await sql`insert into collection_referral (utility_account_id, agency, referred_on, amount_cents, export_batch, created_by)
        select t.id, ${agency}, ${referredOn}::date, t.amount, ${batch}, ${options.actor.username}
        from unnest(${chosen.map((row) => row.utilityAccountId)}::bigint[], ${chosen.map((row) => row.balanceCents)}::bigint[]) as t (id, amount)`.execute(tx);
      const cases = await openCaseIds(tx, chosen.map((row) => row.utilityAccountId));
      await recordEvents(tx, chosen.map((row) => ({ utilityAccountId: row.utilityAccountId, caseId: cases.get(row.utilityAccountId) ?? null,
        eventType: 'referred_to_agency', eventDate: referredOn, summary: `Referred to ${agency} for ${formatDollars(row.balanceCents)}`,
        details: { batch } })), options.actor.username);
    }
    const totalCents = sumCents(chosen.map((row) => row.balanceCents));
    await recordAudit(tx, { actor: options.actor, action: 'collections.refer_closed_accounts', entityType: 'collection_referral', entityId: batch,
      after: { agency, referredOn, referred: chosen.length, totalCents } });
    const csv = await referralCsv(tx, batch);
    return { batch, agency: agency as string, referredOn, referred: chosen.length, totalCents, fileName: `${batch}.csv`, csv };
  });
}

/** The agency's file of a referral batch: who owes, where they were served and where they get mail. */
export async function referralCsv(db: Executor, batch: string): Promise<string> {
  const result = await sql<{ accountNumber: string; customerName: string; serviceAddress: string | null; mailing: string | null;
    phone: string | null; amountCents: Cents; stoppedOn: IsoDate | null; referredOn: IsoDate }>`
    select ra.account_number as "accountNumber", c.legal_name as "customerName", sl.address_line1 as "serviceAddress",
      (select concat_ws(', ', a.line1, a.line2, a.city, a.state || ' ' || a.zip) from customer_address a
        where a.customer_id = c.id and a.valid_to is null limit 1) as mailing,
      (select k.value from customer_contact k where k.customer_id = c.id and k.kind = 'phone' and k.is_active order by k.id limit 1) as phone,
      r.amount_cents as "amountCents", u.stopped_on as "stoppedOn", r.referred_on as "referredOn"
    from collection_referral r join utility_account u on u.id = r.utility_account_id
    join receivable_account ra on ra.id = u.id join customer c on c.id = ra.customer_id
    left join service_location sl on sl.id = u.service_location_id
    where r.export_batch = ${batch} order by ra.account_number`.execute(db);
  return toCsv([
    { header: 'Account', value: (row) => row.accountNumber },
    { header: 'Name', value: (row) => row.customerName },
    { header: 'Service address', value: (row) => row.serviceAddress },
    { header: 'Mailing address', value: (row) => row.mailing },
    { header: 'Phone', value: (row) => row.phone },
    { header: 'Amount', value: (row) => formatCents(row.amountCents), isNumeric: true },
    { header: 'Service stopped', value: (row) => row.stoppedOn },
    { header: 'Referred', value: (row) => row.referredOn },
  ], result.rows);
}

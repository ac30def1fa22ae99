/**
 * The ledger's I/O. Only this file and the use cases' transactions touch ledger tables; rules live
 * in entry.ts, periods.ts and chart.ts.
 */
import { sql, type RawBuilder } from 'kysely';
import type { IsoDate } from '../shared/dates.js';
import { auditAppendCall, type AuditRecord } from '../shared/audit.js';
import { prepared, type Executor } from '../shared/db.js';
import { AppError } from '../shared/errors.js';
import type { Cents } from '../shared/money.js';
import type { AccountType, FundType } from './chart.js';
import type { NormalizedEntry, NormalizedLine } from './entry.js';
import type { PeriodDefinition } from './periods.js';

export interface AccountRow {
  id: number;
  code: string;
  fundCode: string;
  departmentCode: string;
  objectCode: string;
  name: string;
  accountType: AccountType;
  isActive: boolean;
  /** Set on a control account: the subledger its lines belong to ('receivable'). */
  subledger: string | null;
}

const accountColumns = sql`id, code, fund_code as "fundCode", department_code as "departmentCode",
  object_code as "objectCode", name, account_type as "accountType", is_active as "isActive", subledger`;

export async function findAccountsByCode(db: Executor, codes: readonly string[]): Promise<Map<string, AccountRow>> {
  if (codes.length === 0) return new Map();
  const result = await sql<AccountRow>`select ${accountColumns} from account
    where code = any(${[...new Set(codes)]}::text[])`.execute(db);
  return new Map(result.rows.map((row) => [row.code, row]));
}

export interface SubledgerAccountRow {
  id: number;
  subledger: string;
  controlAccountId: number;
}

export async function findSubledgerAccounts(db: Executor, ids: readonly number[]): Promise<Map<number, SubledgerAccountRow>> {
  if (ids.length === 0) return new Map();
  const result = await sql<SubledgerAccountRow>`select id, subledger, control_account_id as "controlAccountId"
    from subledger_account where id = any(${[...new Set(ids)]}::bigint[])`.execute(db);
  return new Map(result.rows.map((row) => [row.id, row]));
}

export async function findAccountById(db: Executor, id: number): Promise<AccountRow | undefined> {
  const result = await sql<AccountRow>`select ${accountColumns} from account where id = ${id}`.execute(db);
  return result.rows[0];
}

export async function listAccountRows(
  db: Executor,
  filter: { fundCode?: string | undefined; accountType?: string | undefined; isActive?: boolean | undefined; search?: string | undefined },
): Promise<AccountRow[]> {
  const search = filter.search ? `%${escapeLike(filter.search.toLowerCase())}%` : null;
  const result = await sql<AccountRow>`select ${accountColumns} from account
    where (${filter.fundCode ?? null}::text is null or fund_code = ${filter.fundCode ?? null})
      and (${filter.accountType ?? null}::text is null or account_type = ${filter.accountType ?? null})
      and (${filter.isActive ?? null}::boolean is null or is_active = ${filter.isActive ?? null})
      and (${search}::text is null or lower(name) like ${search} or code like ${search})
    order by code`.execute(db);
  return result.rows;
}

/** Text searched with LIKE matches itself: %, _ and \\ lose their wildcard meaning. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

export interface FundRow {
  code: string;
  name: string;
  fundType: FundType;
  isActive: boolean;
}

export async function listFundRows(db: Executor): Promise<FundRow[]> {
  const result = await sql<FundRow>`select code, name, fund_type as "fundType", is_active as "isActive"
    from fund order by code`.execute(db);
  return result.rows;
}

export interface DepartmentRow {
  code: string;
  name: string;
  isActive: boolean;
}

export async function listDepartmentRows(db: Executor): Promise<DepartmentRow[]> {
  const result = await sql<DepartmentRow>`select code, name, is_active as "isActive"
    from department order by code`.execute(db);
  return result.rows;
}

export interface PeriodRow extends PeriodDefinition {
  status: 'open' | 'closed';
  statusChangedAt: Date | null;
  statusChangedBy: string | null;
}

const periodColumns = sql`key, fiscal_year as "fiscalYear", period_number as "periodNumber",
  start_date as "startDate", end_date as "endDate", status, status_changed_at as "statusChangedAt",
  status_changed_by as "statusChangedBy"`;

/** Reads periods and takes a share lock, so a period cannot close under a posting in flight. */
export async function lockPeriodsForPosting(db: Executor, keys: readonly string[]): Promise<Map<string, PeriodRow>> {
  const result = await sql<PeriodRow>`select ${periodColumns} from fiscal_period
    where key = any(${[...new Set(keys)].sort()}::text[]) order by key for share`.execute(db);
  return new Map(result.rows.map((row) => [row.key, row]));
}

export async function findPeriod(db: Executor, key: string, forUpdate = false): Promise<PeriodRow | undefined> {
  const lock = forUpdate ? sql`for update` : sql``;
  const result = await sql<PeriodRow>`select ${periodColumns} from fiscal_period where key = ${key} ${lock}`.execute(db);
  return result.rows[0];
}

export async function listPeriodRows(db: Executor, fiscalYear?: number): Promise<PeriodRow[]> {
  const result = await sql<PeriodRow>`select ${periodColumns} from fiscal_period
    where (${fiscalYear ?? null}::int is null or fiscal_year = ${fiscalYear ?? null})
    order by fiscal_year, period_number`.execute(db);
  return result.rows;
}

export async function insertPeriods(db: Executor, periods: readonly PeriodDefinition[], actor: string): Promise<string[]> {
  const result = await sql<{ key: string }>`insert into fiscal_period (key, fiscal_year, period_number, start_date, end_date)
    select * from unnest(${periods.map((p) => p.key)}::text[], ${periods.map((p) => p.fiscalYear)}::int[],
      ${periods.map((p) => p.periodNumber)}::int[], ${periods.map((p) => p.startDate)}::date[],
      ${periods.map((p) => p.endDate)}::date[])
    on conflict (key) do nothing returning key`.execute(db);
  const created = result.rows.map((row) => row.key);
  if (created.length > 0) {
    await sql`insert into fiscal_period_event (period_key, action, actor)
      select key, 'create', ${actor} from unnest(${created}::text[]) as t(key)`.execute(db);
  }
  return created;
}

export async function setPeriodStatus(
  db: Executor,
  key: string,
  status: 'open' | 'closed',
  actor: string,
  reason: string | null,
): Promise<void> {
  await sql`update fiscal_period set status = ${status}, status_changed_at = now(),
    status_changed_by = ${actor} where key = ${key}`.execute(db);
  await sql`insert into fiscal_period_event (period_key, action, actor, reason)
    values (${key}, ${status === 'open' ? 'open' : 'close'}, ${actor}, ${reason})`.execute(db);
}

export interface EntryHeaderRow {
  id: number;
  entryDate: IsoDate;
  periodKey: string;
  description: string;
  sourceModule: string;
  sourceRef: string | null;
  idempotencyKey: string;
  contentHash: string;
  reversesEntryId: number | null;
  reversedByEntryId: number | null;
  lineCount: number;
  totalDebitCents: Cents;
  postedBy: string;
  postedAt: Date;
  enteredBy: string | null;
  approvedBy: string | null;
  approvalRequestId: number | null;
}

const entryColumns = sql`e.id, e.entry_date as "entryDate", e.period_key as "periodKey",
  e.description, e.source_module as "sourceModule", e.source_ref as "sourceRef",
  e.idempotency_key as "idempotencyKey", e.content_hash as "contentHash",
  e.reverses_entry_id as "reversesEntryId",
  (select r.id from journal_entry r where r.reverses_entry_id = e.id) as "reversedByEntryId",
  e.line_count as "lineCount", e.total_debit_cents as "totalDebitCents",
  e.posted_by as "postedBy", e.posted_at as "postedAt", e.entered_by as "enteredBy",
  e.approved_by as "approvedBy", e.approval_request_id as "approvalRequestId"`;

export async function findEntryHeader(db: Executor, id: number): Promise<EntryHeaderRow | undefined> {
  const result = await sql<EntryHeaderRow>`select ${entryColumns} from journal_entry e where e.id = ${id}`.execute(db);
  return result.rows[0];
}

export async function findEntryHeaderByKey(db: Executor, key: string): Promise<EntryHeaderRow | undefined> {
  const result = await sql<EntryHeaderRow>`select ${entryColumns} from journal_entry e
    where e.idempotency_key = ${key}`.execute(db);
  return result.rows[0];
}

export async function findHashesByKeys(db: Executor, keys: readonly string[]): Promise<Map<string, { id: number; contentHash: string }>> {
  if (keys.length === 0) return new Map();
  const result = await sql<{ id: number; idempotencyKey: string; contentHash: string }>`
    select id, idempotency_key as "idempotencyKey", content_hash as "contentHash" from journal_entry
    where idempotency_key = any(${[...keys]}::text[])`.execute(db);
  return new Map(result.rows.map((row) => [row.idempotencyKey, row]));
}

export interface EntryLineRow {
  entryId: number;
  lineNumber: number;
  accountId: number;
  accountCode: string;
  accountName: string;
  fundCode: string;
  amountCents: Cents;
  memo: string | null;
  subledgerAccountId: number | null;
}

export async function findEntryLines(db: Executor, entryIds: readonly number[]): Promise<EntryLineRow[]> {
  const result = await sql<EntryLineRow>`select l.entry_id as "entryId", l.line_number as "lineNumber",
      l.account_id as "accountId", a.code as "accountCode", a.name as "accountName",
      l.fund_code as "fundCode", l.amount_cents as "amountCents", l.memo,
      l.subledger_account_id as "subledgerAccountId"
    from journal_line l join account a on a.id = l.account_id
    where l.entry_id = any(${[...entryIds]}::bigint[]) order by l.entry_id, l.line_number`.execute(db);
  return result.rows;
}

export interface ListEntriesFilter {
  fromDate?: IsoDate | undefined;
  toDate?: IsoDate | undefined;
  periodKey?: string | undefined;
  sourceModule?: string | undefined;
  search?: string | undefined;
  beforeId?: number | undefined;
  limit: number;
}

export async function listEntryHeaders(db: Executor, filter: ListEntriesFilter): Promise<EntryHeaderRow[]> {
  const search = filter.search ? `%${escapeLike(filter.search.toLowerCase())}%` : null;
  const result = await sql<EntryHeaderRow>`select ${entryColumns} from journal_entry e
    where (${filter.fromDate ?? null}::date is null or e.entry_date >= ${filter.fromDate ?? null}::date)
      and (${filter.toDate ?? null}::date is null or e.entry_date <= ${filter.toDate ?? null}::date)
      and (${filter.periodKey ?? null}::text is null or e.period_key = ${filter.periodKey ?? null})
      and (${filter.sourceModule ?? null}::text is null or e.source_module = ${filter.sourceModule ?? null})
      and (${search}::text is null or lower(e.description) like ${search} or lower(coalesce(e.source_ref, '')) like ${search})
      and (${filter.beforeId ?? null}::bigint is null or e.id < ${filter.beforeId ?? null})
    order by e.id desc limit ${filter.limit}`.execute(db);
  return result.rows;
}

/**
 * Inserts entries (headers, then all their lines in one statement) and updates the balance tables.
 * Entries whose idempotency key already exists are skipped and reported back, for the caller to
 * compare. `accountIds` maps account codes to ids.
 */
/** Who entered and who approved an entry that went through maker-checker approval. */
export interface EntryApproval {
  requestId: number;
  enteredBy: string;
  approvedBy: string;
}

export async function insertEntries(
  db: Executor,
  entries: readonly NormalizedEntry[],
  accountIds: ReadonlyMap<string, number>,
  postedBy: string,
  approval: EntryApproval | null = null,
): Promise<{ inserted: Map<string, number>; postedAt: Date | null; skippedKeys: string[] }> {
  const inserted = await sql<{ id: number; idempotencyKey: string; postedAt: Date }>`
    insert into journal_entry (entry_date, period_key, description, source_module, source_ref,
      idempotency_key, content_hash, reverses_entry_id, line_count, total_debit_cents, posted_by,
      entered_by, approved_by, approval_request_id)
    select d, p, descr, m, r, k, h, rev, n, t, ${postedBy}::text,
      ${approval?.enteredBy ?? postedBy}::text, ${approval?.approvedBy ?? null}::text,
      ${approval?.requestId ?? null}::bigint
    from unnest(${entries.map((e) => e.entryDate)}::date[], ${entries.map((e) => e.periodKey)}::text[],
      ${entries.map((e) => e.description)}::text[], ${entries.map((e) => e.sourceModule)}::text[],
      ${entries.map((e) => e.sourceRef)}::text[], ${entries.map((e) => e.idempotencyKey)}::text[],
      ${entries.map((e) => e.contentHash)}::text[], ${entries.map((e) => e.reversesEntryId)}::bigint[],
      ${entries.map((e) => e.lines.length)}::int[], ${entries.map((e) => e.totalDebitCents)}::bigint[])
      with ordinality as u(d, p, descr, m, r, k, h, rev, n, t, ord)
    order by ord
    on conflict (idempotency_key) do nothing
    returning id, idempotency_key as "idempotencyKey", posted_at as "postedAt"`.execute(db);
  const ids = new Map(inserted.rows.map((row) => [row.idempotencyKey, row.id]));
  const skippedKeys = entries.filter((e) => !ids.has(e.idempotencyKey)).map((e) => e.idempotencyKey);
  const lines: Array<NormalizedLine & { entryId: number; entryDate: IsoDate; periodKey: string; accountId: number }> = [];
  for (const entry of entries) {
    const entryId = ids.get(entry.idempotencyKey);
    if (entryId === undefined) continue;
    for (const line of entry.lines) {
      const accountId = accountIds.get(line.accountCode);
      if (accountId === undefined) throw new Error(`account ${line.accountCode} was not resolved`);
      lines.push({ ...line, entryId, entryDate: entry.entryDate, periodKey: entry.periodKey, accountId });
    }
  }
  if (lines.length > 0) {
    await sql`insert into journal_line (entry_id, line_number, account_id, fund_code, amount_cents,
        memo, entry_date, period_key, subledger_account_id)
      select * from unnest(${lines.map((l) => l.entryId)}::bigint[], ${lines.map((l) => l.lineNumber)}::int[],
        ${lines.map((l) => l.accountId)}::bigint[], ${lines.map((l) => l.fundCode)}::text[],
        ${lines.map((l) => l.amountCents)}::bigint[], ${lines.map((l) => l.memo)}::text[],
        ${lines.map((l) => l.entryDate)}::date[], ${lines.map((l) => l.periodKey)}::text[],
        ${lines.map((l) => l.subledgerAccountId)}::bigint[])`.execute(db);
    await applyBalanceDeltas(db, lines);
  }
  return { inserted: ids, postedAt: inserted.rows[0]?.postedAt ?? null, skippedKeys };
}

/**
 * Adds posted lines to the period and day balance tables. One statement per table; rows are
 * aggregated and sorted so concurrent postings lock balance rows in the same order (no deadlocks).
 * The update is atomic (`x = x + delta`), so concurrent postings never lose an increment. Each
 * session writes its own slot of a row (migration 004), so a busy account is not one hot row.
 */
async function applyBalanceDeltas(
  db: Executor,
  lines: ReadonlyArray<{ accountId: number; periodKey: string; entryDate: IsoDate; amountCents: Cents }>,
): Promise<void> {
  const accountIds = lines.map((l) => l.accountId);
  const amounts = lines.map((l) => l.amountCents);
  await sql`insert into account_period_balance (account_id, period_key, slot, debit_cents, credit_cents)
    select a, p, (pg_backend_pid() % 8)::smallint, sum(greatest(x, 0)), sum(greatest(-x, 0))
    from unnest(${accountIds}::bigint[], ${lines.map((l) => l.periodKey)}::text[], ${amounts}::bigint[]) as t(a, p, x)
    group by a, p order by a, p
    on conflict (account_id, period_key, slot) do update set
      debit_cents = account_period_balance.debit_cents + excluded.debit_cents,
      credit_cents = account_period_balance.credit_cents + excluded.credit_cents`.execute(db);
  await sql`insert into account_day_balance (account_id, balance_date, slot, debit_cents, credit_cents)
    select a, d, (pg_backend_pid() % 8)::smallint, sum(greatest(x, 0)), sum(greatest(-x, 0))
    from unnest(${accountIds}::bigint[], ${lines.map((l) => l.entryDate)}::date[], ${amounts}::bigint[]) as t(a, d, x)
    group by a, d order by a, d
    on conflict (account_id, balance_date, slot) do update set
      debit_cents = account_day_balance.debit_cents + excluded.debit_cents,
      credit_cents = account_day_balance.credit_cents + excluded.credit_cents`.execute(db);
}

export interface PostingContext {
  /** The entry already posted under this idempotency key, if any. */
  existing: { id: number; contentHash: string } | null;
  accounts: Map<string, AccountRow>;
  subledgerAccounts: Map<number, SubledgerAccountRow>;
  /** Share-locked until the transaction ends, so none of them can close under the posting. */
  periods: Map<string, PeriodRow>;
}

/**
 * What posting one entry needs to know, in one round trip: whether its idempotency key was used,
 * its accounts and subledger accounts, and its period (share-locked, as lockPeriodsForPosting).
 */
export async function readPostingContext(db: Executor, entry: NormalizedEntry): Promise<PostingContext> {
  const codes = [...new Set(entry.lines.map((line) => line.accountCode))];
  const subledgerIds = [...new Set(entry.lines.flatMap((line) => (line.subledgerAccountId === null ? [] : [line.subledgerAccountId])))];
  const result = await sql<{
    existing: { id: number; contentHash: string } | null;
    accounts: AccountRow[] | null;
    subledgerAccounts: SubledgerAccountRow[] | null;
    periods: Array<Omit<PeriodRow, 'statusChangedAt'> & { statusChangedAt: string | null }> | null;
  }>`${prepared}select
      (select json_build_object('id', e.id, 'contentHash', e.content_hash) from journal_entry e
        where e.idempotency_key = ${entry.idempotencyKey}) as existing,
      (select json_agg(a) from (select ${accountColumns} from account
        where code = any(${codes}::text[])) a) as accounts,
      (select json_agg(s) from (select id, subledger, control_account_id as "controlAccountId"
        from subledger_account where id = any(${subledgerIds}::bigint[])) s) as "subledgerAccounts",
      (select json_agg(p) from (select ${periodColumns} from fiscal_period
        where key = ${entry.periodKey} for share) p) as periods`.execute(db);
  const row = result.rows[0];
  return {
    existing: row?.existing ?? null,
    accounts: new Map((row?.accounts ?? []).map((account) => [account.code, account])),
    subledgerAccounts: new Map((row?.subledgerAccounts ?? []).map((account) => [account.id, account])),
    periods: new Map(
      (row?.periods ?? []).map((period) => [
        period.key,
        { ...period, statusChangedAt: period.statusChangedAt === null ? null : new Date(period.statusChangedAt) },
      ]),
    ),
  };
}

/**
 * Writes one entry in one statement: its header, its lines, both balance upserts (as
 * insertEntries and applyBalanceDeltas do), and then its audit row. The audit call reads the
 * other parts' results first, so it runs after them and its chain head is locked last, as
 * everywhere. The ledger's statement triggers check the whole entry at the end of the statement.
 *
 * `isGuarded` makes the statement check what the caller has not: that the period is open and
 * holds the date (share-locking it until commit, as lockPeriodsForPosting) and that every
 * account exists, is active and keeps no subledger. Then it can run on its own, without a
 * transaction around it.
 *
 * Returns null when nothing was written: the idempotency key was taken (a concurrent post
 * committed first, or a replay), or a guard did not hold.
 */
/**
 * Writes of another module that belong to the entry, made by the entry's own statement (so a
 * posting and its subledger detail take one round trip, and the balance rows the statement locks
 * are held for as short a time as possible). `ctes` continues the statement's WITH list (start
 * it with a comma); its statements may read `header` (the new entry's `id`, `entry_date`,
 * `period_key`) and write only when it has a row. `rowCount` counts what they wrote, so that they
 * run before the audit calls; `select` adds columns to the one row returned (audit calls of the
 * companion's own go there, after the ledger's). The other module's rules stay with it: the
 * ledger only places the text.
 */
/** Entries of up to this many lines post by a prepared statement (insertEntryAudited). */
export const PREPARED_MAX_LINES = 50;

export interface CompanionWrites {
  ctes: RawBuilder<unknown>;
  rowCount: RawBuilder<unknown>;
  select: RawBuilder<unknown>;
}

export async function insertEntryAudited(
  db: Executor,
  options: {
    entry: NormalizedEntry;
    postedBy: string;
    approval: EntryApproval | null;
    audit: AuditRecord;
    isGuarded: boolean;
    companion?: CompanionWrites | null;
  },
): Promise<{ id: number; postedAt: Date; accountNames: Record<string, string>; companion: Record<string, unknown> } | null> {
  const { entry, postedBy, approval } = options;
  const companion = options.companion ?? null;
  const lines = entry.lines;
  const codes = [...new Set(lines.map((line) => line.accountCode))];
  const periodLock = options.isGuarded
    ? sql`period_lock as (
        select p.key from fiscal_period p where p.key = ${entry.periodKey} and p.status = 'open'
          and ${entry.entryDate}::date between p.start_date and p.end_date for share
      ),`
    : sql``;
  // Every line's account exists and is active; a line names a subledger account exactly when its
  // account keeps a subledger, and then one of that control account's (as checkAccountRows).
  const guard = options.isGuarded
    ? sql`where exists (select 1 from period_lock)
        and (select count(*) from unnest(${lines.map((l) => l.accountCode)}::text[],
            ${lines.map((l) => l.subledgerAccountId)}::bigint[]) as g(code, s)
          join account a on a.code = g.code and a.is_active
          where case when g.s is null then a.subledger is null
            else a.subledger is not null and exists (select 1 from subledger_account sa
              where sa.id = g.s and sa.control_account_id = a.id) end) = ${lines.length}::int`
    : sql``;
  // Prepared (a generic plan) for the entries of a few lines that arrive one by one; a large entry
  // (a lockbox chunk) is planned with its values, so the planner knows how many rows each array
  // holds (a generic plan assumes 10 and joins by nested loops: quadratic for thousands).
  const result = await sql<{ id: number; postedAt: Date; accountNames: Record<string, string> }>`${lines.length <= PREPARED_MAX_LINES ? prepared : sql``}
    with ${periodLock} header as (
      insert into journal_entry (entry_date, period_key, description, source_module, source_ref,
        idempotency_key, content_hash, reverses_entry_id, line_count, total_debit_cents, posted_by,
        entered_by, approved_by, approval_request_id)
      select ${entry.entryDate}::date, ${entry.periodKey}::text, ${entry.description}::text,
        ${entry.sourceModule}::text, ${entry.sourceRef}::text, ${entry.idempotencyKey}::text,
        ${entry.contentHash}::text, ${entry.reversesEntryId}::bigint, ${lines.length}::int,
        ${entry.totalDebitCents}::bigint, ${postedBy}::text, ${approval?.enteredBy ?? postedBy}::text,
        ${approval?.approvedBy ?? null}::text, ${approval?.requestId ?? null}::bigint
      ${guard}
      on conflict (idempotency_key) do nothing
      returning id, posted_at, entry_date, period_key
    ), entry_lines as (
      select l.n, a.id as account_id, l.f, l.x, l.m, l.s
      from unnest(${lines.map((l) => l.lineNumber)}::int[], ${lines.map((l) => l.accountCode)}::text[],
        ${lines.map((l) => l.fundCode)}::text[], ${lines.map((l) => l.amountCents)}::bigint[],
        ${lines.map((l) => l.memo)}::text[], ${lines.map((l) => l.subledgerAccountId)}::bigint[])
        as l(n, code, f, x, m, s)
      join account a on a.code = l.code
    ), lines as (
      insert into journal_line (entry_id, line_number, account_id, fund_code, amount_cents, memo,
        entry_date, period_key, subledger_account_id)
      select h.id, l.n, l.account_id, l.f, l.x, l.m, h.entry_date, h.period_key, l.s
      from header h cross join entry_lines l
      returning 1
    ), period_balance as (
      insert into account_period_balance (account_id, period_key, slot, debit_cents, credit_cents)
      select l.account_id, h.period_key, (pg_backend_pid() % 8)::smallint, sum(greatest(l.x, 0)),
        sum(greatest(-l.x, 0))
      from header h cross join entry_lines l
      group by l.account_id, h.period_key order by l.account_id
      on conflict (account_id, period_key, slot) do update set
        debit_cents = account_period_balance.debit_cents + excluded.debit_cents,
        credit_cents = account_period_balance.credit_cents + excluded.credit_cents
      returning 1
    ), day_balance as (
      insert into account_day_balance (account_id, balance_date, slot, debit_cents, credit_cents)
      select l.account_id, h.entry_date, (pg_backend_pid() % 8)::smallint, sum(greatest(l.x, 0)),
        sum(greatest(-l.x, 0))
      from header h cross join entry_lines l
      group by l.account_id, h.entry_date order by l.account_id
      on conflict (account_id, balance_date, slot) do update set
        debit_cents = account_day_balance.debit_cents + excluded.debit_cents,
        credit_cents = account_day_balance.credit_cents + excluded.credit_cents
      returning 1
    )${companion ? companion.ctes : sql``}, written as (
      select (select count(*) from lines) + (select count(*) from period_balance)
        + (select count(*) from day_balance)${companion ? sql` + ${companion.rowCount}` : sql``} as row_count
    )
    select h.id, h.posted_at as "postedAt",
      (select json_object_agg(a.code, a.name) from account a where a.code = any(${codes}::text[]))
        as "accountNames",
      ${auditAppendCall(options.audit, sql`h.id::text`)} as "auditId"${companion ? sql`, ${companion.select}` : sql``}
    from header h cross join written w where w.row_count > 0`.execute(db);
  const row = result.rows[0];
  if (!row) return null;
  const { id, postedAt, accountNames, auditId: _auditId, ...rest } = row as typeof row & { auditId?: unknown };
  return { id, postedAt, accountNames, companion: rest };
}

/** Database errors raised by the ledger's triggers carry our error code in their HINT. */
export function translateLedgerDatabaseError(error: unknown): unknown {
  if (typeof error !== 'object' || error === null) return error;
  const hint = 'hint' in error ? error.hint : undefined;
  const message = 'message' in error && typeof error.message === 'string' ? error.message : '';
  if (hint === 'period_closed') return new AppError('period_closed', capitalize(message), {});
  if (hint === 'unbalanced_entry') return new AppError('unbalanced_entry', capitalize(message), {});
  if (hint === 'invalid_input') return new AppError('invalid_input', capitalize(message), {});
  if (hint === 'immutable_entry') return new AppError('conflict', capitalize(message), {});
  return error;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

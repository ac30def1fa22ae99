/**
 * Trial balance, fund balances and account activity, read from the balance tables kept current
 * as entries post (never by summing the whole journal).
 *
 * As of a date D in fiscal year FY: balance-sheet accounts (asset, liability, fund balance) show
 * everything posted through D; revenue and expenditure accounts show FY-to-date activity; and
 * revenues less expenditures of earlier fiscal years that were never closed into fund balance
 * appear per fund as one line, so the trial balance always balances.
 */
import { sql } from 'kysely';
import { addDays, parseIsoDate, type Clock, type IsoDate } from '../shared/dates.js';
import type { Executor } from '../shared/db.js';
import { invalidInput } from '../shared/errors.js';
import { cents, sumCents, type Cents } from '../shared/money.js';
import { isDebitNormal, isNominalAccountType, type AccountType } from './chart.js';
import { fiscalYearOfDate, fiscalYearStart, periodStartOfDate } from './periods.js';
import { getAccount } from './chart-admin.js';

export interface TrialBalanceRow {
  /** Null for the "prior years not closed" line of a fund. */
  accountCode: string | null;
  accountName: string;
  accountType: AccountType;
  fundCode: string;
  debitCents: Cents;
  creditCents: Cents;
  /** Debits less credits. */
  netCents: Cents;
}

export interface TrialBalance {
  asOf: IsoDate;
  fiscalYear: number;
  fundCode: string | null;
  rows: TrialBalanceRow[];
  totalDebitCents: Cents;
  totalCreditCents: Cents;
  isBalanced: boolean;
}

interface NetRow {
  accountId: number;
  code: string;
  name: string;
  accountType: AccountType;
  fundCode: string;
  netCents: number;
}

/**
 * Net balances (debits - credits) of every account as of a date. Whole periods that ended before
 * D's month come from account_period_balance; the days of D's month from account_day_balance.
 */
async function netBalancesAsOf(
  db: Executor,
  options: { asOf: IsoDate; fundCode?: string | null; accountId?: number | null },
): Promise<NetRow[]> {
  const fiscalYear = fiscalYearOfDate(options.asOf);
  const monthStart = periodStartOfDate(options.asOf);
  const fund = options.fundCode ?? null;
  const accountId = options.accountId ?? null;
  const result = await sql<NetRow>`
    with by_period as (
      select b.account_id, sum(b.debit_cents - b.credit_cents) as net
      from account_period_balance b
      join fiscal_period p on p.key = b.period_key
      join account a on a.id = b.account_id
      where p.end_date < ${monthStart}::date
        and (a.account_type in ('asset', 'liability', 'fund_balance') or p.fiscal_year = ${fiscalYear}::int)
        and (${fund}::text is null or a.fund_code = ${fund}::text)
        and (${accountId}::bigint is null or a.id = ${accountId}::bigint)
      group by b.account_id
    ), by_day as (
      select d.account_id, sum(d.debit_cents - d.credit_cents) as net
      from account_day_balance d
      join account a on a.id = d.account_id
      where d.balance_date between ${monthStart}::date and ${options.asOf}::date
        and (${fund}::text is null or a.fund_code = ${fund}::text)
        and (${accountId}::bigint is null or a.id = ${accountId}::bigint)
      group by d.account_id
    )
    select a.id as "accountId", a.code, a.name, a.account_type as "accountType", a.fund_code as "fundCode",
      (coalesce(p.net, 0) + coalesce(d.net, 0))::bigint as "netCents"
    from account a
    left join by_period p on p.account_id = a.id
    left join by_day d on d.account_id = a.id
    where (p.account_id is not null or d.account_id is not null)
      and (${fund}::text is null or a.fund_code = ${fund}::text)
      and (${accountId}::bigint is null or a.id = ${accountId}::bigint)
    order by a.code`.execute(db);
  return result.rows;
}

/** Revenues less expenditures of fiscal years before `fiscalYear`, per fund (debit positive). */
async function priorYearsNominalNet(db: Executor, fiscalYear: number, fund: string | null): Promise<Map<string, number>> {
  const result = await sql<{ fundCode: string; netCents: number }>`
    select a.fund_code as "fundCode", sum(b.debit_cents - b.credit_cents)::bigint as "netCents"
    from account_period_balance b
    join fiscal_period p on p.key = b.period_key
    join account a on a.id = b.account_id
    where p.fiscal_year < ${fiscalYear}::int and a.account_type in ('revenue', 'expenditure')
      and (${fund}::text is null or a.fund_code = ${fund}::text)
    group by a.fund_code
    having sum(b.debit_cents - b.credit_cents) <> 0`.execute(db);
  return new Map(result.rows.map((row) => [row.fundCode, row.netCents]));
}

export interface TrialBalanceOptions {
  asOf?: string | null;
  fundCode?: string | null;
  includeZero?: boolean;
  clock: Clock;
}

export async function getTrialBalance(db: Executor, options: TrialBalanceOptions): Promise<TrialBalance> {
  const asOf = options.asOf ? parseIsoDate(options.asOf, 'asOf') : options.clock.today();
  const fundCode = options.fundCode?.trim() || null;
  if (fundCode !== null && !/^\d{3}$/.test(fundCode)) throw invalidInput('fund', `"${fundCode}" is not a fund code (three digits)`);
  const fiscalYear = fiscalYearOfDate(asOf);
  const [balances, prior] = await Promise.all([
    netBalancesAsOf(db, { asOf, fundCode }),
    priorYearsNominalNet(db, fiscalYear, fundCode),
  ]);
  const rows: TrialBalanceRow[] = [];
  for (const balance of balances) {
    if (balance.netCents === 0 && !options.includeZero) continue;
    rows.push(toRow(balance.code, balance.name, balance.accountType, balance.fundCode, balance.netCents));
  }
  for (const [fund, net] of prior) {
    rows.push(toRow(null, "Fund balance: earlier years' revenues less expenditures not yet closed", 'fund_balance', fund, net));
  }
  rows.sort((a, b) => a.fundCode.localeCompare(b.fundCode) || (a.accountCode ?? `${a.fundCode}-zzzz`).localeCompare(b.accountCode ?? `${b.fundCode}-zzzz`));
  const totalDebitCents = sumCents(rows.map((row) => row.debitCents));
  const totalCreditCents = sumCents(rows.map((row) => row.creditCents));
  return { asOf, fiscalYear, fundCode, rows, totalDebitCents, totalCreditCents, isBalanced: totalDebitCents === totalCreditCents };
}

function toRow(code: string | null, name: string, type: AccountType, fundCode: string, net: number): TrialBalanceRow {
  return {
    accountCode: code,
    accountName: name,
    accountType: type,
    fundCode,
    debitCents: cents(net > 0 ? net : 0),
    creditCents: cents(net < 0 ? -net : 0),
    netCents: cents(net),
  };
}

export interface FundBalance {
  fundCode: string;
  fundName: string;
  fundType: string;
  assetsCents: Cents;
  liabilitiesCents: Cents;
  /** Fund balance accounts plus earlier years' unclosed results. */
  beginningFundBalanceCents: Cents;
  revenuesCents: Cents;
  expendituresCents: Cents;
  /** beginning + revenues - expenditures; equals assets - liabilities when the fund balances. */
  endingFundBalanceCents: Cents;
}

/** Per fund: assets, liabilities, and fund balance (beginning + revenues - expenditures). */
export async function getFundBalances(db: Executor, options: { asOf?: string | null; clock: Clock }): Promise<{ asOf: IsoDate; funds: FundBalance[] }> {
  const trial = await getTrialBalance(db, { asOf: options.asOf ?? null, clock: options.clock, includeZero: true });
  const fundRows = await sql<{ code: string; name: string; fundType: string }>`
    select code, name, fund_type as "fundType" from fund order by code`.execute(db);
  const funds = fundRows.rows.map((fund) => {
    const rows = trial.rows.filter((row) => row.fundCode === fund.code);
    const total = (type: AccountType) => sumCents(rows.filter((row) => row.accountType === type).map((row) => row.netCents));
    const beginning = cents(-total('fund_balance'));
    const revenues = cents(-total('revenue'));
    const expenditures = total('expenditure');
    return {
      fundCode: fund.code,
      fundName: fund.name,
      fundType: fund.fundType,
      assetsCents: total('asset'),
      liabilitiesCents: cents(-total('liability')),
      beginningFundBalanceCents: beginning,
      revenuesCents: revenues,
      expendituresCents: expenditures,
      endingFundBalanceCents: cents(beginning + revenues - expenditures),
    };
  });
  return { asOf: trial.asOf, funds };
}

export interface ActivityLine {
  entryId: number;
  lineNumber: number;
  entryDate: IsoDate;
  periodKey: string;
  description: string;
  sourceModule: string;
  sourceRef: string | null;
  memo: string | null;
  debitCents: Cents;
  creditCents: Cents;
  /** Debits less credits, from the opening balance through this line. */
  runningBalanceCents: Cents;
  reversesEntryId: number | null;
}

export interface AccountActivity {
  account: { code: string; name: string; accountType: AccountType; fundCode: string; isDebitNormal: boolean };
  from: IsoDate;
  to: IsoDate;
  openingBalanceCents: Cents;
  closingBalanceCents: Cents;
  totalDebitCents: Cents;
  totalCreditCents: Cents;
  lineCount: number;
  lines: ActivityLine[];
}

/**
 * An account's lines between two dates with a running balance. Defaults: from the start of the
 * fiscal year to today. At most `limit` lines are returned (the running balance still counts all).
 */
export async function getAccountActivity(
  db: Executor,
  options: { accountCode: string; from?: string | null; to?: string | null; limit?: number; offset?: number; clock: Clock },
): Promise<AccountActivity> {
  const account = await getAccount(db, options.accountCode);
  const to = options.to ? parseIsoDate(options.to, 'to') : options.clock.today();
  const from = options.from ? parseIsoDate(options.from, 'from') : fiscalYearStart(fiscalYearOfDate(to));
  if (from > to) throw invalidInput('from', `${from} is after ${to}`);
  const limit = Math.min(Math.max(options.limit ?? 500, 1), 5_000);
  const offset = Math.max(options.offset ?? 0, 0);
  const dayBefore = addDays(from, -1);
  const startsNewYear = fiscalYearOfDate(dayBefore) !== fiscalYearOfDate(from);
  const opening =
    isNominalAccountType(account.accountType) && startsNewYear
      ? 0
      : ((await netBalancesAsOf(db, { asOf: dayBefore, accountId: account.id }))[0]?.netCents ?? 0);
  const totals = await sql<{ debit: number; credit: number; count: number }>`
    select coalesce(sum(greatest(amount_cents, 0)), 0)::bigint as debit,
      coalesce(sum(greatest(-amount_cents, 0)), 0)::bigint as credit, count(*)::bigint as count
    from journal_line where account_id = ${account.id} and entry_date between ${from}::date and ${to}::date`.execute(db);
  const lines = await sql<Omit<ActivityLine, 'runningBalanceCents' | 'debitCents' | 'creditCents'> & { amountCents: number; cumulative: number }>`
    select * from (
      select l.entry_id as "entryId", l.line_number as "lineNumber", l.entry_date as "entryDate",
        l.period_key as "periodKey", e.description, e.source_module as "sourceModule",
        e.source_ref as "sourceRef", l.memo, l.amount_cents as "amountCents",
        e.reverses_entry_id as "reversesEntryId",
        sum(l.amount_cents) over (order by l.entry_date, l.entry_id, l.line_number)::bigint as cumulative
      from journal_line l join journal_entry e on e.id = l.entry_id
      where l.account_id = ${account.id} and l.entry_date between ${from}::date and ${to}::date
    ) t order by "entryDate", "entryId", "lineNumber" limit ${limit} offset ${offset}`.execute(db);
  const summary = totals.rows[0] ?? { debit: 0, credit: 0, count: 0 };
  return {
    account: {
      code: account.code,
      name: account.name,
      accountType: account.accountType,
      fundCode: account.fundCode,
      isDebitNormal: isDebitNormal(account.accountType),
    },
    from,
    to,
    openingBalanceCents: cents(opening),
    closingBalanceCents: cents(opening + summary.debit - summary.credit),
    totalDebitCents: cents(summary.debit),
    totalCreditCents: cents(summary.credit),
    lineCount: summary.count,
    lines: lines.rows.map(({ amountCents, cumulative, ...line }) => ({
      ...line,
      debitCents: cents(amountCents > 0 ? amountCents : 0),
      creditCents: cents(amountCents < 0 ? -amountCents : 0),
      runningBalanceCents: cents(opening + cumulative),
    })),
  };
}

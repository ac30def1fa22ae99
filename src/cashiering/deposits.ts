/**
 * Deposits: the closed counter and mail batches of a day go to the bank together. One person
 * prepares the deposit (the slip: currency, coin, the list of checks and money orders; card and
 * ACH takings are the processor's settlement), another verifies it; verification posts the
 * undeposited funds of each fund to its bank account. A batch is in one deposit only.
 * What goes to the bank is what was counted: a counter batch's counted drawer less its float.
 * Errors: invalid_input, not_found, conflict, forbidden, period_closed.
 */
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import type { Clock, IsoDate } from '../shared/dates.js';
import { inTransaction, type Database, type Executor } from '../shared/db.js';
import { AppError, invalidFields, notFound } from '../shared/errors.js';
import { asRecord } from '../shared/input.js';
import { cents, type Cents } from '../shared/money.js';
import { normalizeEntry, postNormalizedEntry } from '../ledger/index.js';
import { getCashieringSetup } from './setup.js';
import { countTotals, denominationNames, type DenominationCount } from './tenders.js';

export interface DepositCheck {
  receiptNumber: string;
  tenderType: 'check' | 'money_order';
  checkNumber: string | null;
  bankName: string | null;
  payer: string | null;
  amountCents: Cents;
}

export interface Deposit {
  id: number;
  depositNumber: string;
  businessDate: IsoDate;
  status: 'prepared' | 'verified';
  currencyCents: Cents;
  coinCents: Cents;
  checksCents: Cents;
  checkCount: number;
  cardCents: Cents;
  otherCents: Cents;
  totalCents: Cents;
  bagNumber: string | null;
  preparedBy: string;
  preparedAt: string;
  verifiedBy: string | null;
  verifiedAt: string | null;
  journalEntryId: number | null;
  batches: Array<{ batchNumber: string; kind: string; cashier: string | null; totalCents: Cents; overShortCents: Cents }>;
  checks: DepositCheck[];
  /** What goes to each fund's bank account. */
  byFund: Array<{ fundCode: string; amountCents: Cents }>;
}

interface BatchRow {
  id: number;
  batchNumber: string;
  kind: string;
  status: string;
  depositId: number | null;
  openingCount: DenominationCount | null;
  closingCount: { cash?: DenominationCount } | null;
  overShortCents: number | null;
  cashier: string | null;
}

/** Counted drawer less its float, by currency and coin (coin short of the float comes out of currency). */
function takingsOf(batch: BatchRow): { currency: number; coin: number } {
  if (!batch.closingCount) return { currency: 0, coin: 0 };
  const closing = batch.closingCount.cash ?? {};
  const opening = batch.openingCount ?? {};
  let currency = 0;
  let coin = 0;
  for (const name of denominationNames) {
    const pieces = (closing[name] ?? 0) - (opening[name] ?? 0);
    const value = countTotals({ [name]: Math.abs(pieces) }).totalCents * Math.sign(pieces);
    if (name.startsWith('bill_')) currency += value;
    else coin += value;
  }
  if (coin < 0) {
    currency += coin;
    coin = 0;
  }
  return { currency, coin };
}

export async function prepareDeposit(
  database: Database,
  options: { input: unknown; actor: Actor; clock: Clock },
): Promise<Deposit> {
  const raw = asRecord(options.input, 'deposit');
  const numbers = Array.isArray(raw.batches) ? raw.batches.filter((value): value is string => typeof value === 'string').map((value) => value.toUpperCase()) : [];
  if (numbers.length === 0) throw invalidFields([{ field: 'batches', message: 'choose the closed batches that go in this deposit' }]);
  const bagNumber = typeof raw.bagNumber === 'string' && raw.bagNumber.trim() !== '' ? raw.bagNumber.trim().slice(0, 40) : null;
  return inTransaction(database, async (tx) => {
    const result = await sql<BatchRow>`select b.id, b.batch_number as "batchNumber", b.kind, b.status, b.deposit_id as "depositId",
        s.opening_count as "openingCount", s.closing_count as "closingCount", s.over_short_cents as "overShortCents", s.cashier
      from payment_batch b left join drawer_session s on s.batch_id = b.id
      where b.batch_number = any(${numbers}::text[]) order by b.id for update of b`.execute(tx);
    const problems = numbers.flatMap((number) => {
      const batch = result.rows.find((row) => row.batchNumber === number);
      if (!batch) return [{ field: 'batches', message: `batch ${number} was not found` }];
      if (batch.kind === 'lockbox') return [{ field: 'batches', message: `batch ${number} is a lockbox file: the bank deposited it` }];
      if (batch.status !== 'closed') return [{ field: 'batches', message: `batch ${number} is still open: close it first` }];
      if (batch.depositId !== null) return [{ field: 'batches', message: `batch ${number} is already in a deposit` }];
      return [];
    });
    if (problems.length > 0) throw invalidFields(problems);
    const ids = result.rows.map((row) => row.id);
    const tenders = await sql<{ type: string; amount: number; count: number }>`select t.tender_type as type,
        sum(t.amount_cents)::bigint as amount, count(*)::int as count
      from cash_tender t join cash_transaction x on x.id = t.transaction_id
      where x.batch_id = any(${ids}::bigint[]) and x.status <> 'voided' group by t.tender_type`.execute(tx);
    const sumOf = (type: string) => tenders.rows.find((row) => row.type === type)?.amount ?? 0;
    let currency = 0;
    let coin = 0;
    for (const batch of result.rows) {
      if (batch.kind === 'counter') {
        const takings = takingsOf(batch);
        currency += takings.currency;
        coin += takings.coin;
      }
    }
    // Mail batches' cash (rare) has no count: it goes in as currency at the keyed amount.
    const mailCash = await sql<{ amount: number }>`select coalesce(sum(t.amount_cents), 0)::bigint as amount
      from cash_tender t join cash_transaction x on x.id = t.transaction_id join payment_batch b on b.id = x.batch_id
      where b.id = any(${ids}::bigint[]) and b.kind = 'mail' and x.status <> 'voided' and t.tender_type = 'cash'`.execute(tx);
    currency += mailCash.rows[0]?.amount ?? 0;
    const counted = result.rows.filter((row) => row.kind === 'counter');
    const countedChecks = await sql<{ checks: number; other: number }>`select coalesce(sum(counted_checks_cents), 0)::bigint as checks,
        coalesce(sum(counted_other_cents), 0)::bigint as other from drawer_session where batch_id = any(${counted.map((row) => row.id)}::bigint[])`.execute(tx);
    const mailChecks = await sql<{ checks: number; other: number }>`select
        coalesce(sum(t.amount_cents) filter (where t.tender_type = 'check'), 0)::bigint as checks,
        coalesce(sum(t.amount_cents) filter (where t.tender_type = 'money_order'), 0)::bigint as other
      from cash_tender t join cash_transaction x on x.id = t.transaction_id join payment_batch b on b.id = x.batch_id
      where b.id = any(${ids}::bigint[]) and b.kind = 'mail' and x.status <> 'voided'`.execute(tx);
    const checks = (countedChecks.rows[0]?.checks ?? 0) + (countedChecks.rows[0]?.other ?? 0) + (mailChecks.rows[0]?.checks ?? 0) + (mailChecks.rows[0]?.other ?? 0);
    const checkCount = tenders.rows.filter((row) => row.type === 'check' || row.type === 'money_order').reduce((total, row) => total + row.count, 0);
    if (currency < 0) throw new AppError('conflict', 'The counted currency is less than the drawers\' floats; recount before depositing', {});
    const number = await sql<{ n: number }>`select nextval('deposit_number_seq')::bigint as n`.execute(tx);
    const depositNumber = `DEP-${String(number.rows[0]?.n).padStart(6, '0')}`;
    const inserted = await sql<{ id: number }>`insert into deposit (deposit_number, business_date, currency_cents, coin_cents, checks_cents,
        check_count, card_cents, other_cents, total_cents, bag_number, prepared_by)
      values (${depositNumber}, ${options.clock.today()}, ${currency}, ${coin}, ${checks}, ${checkCount}, ${sumOf('card')}, ${sumOf('ach')},
        ${currency + coin + checks + sumOf('card') + sumOf('ach')}, ${bagNumber}, ${options.actor.username}) returning id`.execute(tx);
    const id = inserted.rows[0]?.id as number;
    await sql`update payment_batch set deposit_id = ${id} where id = any(${ids}::bigint[])`.execute(tx);
    const deposit = await getDeposit(tx, depositNumber);
    const expected = deposit.byFund.reduce((total, row) => total + row.amountCents, 0);
    if (expected !== deposit.totalCents) {
      throw new AppError('conflict', `The deposit (${deposit.totalCents} cents) does not match the batches' undeposited funds (${expected} cents); recount the drawers`, {
        totalCents: deposit.totalCents, expectedCents: expected,
      });
    }
    await recordAudit(tx, { actor: options.actor, action: 'cashiering.prepare_deposit', entityType: 'deposit', entityId: depositNumber,
      after: { batches: numbers, totalCents: deposit.totalCents, currencyCents: currency, coinCents: coin, checksCents: checks } });
    return deposit;
  });
}

/** A second person verifies the bag against the slip; the deposit posts to the bank. */
export async function verifyDeposit(database: Database, options: { depositNumber: string; actor: Actor; clock: Clock }): Promise<Deposit> {
  return inTransaction(database, async (tx) => {
    const locked = await sql<{ id: number }>`select id from deposit where deposit_number = ${options.depositNumber.toUpperCase()} for update`.execute(tx);
    if (!locked.rows[0]) throw notFound('deposit', options.depositNumber);
    const deposit = await getDeposit(tx, options.depositNumber);
    if (deposit.status === 'verified') throw new AppError('conflict', `Deposit ${deposit.depositNumber} was already verified by ${deposit.verifiedBy}`, {});
    if (deposit.preparedBy === options.actor.username) {
      throw new AppError('forbidden', 'A deposit is verified by a second person, not the one who prepared it', {});
    }
    const setup = await getCashieringSetup(tx);
    const accounts = new Map(setup.fundAccounts.map((row) => [row.fundCode, row]));
    const lines = deposit.byFund.filter((row) => row.amountCents !== 0).flatMap((row) => {
      const fund = accounts.get(row.fundCode);
      if (!fund) throw new AppError('invalid_input', `Cashiering has no bank account for fund ${row.fundCode}`, { field: 'fund' });
      const amount = Math.abs(row.amountCents);
      const toBank = row.amountCents > 0;
      return [
        { account: fund.bankAccountCode, ...(toBank ? { debitCents: amount } : { creditCents: amount }) },
        { account: fund.undepositedAccountCode, ...(toBank ? { creditCents: amount } : { debitCents: amount }) },
      ];
    });
    let entryId: number | null = null;
    if (lines.length > 0) {
      const entry = normalizeEntry({
        entryDate: options.clock.today(),
        description: `Deposit ${deposit.depositNumber}${deposit.bagNumber ? `, bag ${deposit.bagNumber}` : ''} (${deposit.batches.map((batch) => batch.batchNumber).join(', ')})`.slice(0, 500),
        source: { module: 'cashiering', reference: deposit.depositNumber },
        idempotencyKey: `cashiering:deposit:${deposit.id}`,
        lines,
      }, { sourceModule: 'cashiering' });
      entryId = (await postNormalizedEntry(database, { entry, actor: options.actor, inTx: tx })).entry.id;
    }
    if (entryId === null) throw new AppError('conflict', `Deposit ${deposit.depositNumber} has nothing to post`, {});
    await sql`update deposit set status = 'verified', verified_by = ${options.actor.username}, verified_at = now(), journal_entry_id = ${entryId}
      where id = ${deposit.id}`.execute(tx);
    await recordAudit(tx, { actor: options.actor, action: 'cashiering.verify_deposit', entityType: 'deposit', entityId: deposit.depositNumber,
      after: { journalEntryId: entryId, totalCents: deposit.totalCents } });
    return getDeposit(tx, deposit.depositNumber);
  });
}

type DepositRow = Omit<Deposit, 'batches' | 'checks' | 'byFund' | 'preparedAt' | 'verifiedAt'> & { preparedAt: Date; verifiedAt: Date | null };

const depositColumns = sql`id, deposit_number as "depositNumber", business_date as "businessDate", status, currency_cents as "currencyCents",
  coin_cents as "coinCents", checks_cents as "checksCents", check_count as "checkCount", card_cents as "cardCents",
  other_cents as "otherCents", total_cents as "totalCents", bag_number as "bagNumber", prepared_by as "preparedBy",
  prepared_at as "preparedAt", verified_by as "verifiedBy", verified_at as "verifiedAt", journal_entry_id as "journalEntryId"`;

export async function getDeposit(db: Executor, depositNumber: string): Promise<Deposit> {
  const result = await sql<DepositRow>`select ${depositColumns} from deposit where deposit_number = ${depositNumber.toUpperCase()}`.execute(db);
  const row = result.rows[0];
  if (!row) throw notFound('deposit', depositNumber);
  const batches = await sql<Deposit['batches'][number]>`select b.batch_number as "batchNumber", b.kind, s.cashier,
      coalesce((select sum(x.total_cents) from cash_transaction x where x.batch_id = b.id and x.status <> 'voided'), 0)::bigint as "totalCents",
      coalesce(s.over_short_cents, 0)::bigint as "overShortCents"
    from payment_batch b left join drawer_session s on s.batch_id = b.id where b.deposit_id = ${row.id} order by b.id`.execute(db);
  const checks = await sql<DepositCheck>`select x.receipt_number as "receiptNumber", t.tender_type as "tenderType", t.check_number as "checkNumber",
      t.bank_name as "bankName", coalesce(x.payer_name, c.legal_name) as payer, t.amount_cents as "amountCents"
    from cash_tender t join cash_transaction x on x.id = t.transaction_id join payment_batch b on b.id = x.batch_id
    left join customer c on c.id = x.customer_id
    where b.deposit_id = ${row.id} and x.status <> 'voided' and t.tender_type in ('check', 'money_order')
    order by t.tender_type, x.id, t.line_number`.execute(db);
  // Each fund's share: its receipts in these batches; the drawers' over/short belongs to the fund of
  // the over/short account (its undeposited funds took the other side).
  const receipts = await sql<{ fundCode: string; amountCents: number }>`select l.fund_code as "fundCode", sum(l.amount_cents)::bigint as "amountCents"
    from cash_transaction_line l join cash_transaction x on x.id = l.transaction_id join payment_batch b on b.id = x.batch_id
    where b.deposit_id = ${row.id} and x.status <> 'voided' group by l.fund_code`.execute(db);
  const funds = new Map(receipts.rows.map((fund) => [fund.fundCode, fund.amountCents]));
  const overShort = batches.rows.reduce((total, batch) => total + batch.overShortCents, 0);
  if (overShort !== 0) {
    const fund = (await getCashieringSetup(db)).overShortAccountCode?.slice(0, 3) ?? '100';
    funds.set(fund, (funds.get(fund) ?? 0) + overShort);
  }
  const byFund = [...funds].sort(([a], [b]) => a.localeCompare(b)).map(([fundCode, amount]) => ({ fundCode, amountCents: cents(amount) }));
  const { preparedAt, verifiedAt, ...rest } = row;
  return {
    ...rest,
    preparedAt: preparedAt.toISOString(),
    verifiedAt: verifiedAt ? verifiedAt.toISOString() : null,
    batches: batches.rows,
    checks: checks.rows,
    byFund,
  };
}

export async function listDeposits(db: Executor, filter: { status?: 'prepared' | 'verified' | null; businessDate?: IsoDate | null } = {}): Promise<Omit<Deposit, 'batches' | 'checks' | 'byFund'>[]> {
  const result = await sql<DepositRow>`select ${depositColumns} from deposit
    where (${filter.status ?? null}::text is null or status = ${filter.status ?? null})
      and (${filter.businessDate ?? null}::date is null or business_date = ${filter.businessDate ?? null})
    order by id desc limit 200`.execute(db);
  return result.rows.map(({ preparedAt, verifiedAt, ...rest }) => ({
    ...rest,
    preparedAt: preparedAt.toISOString(),
    verifiedAt: verifiedAt ? verifiedAt.toISOString() : null,
  }));
}

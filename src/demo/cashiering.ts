/**
 * The demo city's cashiering: accounts, three drawers, the counter items, and a living counter.
 * The previous business day: Rosa Martinez's and David Kim's drawers (David's over by more than
 * the threshold, signed off by the finance manager), a mail batch keyed by Linh Nguyen, and the
 * deposit David prepared and Priya Shah verified. Today: David's drawer is open with a few
 * receipts, and one of yesterday's mailed checks has come back NSF (fee and notice). Rosa's drawer
 * is closed, so she starts the day by counting her float.
 * Loaded once (skipped when any drawer exists); deterministic.
 */
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { addDays, fixedClock, type Clock, type IsoDate } from '../shared/dates.js';
import type { Database } from '../shared/db.js';
import { cents, type Cents } from '../shared/money.js';
import {
  closeDrawerSession,
  closeMailBatch,
  createDrawer,
  openDrawerSession,
  openMailBatch,
  prepareDeposit,
  recordReceiptPrint,
  recordReturnedPayment,
  saveCounterItem,
  setCashieringAccounts,
  seedLockboxLayouts,
  listLockboxLayouts,
  formatLockboxFile,
  importLockboxFile,
  setFundAccounts,
  signOffDrawerSession,
  takePayment,
  testCardProcessor,
  verifyDeposit,
  type DenominationCount,
  type DrawerSession,
} from '../cashiering/index.js';
import { createRandom } from './random.js';

const staff = (username: string): Actor => ({ userId: null, username, via: 'system' });
const rosa = staff('rosa.martinez');
const david = staff('david.kim');
const linh = staff('linh.nguyen');
const priya = staff('priya.shah');
const maria = staff('maria.lopez');

export const demoCounterItems = [
  { code: 'COPIES', name: 'Copies (per page)', unitPriceCents: 25, revenueAccount: '100-1510-43500' },
  { code: 'COPIES_CERTIFIED', name: 'Certified copy', unitPriceCents: 500, revenueAccount: '100-1510-43500' },
  { code: 'RECORDS_RESEARCH', name: 'Records research', unitPriceCents: null, revenueAccount: '100-1510-43500' },
  { code: 'TRANSIT_MONTHLY', name: 'Transit pass, monthly', unitPriceCents: 4_000, revenueAccount: '100-3200-43600' },
  { code: 'TRANSIT_SENIOR', name: 'Transit pass, senior/disabled monthly', unitPriceCents: 2_000, revenueAccount: '100-3200-43600' },
  { code: 'DIAL_A_RIDE_10', name: 'Dial-a-ride card, 10 rides', unitPriceCents: 2_500, revenueAccount: '100-3200-43600' },
  { code: 'GOLF_CARD', name: 'Golf course 10-round card', unitPriceCents: 18_000, revenueAccount: '100-5100-43700' },
  { code: 'FACILITY_DEPOSIT', name: 'Facility use fee', unitPriceCents: null, revenueAccount: '100-5100-43700' },
  { code: 'MISC_FEE', name: 'Miscellaneous fee', unitPriceCents: null, revenueAccount: '100-0000-47900' },
] as const;

/** A $200.00 float: 5 twenties, 5 tens, 8 fives, 10 ones, $10 in quarters. */
const float: DenominationCount = { bill_20: 5, bill_10: 5, bill_5: 8, bill_1: 10, coin_25: 40 };

interface OpenAccount {
  accountNumber: string;
  customerId: number;
  balanceCents: Cents;
  isCashOnly: boolean;
}

export interface DemoCashieringReport {
  receipts: number;
  wasAlreadyLoaded: boolean;
}

function previousBusinessDay(date: IsoDate): IsoDate {
  let day = addDays(date, -1);
  while ([0, 6].includes(new Date(`${day}T12:00:00Z`).getUTCDay())) day = addDays(day, -1);
  return day;
}

const clockOn = (date: IsoDate): Clock => fixedClock(new Date(`${date}T19:30:00Z`));

export async function loadDemoCashiering(database: Database, options: { actor: Actor; clock: Clock }): Promise<DemoCashieringReport> {
  const existing = await sql<{ n: number }>`select count(*)::int as n from cash_drawer`.execute(database.kysely);
  if ((existing.rows[0]?.n ?? 0) > 0) return { receipts: 0, wasAlreadyLoaded: true };
  const { actor } = options;
  for (const fund of ['100', '220', '510', '520', '610']) {
    await setFundAccounts(database, {
      input: { fundCode: fund, undepositedAccount: `${fund}-0000-10500`, bankAccount: `${fund}-0000-10100`,
        returnedFeeAccount: fund === '100' ? '100-1510-47500' : fund === '510' ? '510-7100-47500' : null },
      actor,
    });
  }
  await setCashieringAccounts(database, { input: { overShortAccount: '100-1510-58100', lockboxSuspenseAccount: '100-0000-22900' }, actor });
  await seedLockboxLayouts(database, actor);
  for (const drawer of [
    { code: 'D1', name: 'Front counter, window 1', location: 'City Hall lobby' },
    { code: 'D2', name: 'Front counter, window 2', location: 'City Hall lobby' },
    { code: 'D3', name: 'Utility billing window', location: 'Finance, 2nd floor' },
  ]) await createDrawer(database, { input: drawer, actor });
  for (const item of demoCounterItems) await saveCounterItem(database, { input: item, actor });

  const today = options.clock.today();
  const yesterday = previousBusinessDay(today);
  const random = createRandom('cashiering');
  const open = await openAccounts(database);
  let next = 0;
  const take = (count: number) => {
    const taken = open.slice(next, next + count);
    next += count;
    return taken;
  };
  let receipts = 0;
  const pay = async (who: Actor, date: IsoDate, key: string, input: Record<string, unknown>) => {
    await takePayment(database, { input: { ...input, idempotencyKey: `demo:cashiering:${key}` }, actor: who, clock: clockOn(date), processor: testCardProcessor });
    receipts += 1;
  };
  const counterDay = async (who: Actor, drawer: string, date: IsoDate, accounts: OpenAccount[], prefix: string): Promise<DrawerSession> => {
    const session = await openDrawerSession(database, { input: { drawer, openingCount: float }, actor: who, clock: clockOn(date) });
    for (const [index, account] of accounts.entries()) {
      const partial = index % 5 === 3;
      const amount = partial ? cents(Math.max(100, Math.round(account.balanceCents / 200) * 100)) : account.balanceCents;
      const tenderType = account.isCashOnly ? 'cash' : (['cash', 'check', 'card', 'cash', 'check'] as const)[index % 5] as 'cash' | 'check' | 'card';
      const items = index % 4 === 1 ? [{ item: 'COPIES', quantity: 1 + random.integer(1, 12) }] : index % 7 === 2 ? [{ item: 'TRANSIT_MONTHLY' }] : [];
      const itemCents = items.reduce((total, item) => total + ('quantity' in item ? item.quantity * 25 : 4_000), 0);
      const total = amount + itemCents;
      const tendered = tenderType === 'cash' ? Math.ceil(total / 2_000) * 2_000 : total;
      await pay(who, date, `${prefix}-${index}`, {
        customerId: account.customerId,
        lines: [{ account: account.accountNumber, amountCents: amount }, ...items],
        tenders: [{
          type: tenderType, amountCents: tendered,
          ...(tenderType === 'check' ? { checkNumber: String(1000 + random.integer(1, 8999)), bankName: random.pick(['Sierra Foothill Bank', 'Golden State Credit Union', 'Wells Fargo', 'Bank of America']) } : {}),
          ...(tenderType === 'card' ? { cardToken: random.pick(['tok_test_visa_4242', 'tok_test_mastercard_4444', 'tok_test_discover_1117']) } : {}),
        }],
        confirmPartial: partial,
      });
    }
    // Walk-up sales with no account.
    await pay(who, date, `${prefix}-walkup-1`, { payerName: 'Walk-up customer', lines: [{ item: 'DIAL_A_RIDE_10' }, { item: 'TRANSIT_SENIOR' }], tenders: [{ type: 'cash', amountCents: 5_000 }] });
    await pay(who, date, `${prefix}-walkup-2`, { payerName: 'Records request', lines: [{ item: 'COPIES_CERTIFIED', quantity: 2 }, { item: 'COPIES', quantity: 14 }], tenders: [{ type: 'cash', amountCents: 1_500 }] });
    return session;
  };
  const countOut = async (session: DrawerSession, who: Actor, date: IsoDate, offByCents: number): Promise<DrawerSession> => {
    const current = (await sql<{ cash: number; change: number; checks: number; other: number }>`select
        coalesce(sum(t.amount_cents) filter (where t.tender_type = 'cash'), 0)::bigint as cash,
        coalesce(sum(t.amount_cents) filter (where t.tender_type = 'check'), 0)::bigint as checks,
        coalesce(sum(t.amount_cents) filter (where t.tender_type = 'money_order'), 0)::bigint as other,
        (select coalesce(sum(change_cents), 0)::bigint from cash_transaction where batch_id = ${session.batchId} and status <> 'voided') as change
      from cash_tender t join cash_transaction x on x.id = t.transaction_id where x.batch_id = ${session.batchId} and x.status <> 'voided'`
      .execute(database.kysely)).rows[0] ?? { cash: 0, change: 0, checks: 0, other: 0 };
    const cash = session.openingFloatCents + current.cash - current.change + offByCents;
    const twenties = Math.floor((cash - 1_000) / 2_000);
    let rest = cash - twenties * 2_000;
    const fives = Math.floor(rest / 500);
    rest -= fives * 500;
    const count: DenominationCount = { bill_20: twenties, bill_5: fives, bill_1: Math.floor(rest / 100), coin_10: Math.floor((rest % 100) / 10), coin_1: rest % 10 };
    return closeDrawerSession(database, {
      sessionId: session.id, actor: who, clock: clockOn(date), signOffThresholdCents: cents(500),
      input: { cash: count, checkCount: 0, checksCents: current.checks, moneyOrdersCents: current.other },
    });
  };

  // The previous business day.
  const rosaDay = await counterDay(rosa, 'D1', yesterday, take(12), 'prev-d1');
  await countOut(rosaDay, rosa, yesterday, -200);
  const davidDay = await counterDay(david, 'D2', yesterday, take(7), 'prev-d2');
  const davidClosed = await countOut(davidDay, david, yesterday, 1_200);
  if (davidClosed.signOffStatus === 'required') {
    await signOffDrawerSession(database, { sessionId: davidClosed.id, note: 'Recounted with the cashier: a customer left $12 change on the counter; over posted', actor: maria });
  }
  const mailAccounts = take(8).filter((account) => !account.isCashOnly);
  const mailTotal = mailAccounts.reduce((total, account) => total + account.balanceCents, 0);
  const mail = await openMailBatch(database, { input: { controlTotalCents: mailTotal, controlCount: mailAccounts.length, description: 'Mail payments, utility drop box' }, actor: linh, clock: clockOn(yesterday) });
  const mailChecks: string[] = [];
  for (const [index, account] of mailAccounts.entries()) {
    const check = String(2000 + random.integer(1, 7999));
    await pay(linh, yesterday, `prev-mail-${index}`, { batch: mail.batchNumber, customerId: account.customerId,
      lines: [{ account: account.accountNumber, amountCents: account.balanceCents }],
      tenders: [{ type: 'check', amountCents: account.balanceCents, checkNumber: check }] });
    mailChecks.push(check);
  }
  await closeMailBatch(database, { batch: mail.batchNumber, actor: linh });
  const deposit = await prepareDeposit(database, { input: { batches: [rosaDay.batchNumber, davidDay.batchNumber, mail.batchNumber], bagNumber: 'AC-20417' }, actor: david, clock: clockOn(yesterday) });
  await verifyDeposit(database, { depositNumber: deposit.depositNumber, actor: priya, clock: clockOn(yesterday) });

  // Today: one of yesterday's mailed checks came back; David's drawer is open.
  const returned = await sql<{ receiptNumber: string }>`select x.receipt_number as "receiptNumber" from cash_transaction x
    join payment_batch b on b.id = x.batch_id where b.batch_number = ${mail.batchNumber} order by x.id limit 1`.execute(database.kysely);
  if (returned.rows[0]) {
    await recordReturnedPayment(database, { input: { receiptNumber: returned.rows[0].receiptNumber, reason: 'nsf' }, actor: priya,
      clock: clockOn(today), returnsBeforeCashOnly: 2 });
  }
  // Yesterday's lockbox file from First California Bank: most stubs match; two wait for a clerk.
  const lockboxAccounts = take(12).filter((account) => !account.isCashOnly);
  const fixed = (await listLockboxLayouts(database.kysely)).find((layout) => layout.code === 'first_california_bank');
  if (fixed && lockboxAccounts.length > 0) {
    const content = formatLockboxFile(fixed.spec, { depositDate: yesterday, payments: [
      ...lockboxAccounts.map((account, index) => ({ accountReference: account.accountNumber, amountCents: account.balanceCents,
        checkNumber: String(3000 + index * 7), routingNumber: '121000358', checkAccount: String(40_000_000 + index * 131), payerName: account.accountNumber })),
      { accountReference: 'UB-9999999', amountCents: cents(6_412), checkNumber: '1187', routingNumber: '322271627', payerName: 'HERNANDEZ, R' },
      { accountReference: 'SEE ENCLOSED', amountCents: cents(2_500), checkNumber: '504', routingNumber: '121042882', payerName: 'PHAM FAMILY' },
    ] });
    await importLockboxFile(database, { layoutCode: 'first_california_bank', fileName: `FCB-LBX-${yesterday.replaceAll('-', '')}.txt`, content,
      actor: linh, clock: clockOn(yesterday) });
  }
  await counterDay(david, 'D2', today, take(4), 'today-d2');
  const last = await sql<{ receiptNumber: string }>`select receipt_number as "receiptNumber" from cash_transaction order by id desc limit 1`.execute(database.kysely);
  if (last.rows[0]) await recordReceiptPrint(database, { receiptNumber: last.rows[0].receiptNumber, actor: david });
  return { receipts, wasAlreadyLoaded: false };
}

/** Accounts that owe something, of customers who take mail (deterministic order). */
async function openAccounts(database: Database): Promise<OpenAccount[]> {
  const result = await sql<OpenAccount>`select r.account_number as "accountNumber", r.customer_id as "customerId",
      sum(l.amount_cents)::bigint as "balanceCents", c.is_cash_only as "isCashOnly"
    from receivable_account r join customer c on c.id = r.customer_id join journal_line l on l.subledger_account_id = r.id
    where r.status <> 'closed' and c.status = 'active'
    group by r.id, r.account_number, r.customer_id, c.is_cash_only
    having sum(l.amount_cents) between 1000 and 60000
    order by r.id`.execute(database.kysely);
  // Spread over the kinds: every third account keeps them from all being water bills.
  return result.rows.filter((_, index) => index % 3 === 0);
}

/**
 * The demo city's collections, so that the Collections desk shows a living system: the chains of
 * its four classes, the penalty rule (10% of the unpaid bill plus 1% of the past-due balance, $5
 * at least, after 5 days' grace), this year's reconnection fees, two office closures at the year's
 * end, and the daily job run as it would have run since October — cases opened, late and SB 998
 * notices, door hangers, shutoff orders waiting for release. Along the way a clerk records what
 * the customers brought: a bill investigation, a medical certification with inability to pay (the
 * system offers an arrangement), a low-income household; an arrangement and a hold; and two
 * shutoffs go to the field, one of them paid and reconnected with the capped fee.
 *
 * Safe to run again: it does nothing once a collection run exists.
 */
import { sql } from 'kysely';
import type { Actor, Principal } from '../shared/actor.js';
import { fixedClock, type IsoDate } from '../shared/dates.js';
import type { Database } from '../shared/db.js';
import { cents } from '../shared/money.js';
import {
  addPenaltyRule,
  addReconnectionFeeSchedule,
  closeOffice,
  createArrangement,
  loadDelinquency,
  orderReconnection,
  placeHold,
  recordProtection,
  releaseShutoffOrder,
  runDailyCollections,
  saveChain,
  shutoffCompletionGuard,
} from '../collections/index.js';
import { postPayment } from '../receivables/index.js';
import { completeServiceOrder } from '../utility/index.js';

const residentialChain = [
  { stepOrder: 1, stepType: 'late_notice', name: 'Late notice', daysPastDue: 5, waitBusinessDays: 0 },
  { stepOrder: 2, stepType: 'sb998_notice', name: 'SB 998 notice of disconnection', daysPastDue: 45, waitBusinessDays: 0 },
  { stepOrder: 3, stepType: 'door_hanger', name: '48-hour door hanger', daysPastDue: 55, waitBusinessDays: 0 },
  { stepOrder: 4, stepType: 'shutoff_order', name: 'Shutoff order', daysPastDue: 60, waitBusinessDays: 2 },
];
const businessChain = [
  { stepOrder: 1, stepType: 'late_notice', name: 'Late notice', daysPastDue: 5, waitBusinessDays: 0 },
  { stepOrder: 2, stepType: 'final_notice', name: 'Final notice (posted)', daysPastDue: 30, waitBusinessDays: 0 },
  { stepOrder: 3, stepType: 'shutoff_order', name: 'Shutoff order', daysPastDue: 45, waitBusinessDays: 2 },
];

/** The chains of the demo's classes (also used by the benchmark). */
export async function demoCollectionChains(database: Database, actor: Actor): Promise<void> {
  for (const classCode of ['single_family', 'multi_family']) await saveChain(database, { classCode, steps: residentialChain, actor });
  for (const classCode of ['commercial', 'irrigation']) await saveChain(database, { classCode, steps: businessChain, actor });
}

const runDays = ['2026-10-05', '2026-10-19', '2026-11-02', '2026-11-16', '2026-11-23', '2026-11-30', '2026-12-04'] as const;

export interface DemoCollectionsReport {
  runs: number;
  wasAlreadyLoaded: boolean;
}

const day = (text: string): IsoDate => text as IsoDate;
const clockOn = (date: string) => fixedClock(new Date(`${date}T17:00:00Z`));

export async function loadDemoCollections(database: Database, options: { actor: Principal }): Promise<DemoCollectionsReport> {
  const { actor } = options;
  const existing = await sql<{ count: number }>`select count(*)::int as count from collection_run`.execute(database.kysely);
  if ((existing.rows[0]?.count ?? 0) > 0) return { runs: 0, wasAlreadyLoaded: true };

  await demoCollectionChains(database, actor);
  await addPenaltyRule(database, { input: { effectiveFrom: '2026-07-01', graceDays: 5, currentRate: '0.10', pastDueRate: '0.01', minimumCents: 500,
    revenueAccount: '510-7100-44500', description: 'Late payment penalty (Municipal Code 13.04.210)' }, actor });
  await addReconnectionFeeSchedule(database, { input: { effectiveFrom: '2026-07-01', businessHoursCents: 7500, afterHoursCents: 20000,
    lowIncomeBusinessHoursCapCents: 5600, lowIncomeAfterHoursCapCents: 16800, actualCostBusinessHoursCents: 9200, actualCostAfterHoursCents: 24500,
    revenueAccountCode: '510-7100-44700',
    authority: 'Council resolution 2026-33; H&S Code 116914: $50 and $150 caps adjusted by the CPI since 2021 for households below 200% of the poverty line' }, actor });
  await closeOffice(database, { input: { closedOn: '2026-12-24', reason: 'City Hall closed: Christmas Eve (council resolution 2026-41)' }, actor });
  await closeOffice(database, { input: { closedOn: '2026-12-31', reason: 'City Hall closed: New Year\'s Eve (council resolution 2026-41)' }, actor });

  // The long-delinquent residential accounts (balances from the legacy system since the spring).
  const owed = await loadDelinquency(database.kysely, { asOf: day('2026-10-05') });
  const residential = await sql<{ id: number }>`select ua.id from utility_account ua join utility_class c on c.code = ua.class_code
    where c.is_residential and ua.status = 'active' order by ua.id`.execute(database.kysely);
  const isResidential = new Set(residential.rows.map((row) => row.id));
  const longLate = owed.filter((row) => isResidential.has(row.utilityAccountId) && row.oldestUnpaidDueDate !== null
    && row.oldestUnpaidDueDate <= '2026-07-31' && row.pastDueCents >= 5_000).map((row) => row.utilityAccountId);
  const [investigated, medical, lowIncome, arranged, held, shutOff, reconnected] = longLate;

  let runs = 0;
  const runOn = async (date: string): Promise<void> => {
    await runDailyCollections(database, { asOf: day(date), actor });
    runs += 1;
  };
  for (const date of runDays.slice(0, 3)) await runOn(date);

  // A customer disputes a bill; another brings a doctor's letter; a third documents her income.
  if (investigated) {
    await recordProtection(database, { account: investigated, actor, clock: clockOn('2026-11-04'), input: { protectionType: 'bill_investigation',
      receivedOn: '2026-11-04', documentRef: 'Customer says the June read was misread; re-read ordered, bill under investigation' } });
  }
  if (medical) {
    await recordProtection(database, { account: medical, actor, clock: clockOn('2026-11-05'), input: { protectionType: 'medical_certification',
      receivedOn: '2026-11-05', validUntil: '2027-05-04', providerName: 'Dr. Elena Ruiz, Alder Creek Family Clinic', licenseNumber: 'A 128844' } });
    await recordProtection(database, { account: medical, actor, clock: clockOn('2026-11-05'), input: { protectionType: 'inability_to_pay',
      receivedOn: '2026-11-05', program: 'medi_cal', caseNumber: '94-118-2231' } });
    await recordProtection(database, { account: medical, actor, clock: clockOn('2026-11-05'), input: { protectionType: 'willing_arrangement',
      receivedOn: '2026-11-05', documentRef: 'Asked for a payment plan at the counter' } });
  }
  if (lowIncome) {
    await recordProtection(database, { account: lowIncome, actor, clock: clockOn('2026-11-06'), input: { protectionType: 'low_income',
      receivedOn: '2026-11-06', householdSize: 4, annualIncomeCents: 4_200_000 } });
  }
  if (arranged) {
    await createArrangement(database, { actor, input: { accountId: arranged, months: 6, type: 'amortization', dueWithBills: false,
      firstDueOn: '2026-12-15', asOf: '2026-11-10' } });
  }
  await runOn(runDays[3]);

  // Two shutoffs go to the field; one customer pays the same afternoon and is reconnected.
  const pending = await sql<{ id: number; accountId: number }>`select id, utility_account_id as "accountId" from shutoff_order
    where status = 'pending' and utility_account_id = any(${[shutOff, reconnected].filter((id): id is number => id !== undefined)}::bigint[]) order by id`.execute(database.kysely);
  const guard = shutoffCompletionGuard(database);
  for (const order of pending.rows) {
    const released = await releaseShutoffOrder(database, { shutoffId: order.id, actor, asOf: day('2026-11-17') });
    await completeServiceOrder(database, { orderKey: released.serviceOrderNumber as string, principal: actor, clock: clockOn('2026-11-18'), shutoffGuard: guard,
      input: { notes: 'Curb stop closed and locked; door hanger left with the reconnection instructions' } });
  }
  const reconnect = pending.rows.find((order) => order.accountId === reconnected);
  if (reconnect && reconnected !== undefined) {
    const ordered = await orderReconnection(database, { shutoffId: reconnect.id, afterHours: false, actor, asOf: day('2026-11-18') });
    const due = (await loadDelinquency(database.kysely, { asOf: day('2026-11-18'), accountIds: [reconnected] }))[0];
    await postPayment(database, { actor, input: { account: reconnected, paymentDate: '2026-11-18', amountCents: cents(due?.balanceCents ?? 0),
      cashAccount: '510-0000-10100', reference: 'Paid in full with the reconnection fee at the counter', idempotencyKey: `demo:collections:reconnect-payment:${reconnected}` } });
    await completeServiceOrder(database, { orderKey: ordered.reconnectOrderNumber as string, principal: actor, clock: clockOn('2026-11-18'), shutoffGuard: guard,
      input: { notes: 'Service restored, no leaks at the meter' } });
  }
  for (const date of runDays.slice(4, 6)) await runOn(date);
  if (held) {
    await placeHold(database, { accountId: held, reason: 'Customer in the hospital; her daughter called on 2026-11-30 and will pay by the 18th',
      endsOn: '2026-12-21', actor, asOf: day('2026-11-30') });
  }
  await runOn(runDays[6]);
  return { runs, wasAlreadyLoaded: false };
}

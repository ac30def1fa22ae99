/**
 * Loads the demo city into a database through the ledger's public API, as an accountant would:
 * the chart of accounts, fiscal years 2026 and 2027, the opening balances and five months of
 * activity in one all-or-nothing batch, the reversals of three mistaken entries, and the month-end
 * closes of FY 2025-26 and July-September 2026 (October and November stay open).
 *
 * Safe to run again: every step checks what is already there, and every entry carries a stable
 * `demo:` idempotency key, so a second run (or a run after a crash part-way) posts nothing twice.
 * It refuses (conflict) a database whose chart of accounts is not the demo city's.
 */
import { sql } from 'kysely';
import {
  closePeriod,
  importChartCsv,
  listAccounts,
  listJournalEntries,
  listPeriods,
  postJournalEntries,
  reverseJournalEntry,
  setUpFiscalYear,
  type JournalEntry,
} from '../ledger/index.js';
import { systemActor, systemPrincipal, type Actor } from '../shared/actor.js';
import type { Clock } from '../shared/dates.js';
import type { Database } from '../shared/db.js';
import { AppError, assert } from '../shared/errors.js';
import type { DemoReversal } from './activity/corrections.js';
import { buildDemoJournal } from './build-demo-journal.js';
import { buildDemoChartCsv, demoAccounts } from './chart.js';
import { DEMO_CITY_NAME, demoDepartments, demoFunds } from './city.js';
import { loadDemoCashiering } from './cashiering.js';
import { loadDemoCustomers } from './customers.js';
import { loadDemoUtility } from './utility.js';
import { loadDemoCollections } from './collections.js';

export interface DemoCityReport {
  cityName: string;
  fundCount: number;
  departmentCount: number;
  accountCount: number;
  /** Entries this run posted (0 when the demo was already loaded). */
  entriesPosted: number;
  /** Entries in the demo, reversals included. */
  entryCount: number;
  periodsClosed: string[];
  /** Customers this run created (0 when they were already there), and their receivable items. */
  customersCreated: number;
  receivableItemsPosted: number;
  /** Receipts the demo counter took this run. */
  receiptsTaken: number;
  /** Utility accounts created and bills finalized this run. */
  utilityAccountsCreated: number;
  utilityBillsFinalized: number;
  /** True when the demo was already complete and this run changed nothing. */
  wasAlreadyLoaded: boolean;
}

export interface LoadDemoOptions {
  clock: Clock;
  actor?: Actor;
  onProgress?: (done: number, total: number) => void;
}

/** FY 2025-26 is audited and closed; so are the first three months of FY 2026-27. */
const periodsToClose = [
  ...['07', '08', '09', '10', '11', '12'].map((month) => `2025-${month}`),
  ...['01', '02', '03', '04', '05', '06'].map((month) => `2026-${month}`),
  'FY2026-13',
  '2026-07',
  '2026-08',
  '2026-09',
];

const OPENING_KEY = 'demo:opening-balances:fy2027';

export async function loadDemoCity(
  database: Database,
  options: LoadDemoOptions,
): Promise<DemoCityReport> {
  const actor = options.actor ?? systemActor;
  // The batch is all or nothing, so its opening entry being there means all of it is.
  const isBatchPosted = (await findDemoEntry(database, OPENING_KEY, 'OB FY2027')) !== undefined;
  if (!isBatchPosted) await prepareChart(database, actor);
  for (const fiscalYear of [2026, 2027]) await setUpFiscalYear(database, { fiscalYear, actor });
  const plan = buildDemoJournal();
  let entriesPosted = 0;
  if (!isBatchPosted) {
    const result = await postJournalEntries(database, {
      inputs: plan.entries,
      actor,
      // Smaller chunks only when someone watches the progress, so the bar moves.
      ...(options.onProgress ? { onProgress: options.onProgress, chunkSize: 100 } : {}),
    });
    entriesPosted += result.postedCount;
  }
  for (const reversal of plan.reversals) {
    if (await postReversal(database, reversal, actor, options.clock)) entriesPosted += 1;
  }
  // Customers and their receivables from July on, while July is still open (a demo loaded before
  // customers existed keeps its closed months and gets none).
  const isJulyOpen = (await listPeriods(database.kysely)).some((period) => period.key === '2026-07' && period.status === 'open');
  const customers = isJulyOpen
    ? await loadDemoCustomers(database, { actor, clock: options.clock })
    : { customers: 0, itemsPosted: 0, wasAlreadyLoaded: true };
  // Water and sewer: 5,000 accounts, their meters and reads, October and November bill runs.
  const utility = customers.wasAlreadyLoaded && customers.customers === 0 && !(await hasUtilityControl(database))
    ? { accountsCreated: 0, billsFinalized: 0, wasAlreadyLoaded: true }
    : await loadDemoUtility(database, { actor, clock: options.clock });
  // Collections since October: the daily job's runs, notices, SB 998 protections, shutoffs.
  const collections = utility.wasAlreadyLoaded && utility.accountsCreated === 0 && !(await hasUtilityControl(database))
    ? { runs: 0, wasAlreadyLoaded: true }
    : await loadDemoCollections(database, { actor: systemPrincipal('system') });
  // The counter: today's and the previous business day's drawers, mail, deposit and a returned check.
  const counter = await loadDemoCashiering(database, { actor, clock: options.clock });
  const periodsClosed = await closeDemoPeriods(database, actor);
  return {
    cityName: DEMO_CITY_NAME,
    fundCount: demoFunds.length,
    departmentCount: demoDepartments.length,
    accountCount: demoAccounts().length,
    entriesPosted,
    entryCount: plan.entries.length + plan.reversals.length,
    periodsClosed,
    customersCreated: customers.customers,
    receivableItemsPosted: customers.itemsPosted,
    receiptsTaken: counter.receipts,
    utilityAccountsCreated: utility.accountsCreated,
    utilityBillsFinalized: utility.billsFinalized,
    wasAlreadyLoaded: isBatchPosted && entriesPosted === 0 && periodsClosed.length === 0 && customers.wasAlreadyLoaded && counter.wasAlreadyLoaded && utility.wasAlreadyLoaded
      && collections.wasAlreadyLoaded,
  };
}

/**
 * Imports the demo chart into an empty database. A chart that holds exactly the demo's accounts
 * and no entries is what a run interrupted after the import left behind, and is used as it is;
 * anything else is somebody's books, which the demo must never mix into.
 */
async function prepareChart(database: Database, actor: Actor): Promise<void> {
  const existing = await listAccounts(database.kysely);
  if (existing.length === 0) {
    await importChartCsv(database, { csvText: buildDemoChartCsv(), actor });
    return;
  }
  const demoCodes = new Set(demoAccounts().map((row) => row.code));
  const isDemoChart =
    existing.length === demoCodes.size && existing.every((row) => demoCodes.has(row.code));
  if (isDemoChart && !(await hasAnyEntry(database))) return;
  throw new AppError(
    'conflict',
    `This database already has books of its own; the demo city (${DEMO_CITY_NAME}) loads only into an ` +
      'empty database. Point CIVIC_DATA_DIR or DATABASE_URL at a new one to try the demo.',
    { accountCount: existing.length },
  );
}

async function hasUtilityControl(database: Database): Promise<boolean> {
  const result = await sql`select 1 from receivable_control where kind = 'utility'`.execute(database.kysely);
  return result.rows.length > 0;
}

async function hasAnyEntry(database: Database): Promise<boolean> {
  return (await listJournalEntries(database.kysely, { limit: 1 })).length > 0;
}

/** Finds a demo entry by its idempotency key, through the journal search on its reference. */
async function findDemoEntry(
  database: Database,
  key: string,
  search: string,
): Promise<JournalEntry | undefined> {
  const candidates = await listJournalEntries(database.kysely, { search, limit: 50 });
  return candidates.find((entry) => entry.idempotencyKey === key);
}

async function postReversal(
  database: Database,
  reversal: DemoReversal,
  actor: Actor,
  clock: Clock,
): Promise<boolean> {
  const original = await findDemoEntry(database, reversal.originalKey, reversal.search);
  assert(
    original !== undefined,
    `the demo entry ${reversal.originalKey} to reverse was not posted`,
  );
  const { isReplay } = await reverseJournalEntry(database, {
    entryId: original.id,
    actor,
    clock,
    entryDate: reversal.date,
    description: reversal.description,
    idempotencyKey: reversal.idempotencyKey,
  });
  return !isReplay;
}

async function closeDemoPeriods(database: Database, actor: Actor): Promise<string[]> {
  const periods = await listPeriods(database.kysely);
  const open = new Set(
    periods.filter((period) => period.status === 'open').map((period) => period.key),
  );
  const closed: string[] = [];
  for (const key of periodsToClose) {
    if (!open.has(key)) continue;
    await closePeriod(database, { periodKey: key, actor, reason: 'Month-end close (demo city)' });
    closed.push(key);
  }
  return closed;
}

/**
 * Importing a legacy system's files: customers, parcels, service locations, receivable accounts
 * and opening balances. Every file and every row is checked first, against the database and
 * against each other, and every problem is reported by file, row and column before anything is
 * written. A dry run stops there (the report and what would be created). A real run writes
 * everything or nothing, in one transaction; with `acceptPartial` it writes the good rows (and
 * the rows that do not depend on a bad one) and reports the rest. Rows imported before (by their
 * legacy id) are skipped, so running the same files again changes nothing.
 *
 * Writes are set-based, in chunks of CHUNK_SIZE rows with a turn for the event loop between
 * chunks on PGlite (the transaction stays open throughout: all or nothing). Opening balances are
 * posted through receivables, one journal entry per chunk, the receivable control account debited
 * per account (subledger lines) and each fund's conversion offset account credited.
 * One audit row per import, with the counts. Errors: invalid_input (a kind or an empty import).
 */
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import { systemClock, type Clock } from '../shared/dates.js';
import { inTransaction, yieldToEventLoop, type Database, type Executor, type Tx } from '../shared/db.js';
import { invalidInput } from '../shared/errors.js';
import { fieldCipher } from '../shared/field-crypto.js';
import { cents, sumCents, type Cents } from '../shared/money.js';
import { normalizeApn, refreshCustomerSearch } from '../customers/index.js';
import { listAccounts, listPeriods, openSubledgerAccounts } from '../ledger/index.js';
import {
  listReceivableControls,
  listReceivableKinds,
  postReceivableEntry,
  RECEIVABLE_SUBLEDGER,
  type NewItem,
} from '../receivables/index.js';
import { conversionKinds, inDependencyOrder, mapKindOf, type ConversionKind } from './layouts.js';
import { parseConversionFile, type ConversionProblem, type ParsedFile } from './parse.js';
import * as store from './store.js';
import { emptyBundle, validators, type ConversionContext, type SkippedRow, type ValidatedBundle } from './validate.js';

export const CHUNK_SIZE = 5_000;
/** Opening balances per journal entry (one subledger line each, plus the offset lines). */
export const BALANCES_PER_ENTRY = 2_000;

export interface ConversionFileInput {
  kind: ConversionKind;
  /** The name problems are reported under (the file name). */
  name: string;
  text: string;
}

export interface KindCounts {
  rows: number;
  /** Rows created (or, in a dry run or a rejected run, that would be). */
  created: number;
  skipped: number;
  rowsWithProblems: number;
}

export interface ConversionReport {
  status: 'dry_run' | 'imported' | 'rejected';
  importId: number | null;
  isPartial: boolean;
  files: Array<{ kind: ConversionKind; name: string; rows: number }>;
  counts: Partial<Record<ConversionKind, KindCounts>>;
  problemCount: number;
  problems: ConversionProblem[];
  skipped: SkippedRow[];
  propertyRolesCreated: number;
  openingBalanceTotalCents: Cents;
  journalEntryIds: number[];
}

export interface ImportOptions {
  files: readonly ConversionFileInput[];
  actor: Actor;
  isDryRun?: boolean;
  acceptPartial?: boolean;
  clock?: Clock;
  onProgress?: (done: number, total: number) => void;
}

export async function importConversionFiles(database: Database, options: ImportOptions): Promise<ConversionReport> {
  if (options.files.length === 0) throw invalidInput('files', 'give at least one file to import');
  const kinds = options.files.map((file) => file.kind);
  if (new Set(kinds).size !== kinds.length) throw invalidInput('files', 'give at most one file of each kind');
  const parsed = inDependencyOrder(options.files).map((file) => parseConversionFile(file.kind, file.name, file.text));
  const bundle = await checkFiles(database.kysely, parsed);
  const report = buildReport(parsed, bundle);
  if (options.isDryRun) return { ...report, status: 'dry_run' };
  if (bundle.problems.length > 0 && !options.acceptPartial) return { ...report, status: 'rejected' };
  return writeBundle(database, options, parsed, bundle, report);
}

/** Parses and checks (reads only): the bundle of good rows and every problem. */
async function checkFiles(db: Executor, parsed: readonly ParsedFile[]): Promise<ValidatedBundle> {
  const context = await loadContext(db, parsed);
  const bundle = emptyBundle();
  for (const file of parsed) {
    bundle.problems.push(...file.problems);
    bundle.rowCounts[file.kind] = file.rows.length;
    validators[file.kind](file, context, bundle);
  }
  return bundle;
}

function cellsOf(parsed: readonly ParsedFile[], kind: ConversionKind, column: string): string[] {
  return parsed.filter((file) => file.kind === kind).flatMap((file) => file.rows.map((row) => row.cells[column] ?? ''))
    .filter((value) => value !== '');
}

function apnOrNull(text: string): string | null {
  try {
    return normalizeApn(text, 'apn');
  } catch {
    return null;
  }
}

async function loadContext(db: Executor, parsed: readonly ParsedFile[]): Promise<ConversionContext> {
  const balanceKeys = parsed.filter((file) => file.kind === 'balances').flatMap((file) => file.rows.map((row) => {
    const c = row.cells;
    return c.legacy_item_id || `${c.legacy_account_id ?? ''}|${c.as_of ?? ''}|${c.due_date ?? ''}|${(c.class ?? '').toLowerCase() || 'charge'}`;
  }));
  const apns = [...cellsOf(parsed, 'parcels', 'apn'), ...cellsOf(parsed, 'locations', 'apn'), ...cellsOf(parsed, 'accounts', 'apn')]
    .map(apnOrNull).filter((apn): apn is string => apn !== null);
  const accountLegacyIds = [...cellsOf(parsed, 'accounts', 'legacy_account_id'), ...cellsOf(parsed, 'balances', 'legacy_account_id')];
  const [customer, location, account, balance, parcelIdsByApn, importedLocationApns, importedAccountFunds] = await Promise.all([
    store.findMapped(db, 'customer', [...cellsOf(parsed, 'customers', 'legacy_id'), ...cellsOf(parsed, 'accounts', 'customer_legacy_id')]),
    store.findMapped(db, 'location', cellsOf(parsed, 'locations', 'legacy_id')),
    store.findMapped(db, 'account', cellsOf(parsed, 'accounts', 'legacy_account_id')),
    store.findMapped(db, 'balance', balanceKeys),
    store.findParcelIds(db, apns),
    store.findImportedLocationApns(db, cellsOf(parsed, 'accounts', 'location_legacy_id')),
    store.findImportedAccountFunds(db, accountLegacyIds),
  ]);
  const [controls, receivableKinds, glAccounts, offsets, periods] = await Promise.all([
    listReceivableControls(db), listReceivableKinds(db), listAccounts(db), store.listOffsetAccounts(db), listPeriods(db),
  ]);
  return {
    imported: { customer, location, account, balance },
    parcelIdsByApn,
    importedLocationApns,
    importedAccountFunds,
    controls: new Set(controls.map((control) => `${control.kind}/${control.fundCode}`)),
    receivableKinds: new Set(receivableKinds.map((kind) => kind.code)),
    glAccounts: new Map(glAccounts.map((a) => [a.code, { fundCode: a.fundCode, isActive: a.isActive, isControl: a.subledger !== null }])),
    offsetByFund: new Map(offsets.map((offset) => [offset.fundCode, offset.accountCode])),
    openPeriods: periods.filter((period) => period.status === 'open'),
  };
}

function buildReport(parsed: readonly ParsedFile[], bundle: ValidatedBundle): ConversionReport {
  const counts: Partial<Record<ConversionKind, KindCounts>> = {};
  for (const file of parsed) {
    const badRows = new Set(bundle.problems.filter((p) => p.kind === file.kind && p.row > 1).map((p) => p.row));
    counts[file.kind] = {
      rows: file.rows.length,
      created: bundle[file.kind].length,
      skipped: bundle.skipped.filter((row) => row.kind === file.kind).length,
      rowsWithProblems: badRows.size,
    };
  }
  return {
    status: 'dry_run',
    importId: null,
    isPartial: bundle.problems.length > 0,
    files: parsed.map((file) => ({ kind: file.kind, name: file.file, rows: file.rows.length })),
    counts,
    problemCount: bundle.problems.length,
    problems: bundle.problems,
    skipped: bundle.skipped,
    propertyRolesCreated: 0,
    openingBalanceTotalCents: sumCents(bundle.balances.map((balance) => balance.amountCents)),
    journalEntryIds: [],
  };
}

function chunksOf<T>(rows: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < rows.length; start += size) chunks.push(rows.slice(start, start + size));
  return chunks;
}

async function writeBundle(
  database: Database,
  options: ImportOptions,
  parsed: readonly ParsedFile[],
  bundle: ValidatedBundle,
  report: ConversionReport,
): Promise<ConversionReport> {
  const today = (options.clock ?? systemClock).today();
  const username = options.actor.username;
  // Encrypt before the transaction: it needs the key, and a missing key must write nothing.
  const cipher = bundle.customers.some((row) => row.customer.tin) ? fieldCipher({ engine: database.engine }) : null;
  const tinCiphertexts = bundle.customers.map((row) => (row.customer.tin && cipher ? cipher.encrypt(row.customer.tin.digits) : null));
  const total = conversionKinds.reduce((sum, kind) => sum + bundle[kind].length, 0);
  let done = 0;
  const step = async (count: number) => {
    done += count;
    options.onProgress?.(done, total);
    if (database.engine === 'pglite') await yieldToEventLoop();
  };
  return inTransaction(database, async (tx) => {
    const importId = await store.insertImport(tx, report.files, bundle.problems.length > 0, username);
    const ids = await resolvedIds(tx, bundle);
    const touchedCustomers = new Set<number>();
    for (const [index, chunk] of chunksOf(bundle.customers, CHUNK_SIZE).entries()) {
      const start = index * CHUNK_SIZE;
      const newIds = await store.insertCustomers(tx, chunk, tinCiphertexts.slice(start, start + chunk.length), username, today);
      chunk.forEach((row, position) => ids.customer.set(row.legacyId, newIds[position] as number));
      newIds.forEach((id) => touchedCustomers.add(id));
      await store.insertMappings(tx, 'customer', chunk.map((row, position) => [row.legacyId, newIds[position] as number]), importId);
      await step(chunk.length);
    }
    for (const chunk of chunksOf(bundle.parcels, CHUNK_SIZE)) {
      const newIds = await store.insertParcels(tx, chunk, username);
      chunk.forEach((row, position) => ids.parcel.set(row.apn, newIds[position] as number));
      await store.insertMappings(tx, 'parcel', chunk.map((row, position) => [row.apn, newIds[position] as number]), importId);
      await step(chunk.length);
    }
    for (const chunk of chunksOf(bundle.locations, CHUNK_SIZE)) {
      const newIds = await store.insertLocations(tx, chunk, chunk.map((row) => ids.parcel.get(row.apn) as number), username);
      chunk.forEach((row, position) => ids.location.set(row.legacyId, newIds[position] as number));
      await store.insertMappings(tx, 'location', chunk.map((row, position) => [row.legacyId, newIds[position] as number]), importId);
      await step(chunk.length);
    }
    const roles = await writeAccounts(tx, bundle, ids, importId, username, touchedCustomers, step);
    // PGlite never analyzes by itself: without statistics for the rows just written, the posting
    // engine's lookups below (open items per account) plan as if the tables were empty.
    if (database.engine === 'pglite' && bundle.balances.length > 0) {
      await sql`analyze receivable_account, receivable_item, receivable_application, subledger_account`.execute(tx);
    }
    const journalEntryIds = await writeBalances(database, tx, options.actor, bundle, ids, importId, step);
    for (const chunk of chunksOf([...touchedCustomers], CHUNK_SIZE)) await refreshCustomerSearch(tx, chunk);
    const final: ConversionReport = { ...report, status: 'imported', importId, propertyRolesCreated: roles, journalEntryIds };
    await store.finishImport(tx, importId, final.counts, final.problemCount);
    await recordAudit(tx, {
      actor: options.actor,
      action: 'conversion.import',
      entityType: 'conversion_import',
      entityId: importId,
      after: { files: final.files, counts: final.counts, problemCount: final.problemCount, isPartial: final.isPartial,
        openingBalanceTotalCents: final.openingBalanceTotalCents, journalEntryIds },
    });
    return final;
  });
}

interface IdMaps {
  customer: Map<string, number>;
  parcel: Map<string, number>;
  location: Map<string, number>;
  account: Map<string, number>;
}

/** Ids of rows already in the database that this import's rows refer to. */
async function resolvedIds(tx: Tx, bundle: ValidatedBundle): Promise<IdMaps> {
  const [customer, parcel, location, account] = await Promise.all([
    store.findMapped(tx, 'customer', bundle.accounts.map((row) => row.customerLegacyId)),
    store.findParcelIds(tx, [...bundle.locations.map((row) => row.apn), ...bundle.accounts.flatMap((row) => (row.apn ? [row.apn] : []))]),
    store.findMapped(tx, 'location', bundle.accounts.flatMap((row) => (row.locationLegacyId ? [row.locationLegacyId] : []))),
    store.findMapped(tx, 'account', bundle.balances.map((row) => row.accountLegacyId)),
  ]);
  return { customer, parcel, location, account };
}

async function writeAccounts(
  tx: Tx,
  bundle: ValidatedBundle,
  ids: IdMaps,
  importId: number,
  username: string,
  touchedCustomers: Set<number>,
  step: (count: number) => Promise<void>,
): Promise<number> {
  if (bundle.accounts.length === 0) return 0;
  const controls = new Map((await listReceivableControls(tx)).map((c) => [`${c.kind}/${c.fundCode}`, c.controlAccountId]));
  const prefixes = new Map((await listReceivableKinds(tx)).map((kind) => [kind.code, kind.accountPrefix]));
  let roles = 0;
  for (const chunk of chunksOf(bundle.accounts, CHUNK_SIZE)) {
    const controlIds = chunk.map((row) => controls.get(`${row.kind}/${row.fundCode}`) as number);
    const newIds = await openSubledgerAccounts(tx, { subledger: RECEIVABLE_SUBLEDGER, controlAccountIds: controlIds });
    const rows = chunk.map((row, position) => ({
      id: newIds[position] as number,
      customerId: ids.customer.get(row.customerLegacyId) as number,
      kind: row.kind,
      accountPrefix: prefixes.get(row.kind) as string,
      fundCode: row.fundCode,
      controlAccountId: controlIds[position] as number,
      description: row.description,
      parcelId: row.apn ? (ids.parcel.get(row.apn) as number) : null,
      serviceLocationId: row.locationLegacyId ? (ids.location.get(row.locationLegacyId) as number) : null,
      openedOn: row.openedOn,
      legacyAccountNumber: row.legacyAccountNumber,
    }));
    await store.insertReceivableAccounts(tx, rows, username);
    chunk.forEach((row, position) => ids.account.set(row.legacyId, newIds[position] as number));
    rows.forEach((row) => touchedCustomers.add(row.customerId));
    await store.insertMappings(tx, 'account', chunk.map((row, position) => [row.legacyId, newIds[position] as number]), importId);
    roles += await store.insertPropertyRoles(tx, rows.flatMap((row, position) => row.parcelId === null ? [] : [{
      customerId: row.customerId, parcelId: row.parcelId, serviceLocationId: row.serviceLocationId,
      role: (chunk[position] as (typeof chunk)[number]).role, startDate: row.openedOn,
    }]), username);
    await step(chunk.length);
  }
  return roles;
}

async function writeBalances(
  database: Database,
  tx: Tx,
  actor: Actor,
  bundle: ValidatedBundle,
  ids: IdMaps,
  importId: number,
  step: (count: number) => Promise<void>,
): Promise<number[]> {
  // One entry per as-of date per chunk; entries are balanced per fund by the offset lines.
  const byDate = new Map<string, typeof bundle.balances>();
  for (const balance of bundle.balances) byDate.set(balance.asOf, [...(byDate.get(balance.asOf) ?? []), balance]);
  const entryIds: number[] = [];
  for (const [asOf, balances] of [...byDate].sort(([a], [b]) => a.localeCompare(b))) {
    for (const [index, chunk] of chunksOf(balances, BALANCES_PER_ENTRY).entries()) {
      const items: NewItem[] = chunk.map((balance) => ({
        accountId: ids.account.get(balance.accountLegacyId) as number,
        itemType: 'opening_balance',
        chargeClass: balance.chargeClass,
        amountCents: balance.amountCents,
        itemDate: balance.asOf,
        dueDate: balance.dueDate,
        penaltyEligible: false,
        offsetAccountCode: balance.offsetAccountCode,
        description: balance.description,
        reasonCode: null,
        documentRef: `conversion ${importId}`,
        reversesItemId: null,
      }));
      const offsets = new Map<string, number>();
      for (const item of items) offsets.set(item.offsetAccountCode as string, (offsets.get(item.offsetAccountCode as string) ?? 0) - item.amountCents);
      const result = await postReceivableEntry(database, tx, actor, {
        entryDate: asOf as NewItem['itemDate'],
        description: `Opening balances converted from the legacy system (import ${importId}, ${asOf}, part ${index + 1})`,
        documentRef: `conversion ${importId}`,
        idempotencyKey: `conversion:${importId}:${asOf}:${index}`,
        items,
        offsetLines: [...offsets].map(([accountCode, amount]) => ({ accountCode, amountCents: cents(amount), memo: 'Conversion offset' })),
      });
      entryIds.push(result.entry.id);
      await store.insertMappings(tx, 'balance', chunk.map((balance, position) => [balance.key, result.items[position]?.id as number]), importId);
      await step(chunk.length);
    }
  }
  return entryIds;
}

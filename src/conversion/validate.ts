/**
 * Checking conversion rows (pure): every cell through the customers module's rules and the
 * receivables set-up, every reference (customer of an account, parcel of a location, account of a
 * balance) against what is already in the database and what this import's earlier files bring.
 * A row with any problem is left out, and so is every row that refers to it; each problem names
 * the file, the row and the column. Rows imported before (by their legacy id) are skipped.
 */
import { AppError, type FieldProblem } from '../shared/errors.js';
import { isValidIsoDate, type IsoDate } from '../shared/dates.js';
import { parseDollars, type Cents } from '../shared/money.js';
import {
  normalizeApn,
  normalizeCustomerInput,
  normalizeZip,
  propertyRoles,
  type CustomerInput,
  type PropertyRole,
} from '../customers/index.js';
import type { ConversionKind } from './layouts.js';
import type { ConversionProblem, CsvRow, ParsedFile } from './parse.js';

type NormalizedCustomer = ReturnType<typeof normalizeCustomerInput>;

export interface CustomerRowValue { row: number; legacyId: string; customer: NormalizedCustomer }
export interface ParcelRowValue {
  row: number; apn: string; situsLine1: string; situsCity: string; situsZip: string;
  ownerOfRecord: string | null; landUse: string | null;
}
export interface LocationRowValue {
  row: number; legacyId: string; apn: string; addressLine1: string; unit: string | null; description: string | null;
}
export interface AccountRowValue {
  row: number; legacyId: string; customerLegacyId: string; kind: string; fundCode: string; apn: string | null;
  locationLegacyId: string | null; role: PropertyRole; openedOn: IsoDate; legacyAccountNumber: string | null;
  description: string | null;
}
export interface BalanceRowValue {
  row: number; key: string; accountLegacyId: string; asOf: IsoDate; amountCents: Cents; dueDate: IsoDate | null;
  chargeClass: 'charge' | 'penalty' | 'interest' | null; offsetAccountCode: string; description: string;
}

export interface SkippedRow { kind: ConversionKind; file: string; row: number; legacyId: string }

/** What the database already holds that rows may refer to (loaded by the import before checking). */
export interface ConversionContext {
  /** Legacy id → new id of rows imported before, per mapping kind. */
  imported: {
    customer: ReadonlyMap<string, number>;
    location: ReadonlyMap<string, number>;
    account: ReadonlyMap<string, number>;
    balance: ReadonlyMap<string, number>;
  };
  /** Parcels in the database by APN (imported or entered by hand). */
  parcelIdsByApn: ReadonlyMap<string, number>;
  /** Parcel APN of each location imported before (legacy id → APN). */
  importedLocationApns: ReadonlyMap<string, string>;
  /** Fund of each account imported before (legacy id → fund). */
  importedAccountFunds: ReadonlyMap<string, string>;
  /** `kind/fund` pairs with a receivable control account. */
  controls: ReadonlySet<string>;
  receivableKinds: ReadonlySet<string>;
  /** GL accounts that can take the other side of an opening balance, by code. */
  glAccounts: ReadonlyMap<string, { fundCode: string; isActive: boolean; isControl: boolean }>;
  /** The configured conversion offset account per fund. */
  offsetByFund: ReadonlyMap<string, string>;
  /** Open periods' date ranges. */
  openPeriods: ReadonlyArray<{ startDate: string; endDate: string }>;
}

export interface ValidatedBundle {
  customers: CustomerRowValue[];
  parcels: ParcelRowValue[];
  locations: LocationRowValue[];
  accounts: AccountRowValue[];
  balances: BalanceRowValue[];
  problems: ConversionProblem[];
  skipped: SkippedRow[];
  /** Data rows read per kind. */
  rowCounts: Partial<Record<ConversionKind, number>>;
}

const LEGACY_ID_MAX = 200;
const flagNames = {
  cash_only: 'isCashOnly',
  returned_mail: 'hasReturnedMail',
  deceased: 'isDeceased',
  bankruptcy: 'inBankruptcy',
  collections_hold: 'hasCollectionsHold',
} as const;

/** Customer form fields (as normalizeCustomerInput names them) → the CSV column. */
function customerColumn(field: string): string {
  const direct: Record<string, string> = {
    customerType: 'type', legalName: 'legal_name', dbaName: 'dba_name', preferredLanguage: 'language',
    notes: 'notes', 'tin.type': 'tin_type', 'tin.value': 'tin', 'phones[0].value': 'phone',
    'phones[1].value': 'phone2', 'emails[0].value': 'email',
  };
  if (direct[field]) return direct[field];
  const address = /^mailingAddress\.(line1|line2|city|state|zip|country)$/.exec(field);
  if (address) return `mail_${address[1]}`;
  if (field.startsWith('phones[1]')) return 'phone2';
  if (field.startsWith('phones')) return 'phone';
  if (field.startsWith('emails')) return 'email';
  if (field.startsWith('mailingAddress')) return 'mail_line1';
  return field;
}

class Checker {
  readonly problems: ConversionProblem[] = [];
  private rowProblems = 0;

  constructor(private readonly file: ParsedFile) {}

  startRow(): void {
    this.rowProblems = 0;
  }

  get isRowGood(): boolean {
    return this.rowProblems === 0;
  }

  add(row: CsvRow, column: string, message: string, value: string | null = row.cells[column] ?? null): void {
    this.rowProblems += 1;
    this.problems.push({ kind: this.file.kind, file: this.file.file, row: row.row, column, value: value || null, message });
  }

  /** Runs a rule of the customers module; its invalid_input becomes a problem on `column`. */
  rule<T>(row: CsvRow, column: string, check: () => T): T | undefined {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'invalid_input') throw error;
      const field = String(error.details.field ?? '');
      const message = field && error.message.startsWith(`${field}: `) ? error.message.slice(field.length + 2) : error.message;
      this.add(row, column, message);
      return undefined;
    }
  }

  /** A legacy id: present, not too long, once per file. */
  legacyId(row: CsvRow, column: string, seen: Map<string, number>): string | undefined {
    const id = row.cells[column] ?? '';
    if (id === '') return void this.add(row, column, 'is required');
    if (id.length > LEGACY_ID_MAX) return void this.add(row, column, `is ${id.length} characters; at most ${LEGACY_ID_MAX}`);
    const first = seen.get(id);
    if (first !== undefined) return void this.add(row, column, `"${id}" appears twice in the file (first on row ${first})`);
    seen.set(id, row.row);
    return id;
  }

  date(row: CsvRow, column: string, isRequired: boolean): IsoDate | null | undefined {
    const text = row.cells[column] ?? '';
    if (text === '') return isRequired ? void this.add(row, column, 'is required') : null;
    if (!isValidIsoDate(text)) return void this.add(row, column, `"${text}" is not a real date in the form YYYY-MM-DD`);
    return text;
  }
}

function optional(cells: Record<string, string>, column: string): string | null {
  const value = cells[column] ?? '';
  return value === '' ? null : value;
}

export function validateCustomers(file: ParsedFile, context: ConversionContext, bundle: ValidatedBundle): void {
  const check = new Checker(file);
  const seen = new Map<string, number>();
  for (const row of file.rows) {
    check.startRow();
    const { cells } = row;
    const legacyId = check.legacyId(row, 'legacy_id', seen);
    const flags: Record<string, boolean> = {};
    for (const name of (cells.flags ?? '').split(/[;|,]/).map((flag) => flag.trim().toLowerCase()).filter(Boolean)) {
      const key = flagNames[name as keyof typeof flagNames];
      if (key) flags[key] = true;
      else check.add(row, 'flags', `"${name}" is not a flag (flags: ${Object.keys(flagNames).join(', ')}; separate with ;)`);
    }
    const hasAddress = ['mail_line1', 'mail_line2', 'mail_city', 'mail_state', 'mail_zip'].some((column) => cells[column]);
    const tinType = optional(cells, 'tin_type');
    const tin = optional(cells, 'tin');
    if ((tinType === null) !== (tin === null)) check.add(row, tinType ? 'tin' : 'tin_type', 'tin and tin_type go together');
    const input: CustomerInput = {
      customerType: (cells.type ?? '').toLowerCase(),
      legalName: cells.legal_name ?? '',
      dbaName: optional(cells, 'dba_name'),
      preferredLanguage: optional(cells, 'language'),
      tin: tinType && tin ? { type: tinType.toLowerCase(), value: tin } : null,
      flags,
      notes: optional(cells, 'notes'),
      phones: ['phone', 'phone2'].flatMap((column) => (cells[column] ? [{ value: cells[column] as string }] : [])),
      emails: cells.email ? [{ value: cells.email }] : [],
      mailingAddress: hasAddress
        ? { line1: cells.mail_line1 ?? '', line2: optional(cells, 'mail_line2'), city: cells.mail_city ?? '',
            state: cells.mail_state ?? '', zip: cells.mail_zip ?? '' }
        : null,
    };
    let customer: NormalizedCustomer | undefined;
    try {
      customer = normalizeCustomerInput(input);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'invalid_input') throw error;
      const list = (error.details.problems as FieldProblem[] | undefined) ?? [{ field: String(error.details.field), message: error.message }];
      // A second phone that repeats the first is named on phone2 rather than "phones[1]".
      for (const item of list) check.add(row, customerColumn(item.field), item.message);
    }
    if (!check.isRowGood || !legacyId || !customer) continue;
    if (context.imported.customer.has(legacyId)) {
      bundle.skipped.push({ kind: 'customers', file: file.file, row: row.row, legacyId });
      continue;
    }
    bundle.customers.push({ row: row.row, legacyId, customer });
  }
  bundle.problems.push(...check.problems);
}

export function validateParcels(file: ParsedFile, context: ConversionContext, bundle: ValidatedBundle): void {
  const check = new Checker(file);
  const seen = new Map<string, number>();
  for (const row of file.rows) {
    check.startRow();
    const { cells } = row;
    const apn = check.rule(row, 'apn', () => normalizeApn(cells.apn ?? '', 'apn'));
    if (apn) {
      const first = seen.get(apn);
      if (first !== undefined) check.add(row, 'apn', `${apn} appears twice in the file (first on row ${first})`);
      seen.set(apn, row.row);
    }
    const situsLine1 = cells.situs_line1 ?? '';
    const situsCity = cells.situs_city ?? '';
    if (situsLine1 === '') check.add(row, 'situs_line1', 'is required');
    else if (situsLine1.length > 100) check.add(row, 'situs_line1', 'is longer than 100 characters');
    if (situsCity === '') check.add(row, 'situs_city', 'is required');
    const situsZip = check.rule(row, 'situs_zip', () => normalizeZip(cells.situs_zip ?? '', 'situs_zip'));
    if (!check.isRowGood || !apn || !situsZip) continue;
    if (context.parcelIdsByApn.has(apn)) {
      bundle.skipped.push({ kind: 'parcels', file: file.file, row: row.row, legacyId: apn });
      continue;
    }
    bundle.parcels.push({ row: row.row, apn, situsLine1, situsCity, situsZip,
      ownerOfRecord: optional(cells, 'owner_of_record'), landUse: optional(cells, 'land_use') });
  }
  bundle.problems.push(...check.problems);
}

export function validateLocations(file: ParsedFile, context: ConversionContext, bundle: ValidatedBundle): void {
  const check = new Checker(file);
  const seen = new Map<string, number>();
  const bundleApns = new Set(bundle.parcels.map((parcel) => parcel.apn));
  for (const row of file.rows) {
    check.startRow();
    const { cells } = row;
    const legacyId = check.legacyId(row, 'legacy_id', seen);
    const apn = check.rule(row, 'apn', () => normalizeApn(cells.apn ?? '', 'apn'));
    if (apn && !context.parcelIdsByApn.has(apn) && !bundleApns.has(apn)) {
      check.add(row, 'apn', `parcel ${apn} is neither in the database nor among the parcels imported with this file`);
    }
    const addressLine1 = cells.address_line1 ?? '';
    if (addressLine1 === '') check.add(row, 'address_line1', 'is required');
    if (!check.isRowGood || !legacyId || !apn) continue;
    if (context.imported.location.has(legacyId)) {
      bundle.skipped.push({ kind: 'locations', file: file.file, row: row.row, legacyId });
      continue;
    }
    bundle.locations.push({ row: row.row, legacyId, apn, addressLine1, unit: optional(cells, 'unit'),
      description: optional(cells, 'description') });
  }
  bundle.problems.push(...check.problems);
}

export function validateAccounts(file: ParsedFile, context: ConversionContext, bundle: ValidatedBundle): void {
  const check = new Checker(file);
  const seen = new Map<string, number>();
  const bundleCustomers = new Set(bundle.customers.map((customer) => customer.legacyId));
  const bundleApns = new Set(bundle.parcels.map((parcel) => parcel.apn));
  const locationApns = new Map([...context.importedLocationApns, ...bundle.locations.map((l) => [l.legacyId, l.apn] as const)]);
  for (const row of file.rows) {
    check.startRow();
    const { cells } = row;
    const legacyId = check.legacyId(row, 'legacy_account_id', seen);
    const customerLegacyId = cells.customer_legacy_id ?? '';
    if (customerLegacyId === '') check.add(row, 'customer_legacy_id', 'is required');
    else if (!context.imported.customer.has(customerLegacyId) && !bundleCustomers.has(customerLegacyId)) {
      check.add(row, 'customer_legacy_id', `no customer with legacy id "${customerLegacyId}" was imported or is in this import`);
    }
    const kind = (cells.kind ?? '').toLowerCase();
    const fundCode = cells.fund ?? '';
    if (!context.receivableKinds.has(kind)) check.add(row, 'kind', `"${cells.kind}" is not a receivable kind (${[...context.receivableKinds].join(', ')})`);
    else if (!context.controls.has(`${kind}/${fundCode}`)) {
      check.add(row, 'fund', `no receivable control account is set up for ${kind} accounts in fund "${fundCode}"`);
    }
    const apn = cells.apn ? check.rule(row, 'apn', () => normalizeApn(cells.apn, 'apn')) : null;
    if (apn && !context.parcelIdsByApn.has(apn) && !bundleApns.has(apn)) check.add(row, 'apn', `parcel ${apn} is not in the database or this import`);
    const locationLegacyId = optional(cells, 'location_legacy_id');
    if (locationLegacyId !== null) {
      const locationApn = locationApns.get(locationLegacyId);
      if (!locationApn) check.add(row, 'location_legacy_id', `no service location with legacy id "${locationLegacyId}" was imported or is in this import`);
      else if (apn && locationApn !== apn) check.add(row, 'location_legacy_id', `location "${locationLegacyId}" is on parcel ${locationApn}, not ${apn}`);
    }
    const roleText = (cells.role ?? '').toLowerCase() || 'owner';
    if (!(propertyRoles as readonly string[]).includes(roleText)) check.add(row, 'role', `must be ${propertyRoles.join(' or ')}`);
    const openedOn = check.date(row, 'opened_on', true);
    const legacyAccountNumber = optional(cells, 'legacy_account_number');
    if (legacyAccountNumber && legacyAccountNumber.length > 60) check.add(row, 'legacy_account_number', 'is longer than 60 characters');
    if (!check.isRowGood || !legacyId || !openedOn) continue;
    if (context.imported.account.has(legacyId)) {
      bundle.skipped.push({ kind: 'accounts', file: file.file, row: row.row, legacyId });
      continue;
    }
    bundle.accounts.push({ row: row.row, legacyId, customerLegacyId, kind, fundCode,
      apn: apn ?? (locationLegacyId ? (locationApns.get(locationLegacyId) as string) : null), locationLegacyId,
      role: roleText as PropertyRole, openedOn, legacyAccountNumber, description: optional(cells, 'description') });
  }
  bundle.problems.push(...check.problems);
}

export function validateBalances(file: ParsedFile, context: ConversionContext, bundle: ValidatedBundle): void {
  const check = new Checker(file);
  const seen = new Map<string, number>();
  const accountFunds = new Map([...context.importedAccountFunds, ...bundle.accounts.map((a) => [a.legacyId, a.fundCode] as const)]);
  for (const row of file.rows) {
    check.startRow();
    const { cells } = row;
    const accountLegacyId = cells.legacy_account_id ?? '';
    const fundCode = accountFunds.get(accountLegacyId);
    if (accountLegacyId === '') check.add(row, 'legacy_account_id', 'is required');
    else if (!fundCode) check.add(row, 'legacy_account_id', `no account with legacy id "${accountLegacyId}" was imported or is in this import`);
    const asOf = check.date(row, 'as_of', true);
    if (asOf && !context.openPeriods.some((period) => period.startDate <= asOf && asOf <= period.endDate)) {
      check.add(row, 'as_of', `${asOf} is not in an open accounting period`);
    }
    const amountCents = check.rule(row, 'amount', () => parseDollars(cells.amount ?? '', 'amount'));
    if (amountCents === 0) check.add(row, 'amount', 'is zero; leave settled items out of the file');
    const dueDate = check.date(row, 'due_date', amountCents !== undefined && amountCents > 0);
    const classText = (cells.class ?? '').toLowerCase();
    if (classText && !['charge', 'penalty', 'interest'].includes(classText)) check.add(row, 'class', 'must be charge, penalty or interest');
    if (classText && amountCents !== undefined && amountCents < 0) check.add(row, 'class', 'a credit balance (negative amount) has no class');
    const offsetAccountCode = optional(cells, 'offset_account') ?? (fundCode ? context.offsetByFund.get(fundCode) : undefined);
    if (fundCode && !offsetAccountCode) {
      check.add(row, 'offset_account', `is empty and no conversion offset account is set for fund ${fundCode} (civic import offset ${fundCode} ACCOUNT)`);
    } else if (fundCode && offsetAccountCode) {
      const offset = context.glAccounts.get(offsetAccountCode);
      if (!offset) check.add(row, 'offset_account', `account ${offsetAccountCode} does not exist`, offsetAccountCode);
      else if (offset.fundCode !== fundCode) check.add(row, 'offset_account', `account ${offsetAccountCode} is in fund ${offset.fundCode}; the account bills fund ${fundCode}`, offsetAccountCode);
      else if (offset.isControl || !offset.isActive) check.add(row, 'offset_account', `account ${offsetAccountCode} is a control account or inactive`, offsetAccountCode);
    }
    const legacyItemId = optional(cells, 'legacy_item_id');
    const key = legacyItemId ?? `${accountLegacyId}|${asOf ?? ''}|${dueDate ?? ''}|${classText || 'charge'}`;
    const first = seen.get(key);
    if (first !== undefined) {
      check.add(row, legacyItemId ? 'legacy_item_id' : 'due_date', legacyItemId
        ? `"${legacyItemId}" appears twice in the file (first on row ${first})`
        : `the same account, as-of date, due date and class as row ${first}: add them up into one row or give each a legacy_item_id`);
    }
    seen.set(key, row.row);
    if (!check.isRowGood || !asOf || amountCents === undefined || dueDate === undefined || !offsetAccountCode) continue;
    if (context.imported.balance.has(key)) {
      bundle.skipped.push({ kind: 'balances', file: file.file, row: row.row, legacyId: key });
      continue;
    }
    bundle.balances.push({ row: row.row, key, accountLegacyId, asOf, amountCents, dueDate,
      chargeClass: amountCents > 0 ? ((classText || 'charge') as 'charge' | 'penalty' | 'interest') : null,
      offsetAccountCode, description: optional(cells, 'description') ?? 'Opening balance (conversion)' });
  }
  bundle.problems.push(...check.problems);
}

export function emptyBundle(): ValidatedBundle {
  return { customers: [], parcels: [], locations: [], accounts: [], balances: [], problems: [], skipped: [], rowCounts: {} };
}

export const validators: Record<ConversionKind, (file: ParsedFile, context: ConversionContext, bundle: ValidatedBundle) => void> = {
  customers: validateCustomers,
  parcels: validateParcels,
  locations: validateLocations,
  accounts: validateAccounts,
  balances: validateBalances,
};

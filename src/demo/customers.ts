/**
 * The demo city's customers and what they owe: about 440 residents and businesses of Alder Creek
 * (Spanish, Vietnamese, Chinese and Tagalog speakers among them; a few with returned mail, cash
 * only, in bankruptcy, one deceased), 300 parcels with service locations, and receivable accounts
 * of every kind: water accounts in the Water Utility Fund, business licenses, parking citations,
 * permits and miscellaneous bills in the General Fund.
 *
 * How it loads is how a city would start: the customers, parcels, locations, accounts and their
 * balances on July 1, 2026 come in through the conversion import (src/conversion), as files from
 * the legacy system; then July-November happens through receivables' posting engine, one entry
 * per billing cycle or payment batch (monthly water bills and late penalties, license renewals,
 * citations, payments), so aging has every bucket. A few things a counter sees go through the
 * use cases themselves: credit memos, a returned check with its fee, a misapplied payment moved,
 * a pending write-off and a pending large credit memo for the finance manager, and follow-ups for
 * the billing clerk.
 *
 * The receivable control accounts are accounts of their own (11210 in the Water fund, 11310 in the
 * General Fund): control accounts take no journal entries, and the general-ledger activity of the
 * demo keeps posting its summary billing to 11200 and 11300. Opening balances are offset to net
 * position / fund balance (the old system recognized the revenue; the demo's GL never carried
 * this detail). Deterministic (src/demo/random.ts); loaded once (skipped when customers exist).
 */
import { sql } from 'kysely';
import { approvalRegistry } from '../approvals/index.js';
import { createInvoice, seedBillingCatalog, seedDunningStages } from '../billing/index.js';
import { importConversionFiles, setConversionOffsetAccount } from '../conversion/index.js';
import { recordInteraction } from '../customers/index.js';
import {
  enterMemo,
  postPayment,
  postReceivableEntry,
  receivableApprovalHandlers,
  requestWriteOff,
  reverseReceivableEntry,
  setReceivableControl,
  transferPayment,
  type NewItem,
} from '../receivables/index.js';
import type { Actor, Principal } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import { toCsv } from '../shared/csv.js';
import type { Clock, IsoDate } from '../shared/dates.js';
import { inTransaction, type Database } from '../shared/db.js';
import { cents, formatCents } from '../shared/money.js';
import { createRandom, type Random } from './random.js';

export interface DemoCustomersReport {
  customers: number;
  accounts: number;
  itemsPosted: number;
  wasAlreadyLoaded: boolean;
}

const controls = [
  { kind: 'utility', fund: '510', control: '510-0000-11210', writeOff: '510-7100-58900', refund: '510-0000-20500' },
  ...['business_license', 'citation', 'permit', 'misc_billing'].map((kind) => ({
    kind, fund: '100', control: '100-0000-11310', writeOff: '100-1510-58900', refund: '100-0000-20500',
  })),
];

const revenue = {
  waterMeter: '510-7100-44200', waterUse: '510-7100-44100', waterPenalty: '510-7100-44500',
  license: '100-1510-40500', citation: '100-2100-42100', permit: '100-4200-41100', misc: '100-0000-47900',
} as const;
const cash = { '510': '510-0000-10100', '100': '100-0000-10100' } as const;

const people = {
  es: { first: ['Maria', 'Jose', 'Guadalupe', 'Luis', 'Ana', 'Carlos', 'Rosa', 'Miguel', 'Elena', 'Jesus', 'Sofia', 'Alejandro', 'Veronica', 'Ramon'],
    last: ['Garcia', 'Hernandez', 'Lopez', 'Martinez', 'Gonzalez', 'Rodriguez', 'Perez', 'Sanchez', 'Ramirez', 'Torres', 'Flores', 'Gutierrez', 'Mendoza', 'Castillo'] },
  vi: { first: ['Minh', 'Linh', 'Thanh', 'Huong', 'Tuan', 'Lan', 'Duc', 'Mai', 'Quang', 'Thuy'],
    last: ['Nguyen', 'Tran', 'Le', 'Pham', 'Huynh', 'Vo', 'Dang', 'Bui'] },
  zh: { first: ['Wei', 'Mei', 'Jian', 'Li', 'Xiu', 'Hao', 'Ling', 'Chen'], last: ['Chen', 'Wang', 'Zhang', 'Liu', 'Huang', 'Wong', 'Lin', 'Zhou'] },
  tl: { first: ['Maricel', 'Jun', 'Rowena', 'Arnel', 'Jocelyn', 'Ramil'], last: ['Santos', 'Reyes', 'Dela Cruz', 'Bautista', 'Villanueva', 'Aquino'] },
  en: { first: ['James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'William', 'Susan', 'David', 'Karen', 'Thomas', 'Emily', 'Daniel', 'Sarah', 'Harpreet', 'Aram', 'Min-jun', 'Priya'],
    last: ['Smith', 'Johnson', 'Williams', 'Brown', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor', 'Moore', 'Clark', 'Lewis', 'Walker', 'Young', 'Singh', 'Sargsyan', 'Kim', 'Patel', 'Olsen', 'Becker'] },
} as const;

const businesses = ['Golden Poppy Bakery', 'Pho Saigon Alder Creek', 'Taqueria La Estrella', 'Lucky Dragon Restaurant',
  'Foothill Auto Repair', 'Alder Creek Hardware', 'Sierra Vista Dental Group', 'Mission Cleaners', 'Creekside Nail Spa',
  'Valley Tire & Brake', 'Oak Street Coffee', 'Manzanita Floral', 'Canyon Fitness', 'Redwood Realty', 'Quail Hollow Vineyards',
  'Delta Plumbing', 'Sunrise Market', 'Poppy Pharmacy', 'Live Oak Landscaping', 'Orchard Insurance Agency',
  'Mariposa Yoga', 'Alder Creek Brewing Co', 'Rancho Feed & Supply', 'Summit Electric', 'Harbor Freight Lines',
  'Vista Verde Veterinary', 'Main Street Books', 'Almond Blossom Tea House', 'Sequoia Tax Service', 'Citrus Heights Carpet',
  'Laurel Pediatrics', 'El Camino Car Wash', 'Buena Vista Bakery', 'Madrone Martial Arts', 'River Bend Storage',
  'Foothill Family Pharmacy', 'Saigon Sandwich', 'Golden Gate Laundromat', 'Pacific Roofing', 'Willow Salon',
  'Jade Garden', 'La Paloma Market', 'Olive Tree Cafe', 'Creek Cycles', 'Sierra Pet Grooming', 'Maple Leaf Daycare',
  'Cedar Chiropractic', 'Walnut Grove Antiques', 'Pine Ridge Towing', 'Alder Creek Print Shop', 'Valley Optometry',
  'Linh Nguyen Accounting', 'Tran Brothers Auto Body', 'Casa Gutierrez Catering', 'Wong Family Dentistry',
  'Bautista Tailoring', 'Singh Transport', 'Kim Dry Cleaning', 'Sargsyan Jewelers', 'Becker Engineering'];

const streets = ['Sycamore Ln', 'Foothill Rd', 'Main St', 'Oak Ave', 'Willow Way', 'Madrone Dr', 'Manzanita Ct', 'Quail Run',
  'Vineyard Ave', 'Alder Creek Rd', 'Mariposa St', 'Laurel Ave', 'Cesar Chavez Blvd', 'Live Oak Dr', 'Poppy Pl', 'Sierra Vista Way'];

interface Plan {
  customers: string;
  parcels: string;
  locations: string;
  accounts: string;
  balances: string;
  utility: Array<{ legacyId: string; profile: Profile }>;
  general: Array<{ legacyId: string; kind: string; profile: Profile }>;
}

type Profile = 'prompt' | 'late' | 'partial' | 'delinquent';

function profileOf(random: Random): Profile {
  const roll = random.next();
  return roll < 0.7 ? 'prompt' : roll < 0.82 ? 'late' : roll < 0.92 ? 'partial' : 'delinquent';
}

/** The legacy system's files, as the conversion reads them. */
function buildPlan(): Plan {
  const random = createRandom('customers');
  const customerRows: Array<Record<string, string>> = [];
  const languages = [['es', 0.3], ['vi', 0.08], ['zh', 0.07], ['tl', 0.05], ['en', 0.5]] as const;
  for (let index = 1; index <= 380; index += 1) {
    let roll = random.next();
    const group = languages.find(([, share]) => (roll -= share) < 0)?.[0] ?? 'en';
    const names = people[group];
    const first = random.pick(names.first);
    const last = random.pick(names.last);
    // Vietnamese and Chinese names as the legacy system held them: family name first for some.
    const legalName = (group === 'vi' || group === 'zh') && index % 3 === 0 ? `${last} ${first}` : `${first} ${last}`;
    const speaksEnglishAtCounter = random.next() < 0.5;
    customerRows.push(customerRow(`R${index}`, 'person', legalName, '', group === 'en' || speaksEnglishAtCounter ? 'en' : group, random, index));
  }
  businesses.forEach((name, index) => {
    customerRows.push(customerRow(`B${index + 1}`, 'business', `${name}${index % 3 === 0 ? ' LLC' : index % 3 === 1 ? ' Inc' : ''}`, index % 4 === 0 ? name : '', 'en', random, 400 + index));
  });
  const flag = (legacyId: string, value: string) => {
    const row = customerRows.find((candidate) => candidate.legacy_id === legacyId);
    if (row) row.flags = value;
  };
  flag('R7', 'returned_mail'); flag('R45', 'returned_mail'); flag('R190', 'returned_mail;cash_only');
  flag('R88', 'cash_only'); flag('R120', 'bankruptcy'); flag('R233', 'deceased');
  const parcels: Array<Record<string, string>> = [];
  const locations: Array<Record<string, string>> = [];
  const accounts: Array<Record<string, string>> = [];
  const utility: Plan['utility'] = [];
  for (let index = 1; index <= 300; index += 1) {
    const apn = `044-${String(100 + Math.floor(index / 40)).padStart(3, '0')}-${String(10 + (index * 7) % 89).padStart(3, '0')}`;
    const street = `${100 + ((index * 37) % 1900)} ${random.pick(streets)}`;
    const owner = customerRows[(index * 13) % 380] as Record<string, string>;
    parcels.push({ apn, situs_line1: street, situs_city: 'Alder Creek', situs_zip: index % 3 === 0 ? '95604' : '95603',
      owner_of_record: (owner.legal_name as string).toUpperCase(), land_use: index % 9 === 0 ? 'multi family' : 'single family' });
    locations.push({ legacy_id: `SL${index}`, apn, address_line1: street, unit: index % 9 === 0 ? `Unit ${1 + (index % 4)}` : '',
      description: 'Residential water meter 5/8 in' });
    // Owners hold most water accounts; a third are tenants.
    const isTenant = index % 3 === 0;
    const holder = isTenant ? (customerRows[(index * 29 + 5) % 380] as Record<string, string>) : owner;
    const legacyId = `W${index}`;
    accounts.push({ legacy_account_id: legacyId, customer_legacy_id: holder.legacy_id as string, kind: 'utility', fund: '510',
      apn, location_legacy_id: `SL${index}`, role: isTenant ? 'tenant' : 'owner', opened_on: `20${String(10 + (index % 15)).padStart(2, '0')}-0${1 + (index % 9)}-01`,
      legacy_account_number: `${String(index % 90 + 10)}-${String(1000 + index * 3).padStart(4, '0')}-00`, description: '' });
    utility.push({ legacyId, profile: holder.flags === 'deceased' || holder.flags === 'bankruptcy' ? 'delinquent' : profileOf(random) });
  }
  const general: Plan['general'] = [];
  const addGeneral = (legacyId: string, customer: string, kind: string, description: string) => {
    accounts.push({ legacy_account_id: legacyId, customer_legacy_id: customer, kind, fund: '100', apn: '', location_legacy_id: '',
      role: '', opened_on: '2024-07-01', legacy_account_number: '', description });
    general.push({ legacyId, kind, profile: profileOf(random) });
  };
  businesses.forEach((_, index) => addGeneral(`BL${index + 1}`, `B${index + 1}`, 'business_license', 'Business license'));
  for (let index = 1; index <= 40; index += 1) addGeneral(`PC${index}`, `R${(index * 17) % 380 + 1}`, 'citation', 'Parking citations');
  for (let index = 1; index <= 10; index += 1) addGeneral(`PM${index}`, `R${(index * 31) % 380 + 1}`, 'permit', 'Building permit fees');
  for (let index = 1; index <= 15; index += 1) addGeneral(`MB${index}`, `R${(index * 23) % 380 + 1}`, 'misc_billing', 'Weed abatement and false alarms');
  // The deceased customer's unpaid bill, which the clerk asks to write off.
  addGeneral('MB99', 'R233', 'misc_billing', 'Hazardous tree removal, 2025');
  (general.at(-1) as Plan['general'][number]).profile = 'delinquent';
  const balances = openingBalances(utility, general, random);
  const csv = (rows: Array<Record<string, string>>) => {
    const columns = Object.keys(rows[0] ?? {});
    return toCsv(columns.map((header) => ({ header, value: (row: Record<string, string>) => row[header] ?? '', isNumeric: true })), rows);
  };
  return { customers: csv(customerRows), parcels: csv(parcels), locations: csv(locations), accounts: csv(accounts), balances: csv(balances), utility, general };
}

function customerRow(legacyId: string, type: string, legalName: string, dba: string, language: string, random: Random, index: number): Record<string, string> {
  const phone = `530${random.integer(200, 999)}${String(random.integer(0, 9999)).padStart(4, '0')}`;
  const email = index % 2 === 0 ? `${legalName.toLowerCase().replace(/[^a-z]+/g, '.').replace(/^\.|\.$/g, '')}${index}@example.com` : '';
  return {
    legacy_id: legacyId, type, legal_name: legalName, dba_name: dba, phone, phone2: '', email,
    mail_line1: `${100 + ((index * 53) % 1900)} ${random.pick(streets)}`, mail_line2: '', mail_city: 'Alder Creek', mail_state: 'CA',
    mail_zip: index % 3 === 0 ? '95604' : '95603', language, flags: '', tin_type: '', tin: '', notes: '',
  };
}

/** What the legacy system said each account owed on July 1, 2026, per open bill. */
function openingBalances(utility: Plan['utility'], general: Plan['general'], random: Random): Array<Record<string, string>> {
  const rows: Array<Record<string, string>> = [];
  const add = (account: string, item: string, amountCents: number, due: string, kind: string) => rows.push({
    legacy_account_id: account, legacy_item_id: item, as_of: '2026-07-01', amount: formatCents(cents(amountCents), { grouping: false }),
    due_date: amountCents > 0 ? due : '', class: amountCents > 0 ? kind : '', offset_account: '', description: 'Balance from the legacy system' });
  for (const { legacyId, profile } of utility) {
    if (profile === 'prompt') {
      if (random.next() < 0.04) add(legacyId, `${legacyId}-CR`, -random.integer(1_500, 6_000), '', 'charge');
      continue;
    }
    add(legacyId, `${legacyId}-JUN`, random.integer(6_500, 14_000), '2026-06-25', 'charge');
    if (profile === 'delinquent') {
      add(legacyId, `${legacyId}-MAR`, random.integer(6_500, 14_000), '2026-03-25', 'charge');
      add(legacyId, `${legacyId}-APR`, random.integer(6_500, 14_000), '2026-04-25', 'charge');
      add(legacyId, `${legacyId}-PEN`, random.integer(1_000, 2_500), '2026-05-01', 'penalty');
    }
  }
  for (const { legacyId, kind, profile } of general) {
    if (profile === 'delinquent' && kind !== 'permit') add(legacyId, `${legacyId}-OLD`, random.integer(5_800, 45_000), '2026-01-31', 'charge');
  }
  return rows;
}

export async function loadDemoCustomers(database: Database, options: { actor: Actor; clock: Clock }): Promise<DemoCustomersReport> {
  const existing = await sql<{ n: number }>`select count(*)::int as n from customer`.execute(database.kysely);
  if ((existing.rows[0]?.n ?? 0) > 0) return { customers: 0, accounts: 0, itemsPosted: 0, wasAlreadyLoaded: true };
  const { actor } = options;
  for (const control of controls) {
    await setReceivableControl(database, { kind: control.kind, fundCode: control.fund, controlAccountCode: control.control,
      writeOffAccountCode: control.writeOff, refundAccountCode: control.refund, actor });
  }
  await setConversionOffsetAccount(database, { fundCode: '510', accountCode: '510-0000-38300', actor });
  await setConversionOffsetAccount(database, { fundCode: '100', accountCode: '100-0000-34500', actor });
  const plan = buildPlan();
  const report = await importConversionFiles(database, {
    files: (['customers', 'parcels', 'locations', 'accounts', 'balances'] as const).map((kind) => ({ kind, name: `legacy-${kind}.csv`, text: plan[kind] })),
    actor, clock: options.clock,
  });
  if (report.status !== 'imported' || report.problemCount > 0) {
    throw new Error(`the demo's legacy files did not import: ${JSON.stringify(report.problems.slice(0, 5))}`);
  }
  // PGlite never analyzes by itself (BENCHMARKS.md): statistics for the tables just filled keep
  // the posting engine's lookups on their indexes.
  await sql`analyze customer, receivable_account, receivable_item, receivable_application, subledger_account, journal_line`
    .execute(database.kysely);
  const accounts = await accountNumbers(database);
  const itemsPosted = await postActivity(database, actor, plan, accounts);
  await postCounterCases(database, options, accounts, plan);
  await seedBilling(database, actor, accounts);
  return { customers: report.counts.customers?.created ?? 0, accounts: accounts.size, itemsPosted, wasAlreadyLoaded: false };
}

async function accountNumbers(database: Database): Promise<Map<string, { id: number; number: string; customerId: number }>> {
  const result = await sql<{ legacyId: string; id: number; number: string; customerId: number }>`
    select m.legacy_id as "legacyId", ra.id, ra.account_number as number, ra.customer_id as "customerId"
    from conversion_map m join receivable_account ra on ra.id = m.new_id where m.kind = 'account'`.execute(database.kysely);
  return new Map(result.rows.map((row) => [row.legacyId, row]));
}

interface Scheduled {
  date: string;
  account: string;
  amountCents: number;
  itemType: 'charge' | 'payment';
  chargeClass: 'charge' | 'penalty' | null;
  dueDate: string | null;
  offset: string;
  description: string;
}

const months = ['07', '08', '09', '10', '11'] as const;
const day = (month: string, dayOfMonth: number) => `2026-${month}-${String(dayOfMonth).padStart(2, '0')}`;

/** July-November as a schedule of charges and payments, per account and profile. */
function schedule(plan: Plan): Scheduled[] {
  const random = createRandom('customer-activity');
  const items: Scheduled[] = [];
  const charge = (date: string, account: string, amountCents: number, due: string, offset: string, description: string, chargeClass: 'charge' | 'penalty' = 'charge') =>
    items.push({ date, account, amountCents, itemType: 'charge', chargeClass, dueDate: due, offset, description });
  const pay = (date: string, account: string, amountCents: number, fund: '510' | '100') => {
    if (date <= '2026-11-20' && amountCents > 0) {
      items.push({ date, account, amountCents: -amountCents, itemType: 'payment', chargeClass: null, dueDate: null, offset: cash[fund], description: 'Payment, thank you' });
    }
  };
  for (const { legacyId, profile } of plan.utility) {
    const bills: number[] = [];
    months.forEach((month, index) => {
      const meter = random.vary(2_450, 0.02);
      const use = random.integer(1_800, 11_000) + (month === '07' || month === '08' ? 2_500 : 0);
      charge(day(month, 1), legacyId, meter, day(month, 25), revenue.waterMeter, `Water service charge ${month}/2026`);
      charge(day(month, 1), legacyId, use, day(month, 25), revenue.waterUse, `Water consumption ${month}/2026`);
      bills.push(meter + use);
      const bill = meter + use;
      const previous = bills[index - 1] ?? 0;
      if (profile === 'prompt') pay(day(month, random.integer(8, 24)), legacyId, bill, '510');
      if (profile === 'partial') pay(day(month, 20), legacyId, Math.round(bill / 2), '510');
      if (profile === 'late' && (month === '08' || month === '10')) pay(day(month, 28), legacyId, bill + previous, '510');
      const isPenalized = (profile === 'late' && (month === '08' || month === '10')) || (index > 0 && (profile === 'partial' || profile === 'delinquent'));
      if (isPenalized && previous > 0) {
        charge(day(month, 2), legacyId, Math.max(500, Math.round(previous / 10)), day(month, 25), revenue.waterPenalty, 'Late payment penalty (10%)', 'penalty');
      }
    });
  }
  for (const { legacyId, kind, profile } of plan.general) scheduleGeneral(legacyId, kind, profile, random, charge, pay);
  return items;
}

function scheduleGeneral(
  legacyId: string, kind: string, profile: Profile, random: Random,
  charge: (date: string, account: string, amountCents: number, due: string, offset: string, description: string, chargeClass?: 'charge' | 'penalty') => void,
  pay: (date: string, account: string, amountCents: number, fund: '510' | '100') => void,
): void {
  if (kind === 'business_license') {
    const tax = random.integer(15, 60) * 1_000;
    charge('2026-07-01', legacyId, tax, '2026-08-31', revenue.license, 'Business license tax FY 2026-27');
    if (profile === 'prompt') pay(day('08', random.integer(5, 28)), legacyId, tax, '100');
    if (profile === 'partial') pay('2026-09-10', legacyId, tax / 2, '100');
    if (profile !== 'prompt') charge('2026-09-15', legacyId, tax / 4, '2026-10-15', revenue.license, 'Late renewal penalty (25%)', 'penalty');
    if (profile === 'late') pay('2026-10-10', legacyId, tax + tax / 4, '100');
  } else if (kind === 'citation') {
    for (let count = random.integer(1, 3); count > 0; count -= 1) {
      const month = random.pick(months);
      const issued = day(month, random.integer(1, 20));
      const due = addDaysText(issued, 21);
      charge(issued, legacyId, 5_800, due, revenue.citation, `Parking citation ${random.integer(410000, 499999)} (CVC 22500)`);
      if (profile === 'prompt' || profile === 'partial') pay(addDaysText(issued, 10), legacyId, 5_800, '100');
      else if (addDaysText(due, 30) <= '2026-11-20') charge(addDaysText(due, 30), legacyId, 3_500, addDaysText(due, 51), revenue.citation, 'Late payment penalty', 'penalty');
    }
  } else if (kind === 'permit') {
    const issued = day(random.pick(['08', '09', '10']), random.integer(1, 25));
    const fee = random.integer(8, 40) * 2_500;
    charge(issued, legacyId, fee, addDaysText(issued, 30), revenue.permit, 'Building permit and plan check fees');
    if (profile !== 'delinquent') pay(addDaysText(issued, 2), legacyId, fee, '100');
  } else {
    const amount = random.integer(250, 600) * 100;
    charge('2026-09-15', legacyId, amount, '2026-10-15', revenue.misc, 'Weed abatement (Fire Code 304.1.2), parcel cleared by contractor');
    if (profile === 'prompt') pay('2026-10-09', legacyId, amount, '100');
  }
}

function addDaysText(date: string, days: number): string {
  const next = new Date(`${date}T12:00:00Z`);
  next.setUTCDate(next.getUTCDate() + days);
  return next.toISOString().slice(0, 10);
}

/** The schedule posted through receivables, one entry per date, fund and item type. */
async function postActivity(database: Database, actor: Actor, plan: Plan, accounts: Map<string, { id: number }>): Promise<number> {
  const groups = new Map<string, Scheduled[]>();
  for (const item of schedule(plan)) {
    const fund = item.account.startsWith('W') ? '510' : '100';
    // A batch per billing or receipt run: the 1st, 2nd, 10th, 20th or 28th (a day is moved back).
    const dayOfMonth = Number(item.date.slice(8));
    const batchDay = [28, 20, 10, 2, 1].find((candidate) => candidate <= dayOfMonth) as number;
    const key = `${item.date.slice(0, 8)}${String(batchDay).padStart(2, '0')}|${item.itemType === 'charge' ? 1 : 2}|${fund}`;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  let posted = 0;
  for (const [key, scheduled] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const [date] = key.split('|') as [IsoDate];
    const items: NewItem[] = scheduled.map((item) => ({
      accountId: (accounts.get(item.account) as { id: number }).id, itemType: item.itemType, chargeClass: item.chargeClass,
      amountCents: cents(item.amountCents), itemDate: date, dueDate: item.dueDate as IsoDate | null, penaltyEligible: item.chargeClass === 'charge',
      offsetAccountCode: item.offset, description: item.description, reasonCode: null, documentRef: null, reversesItemId: null,
    }));
    const offsets = new Map<string, number>();
    for (const item of items) offsets.set(item.offsetAccountCode as string, (offsets.get(item.offsetAccountCode as string) ?? 0) - item.amountCents);
    const isCharge = scheduled[0]?.itemType === 'charge';
    await inTransaction(database, async (tx) => {
      const result = await postReceivableEntry(database, tx, actor, {
        entryDate: date, description: isCharge ? `Customer billing ${date}` : `Customer payments received ${date}`,
        documentRef: isCharge ? `billing ${date}` : `receipts ${date}`, idempotencyKey: `demo:customers:${key}`, items,
        offsetLines: [...offsets].map(([accountCode, amount]) => ({ accountCode, amountCents: cents(amount) })),
      });
      if (!result.isReplay) {
        await recordAudit(tx, { actor, action: 'demo.post_customer_activity', entityType: 'journal_entry', entityId: result.entry.id,
          after: { items: items.length } });
      }
    });
    posted += items.length;
  }
  return posted;
}

/** What happens at a counter beyond bills and payments, through the use cases a clerk uses. */
async function postCounterCases(
  database: Database,
  options: { actor: Actor; clock: Clock },
  accounts: Map<string, { id: number; number: string; customerId: number }>,
  plan: Plan,
): Promise<void> {
  const handlers = approvalRegistry(receivableApprovalHandlers());
  // Memos credit what is open, so they go to accounts that owe: partial payers and the delinquent.
  const owing = (profile: Profile) => plan.utility.filter((account) => account.profile === profile).map((account) => account.legacyId);
  const [leak, meterError] = owing('partial');
  const [brokenLine] = owing('delinquent');
  const clerk: Principal = { userId: null, username: 'linh.nguyen', via: 'system', roles: ['billing_clerk'],
    permissions: new Set(['receivables.adjust', 'receivables.charge', 'customers.edit']) };
  const number = (legacyId: string) => (accounts.get(legacyId) as { number: string }).number;
  const waterCash = cash['510'];
  await enterMemo(database, { principal: clerk, handlers, idempotencyKey: 'demo:memo:leak-w5', input: {
    account: number(leak as string), memoType: 'credit', memoDate: '2026-10-12', amountCents: 4_500, offsetAccount: revenue.waterUse,
    reasonCode: 'LEAK', description: 'Leak adjustment after repair (plumber invoice on file)' } });
  await enterMemo(database, { principal: clerk, handlers, idempotencyKey: 'demo:memo:service-w11', input: {
    account: number(meterError as string), memoType: 'credit', memoDate: '2026-11-04', amountCents: 2_450, offsetAccount: revenue.waterMeter,
    reasonCode: 'CUSTOMER_SERVICE', description: 'Meter charge credited: meter read in error' } });
  // A returned check: the payment reversed, and the returned-payment fee charged.
  const check = await postPayment(database, { actor: options.actor, input: { account: number('W12'), paymentDate: '2026-10-05',
    amountCents: 8_000, cashAccount: waterCash, reference: 'CHK 4471', idempotencyKey: 'demo:payment:chk-4471' } });
  await reverseReceivableEntry(database, { journalEntryId: check.entry.id, reason: 'Returned check CHK 4471 (NSF)',
    reversalDate: '2026-10-09', actor: options.actor, clock: options.clock });
  await enterMemo(database, { principal: clerk, handlers, idempotencyKey: 'demo:memo:nsf-w12', input: {
    account: number('W12'), memoType: 'debit', memoDate: '2026-10-09', amountCents: 2_500, offsetAccount: revenue.waterMeter,
    reasonCode: 'NSF_FEE', description: 'Returned payment fee (CHK 4471)', dueDate: '2026-10-30' } });
  // A payment made on the neighbor's account number, moved where it belongs.
  const misapplied = await postPayment(database, { actor: options.actor, input: { account: number('W20'), paymentDate: '2026-11-03',
    amountCents: 6_000, cashAccount: waterCash, reference: 'Online payment 88127', idempotencyKey: 'demo:payment:online-88127' } });
  const paymentItem = misapplied.items.find((item) => item.itemType === 'payment');
  if (paymentItem) {
    await transferPayment(database, { actor: options.actor, input: { paymentItemId: paymentItem.id, toAccount: number('W21'),
      transferDate: '2026-11-05', description: 'Customer typed the neighbor\'s account number' } });
  }
  await requestWriteOff(database, { principal: clerk, handlers, input: { account: number('MB99'), writeOffDate: '2026-11-18',
    reasonCode: 'DECEASED', description: 'Customer deceased; probate search found no estate' } });
  await enterMemo(database, { principal: clerk, handlers, idempotencyKey: 'demo:memo:leak-w30', input: {
    account: number(brokenLine as string), memoType: 'credit', memoDate: '2026-11-19', amountCents: 32_500, offsetAccount: revenue.waterUse,
    reasonCode: 'LEAK', description: 'Leak adjustment: broken service line, usage four times normal (policy 3.2)' } });
  await recordFollowUps(database, options, accounts, { leak: leak as string, brokenLine: brokenLine as string });
}

async function recordFollowUps(
  database: Database,
  options: { actor: Actor; clock: Clock },
  accounts: Map<string, { number: string; customerId: number }>,
  chosen: { leak: string; brokenLine: string },
): Promise<void> {
  const notes: Array<[string, string, string, string, string | null]> = [
    [chosen.leak, 'phone', 'Asked for a payment plan on the past-due balance', 'Send the payment plan form in Spanish', '2026-11-24'],
    ['W12', 'counter', 'Returned check: customer will bring cash Friday', 'Check the cash payment arrived; remove NSF hold', '2026-11-27'],
    [chosen.brokenLine, 'phone', 'Leak adjustment requested (service line broke)', 'Credit memo is waiting for approval; call the customer back', '2026-11-23'],
    ['W20', 'email', 'Paid the wrong account online', 'Confirm the transfer with the customer', '2026-11-20'],
    ['MB99', 'letter', 'Letter returned: addressee deceased', 'Write-off requested; close the account once approved', '2026-11-30'],
    ['BL3', 'counter', 'Business closed in September', 'Confirm closure with the Finance license desk', '2026-11-25'],
    ['PC4', 'phone', 'Disputes a parking citation', 'Forward to Police for administrative review', '2026-12-01'],
    ['W45', 'phone', 'Moving out on December 15', null as unknown as string, null],
  ];
  for (const [legacyId, channel, topic, followUp, followUpOn] of notes) {
    const account = accounts.get(legacyId);
    if (!account) continue;
    await recordInteraction(database, { customerId: account.customerId, actor: { ...options.actor, username: 'linh.nguyen' }, clock: options.clock,
      input: { channel, topic, notes: followUp, occurredAt: '2026-11-16T17:30:00Z', accountNumber: account.number,
        followUpOn, followUpUser: followUpOn ? 'linh.nguyen' : null } });
  }
}

/**
 * The billing catalog and dunning stages (src/billing), after the controls above so misc billing
 * keeps its own control account, and a few invoices from the catalog.
 */
async function seedBilling(database: Database, actor: Actor, accounts: Map<string, { customerId: number }>): Promise<void> {
  await seedBillingCatalog(database, actor);
  await seedDunningStages(database, actor);
  const invoices: Array<[string, string, Array<{ item: string; quantity: number }>]> = [
    ['R12', '2026-10-06', [{ item: 'FACILITY_RENTAL', quantity: 4 }]],
    ['MB3', '2026-10-20', [{ item: 'FALSE_ALARM', quantity: 1 }]],
    ['R77', '2026-11-09', [{ item: 'PICNIC_RESERVATION', quantity: 1 }]],
    ['MB7', '2026-11-12', [{ item: 'WEED_ABATEMENT', quantity: 6 }, { item: 'WEED_ABATEMENT_ADMIN', quantity: 1 }]],
  ];
  const customerOf = async (legacyId: string): Promise<number | undefined> => {
    if (accounts.has(legacyId)) return accounts.get(legacyId)?.customerId;
    const mapped = await sql<{ id: number }>`select new_id as id from conversion_map where kind = 'customer' and legacy_id = ${legacyId}`
      .execute(database.kysely);
    return mapped.rows[0]?.id;
  };
  for (const [legacyId, invoiceDate, lines] of invoices) {
    const customer = await customerOf(legacyId);
    if (customer === undefined) continue;
    await createInvoice(database, { actor, idempotencyKey: `demo:invoice:${legacyId}:${invoiceDate}`, input: { customer, invoiceDate, lines } });
  }
}

/**
 * Starting, stopping and transferring utility service at a service location.
 *
 * - Start (move-in): a receivable account of kind 'utility' is opened for the customer, the
 *   utility account with its class, cycle and route, one agreement per service with its rate and
 *   (metered services) the meter installed at the location, the meter's start reading, and a
 *   deposit when the class asks for one or the customer has returned payments (charged to the
 *   account, credited to the fund's deposits-held liability, not revenue).
 * - Stop (move-out): the stop date and the final read; the next bill run (or `billFinal`) bills
 *   through the stop date as the final bill, applies the deposit and closes the account.
 * - Transfer: stop for one customer and start for another on the same day, the same read ending
 *   one account and starting the next.
 *
 * All in one transaction each, audited. Errors: invalid_input (field named), not_found, conflict.
 */
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import { addDays, cityDateOf, parseIsoDate, type IsoDate } from '../shared/dates.js';
import { inTransaction, type Database, type Executor, type Tx } from '../shared/db.js';
import { AppError, notFound } from '../shared/errors.js';
import { asRecord, Problems, text } from '../shared/input.js';
import { cents, type Cents } from '../shared/money.js';
import { getReceivableAccount, openReceivableAccount, postCharges } from '../receivables/index.js';
import { getMeter, liveReadOn, recordFieldRead } from './meters.js';
import { serviceTypes, type ServiceType } from './types.js';

export interface AgreementInput {
  serviceType: ServiceType;
  rateCode: string;
  /** Metered services: the serial of a meter installed at the location. */
  meterSerial?: string | null;
}

export interface StartServiceInput {
  customerId: number;
  serviceLocationId: number;
  classCode: string;
  cycleCode: string;
  routeCode?: string | null;
  dwellingUnits?: number;
  startedOn: string;
  paperless?: boolean;
  agreements: AgreementInput[];
  /** The reading of each meter at move-in, by serial; when absent the meter's last read stands. */
  readings?: Record<string, number>;
  /** The utility fund the account bills (510 unless set). */
  fundCode?: string;
  /** Ask no deposit even when the class or the payment history calls for one (needs a reason). */
  waiveDepositReason?: string | null;
}

export interface UtilityAccountDetail {
  id: number;
  accountNumber: string;
  customerId: number;
  customerName: string;
  serviceLocationId: number;
  locationNumber: string;
  serviceAddress: string;
  classCode: string;
  cycleCode: string;
  routeCode: string | null;
  dwellingUnits: number;
  status: 'active' | 'final_billed' | 'closed';
  startedOn: IsoDate;
  stoppedOn: IsoDate | null;
  billedThrough: IsoDate | null;
  paperless: boolean;
  balanceCents: Cents;
  agreements: Array<{ id: number; serviceType: ServiceType; rateCode: string; meterSerial: string | null; startedOn: IsoDate; endedOn: IsoDate | null }>;
  deposits: Array<{ id: number; amountCents: Cents; status: string; appliedCents: Cents; reason: string }>;
}

export async function getUtilityAccount(db: Executor, key: number | string, asOf: IsoDate = cityDateOf(new Date())): Promise<UtilityAccountDetail> {
  const byNumber = typeof key === 'string' && !/^[0-9]+$/.test(key);
  const result = await sql<Omit<UtilityAccountDetail, 'balanceCents' | 'agreements' | 'deposits'>>`
    select u.id, r.account_number as "accountNumber", r.customer_id as "customerId", c.legal_name as "customerName",
      u.service_location_id as "serviceLocationId", l.location_number as "locationNumber",
      l.address_line1 || coalesce(' ' || l.unit, '') as "serviceAddress", u.class_code as "classCode", u.cycle_code as "cycleCode",
      u.route_code as "routeCode", u.dwelling_units as "dwellingUnits", u.status, u.started_on::text as "startedOn",
      u.stopped_on::text as "stoppedOn", u.billed_through::text as "billedThrough", u.paperless
    from utility_account u join receivable_account r on r.id = u.id join customer c on c.id = r.customer_id
    join service_location l on l.id = u.service_location_id
    where ${byNumber ? sql`r.account_number = ${String(key).trim().toUpperCase()}` : sql`u.id = ${Number(key)}`}`.execute(db);
  const row = result.rows[0];
  if (!row) throw notFound('utility account', key);
  const agreements = await sql<UtilityAccountDetail['agreements'][number]>`select a.id, a.service_type as "serviceType", a.rate_code as "rateCode",
      m.serial as "meterSerial", a.started_on::text as "startedOn", a.ended_on::text as "endedOn"
    from service_agreement a left join meter m on m.id = a.meter_id where a.utility_account_id = ${row.id} order by a.id`.execute(db);
  const deposits = await sql<{ id: number; amountCents: number; status: string; appliedCents: number; reason: string }>`
    select id, amount_cents as "amountCents", status, applied_cents as "appliedCents", reason from utility_deposit
    where utility_account_id = ${row.id} order by id`.execute(db);
  const receivable = await getReceivableAccount(db, row.id, asOf);
  return {
    ...row,
    balanceCents: receivable.balanceCents,
    agreements: agreements.rows,
    deposits: deposits.rows.map((deposit) => ({ ...deposit, amountCents: cents(deposit.amountCents), appliedCents: cents(deposit.appliedCents) })),
  };
}

function parseStart(input: unknown): StartServiceInput & { startedOn: IsoDate } {
  const raw = asRecord(input, 'service');
  const problems = new Problems();
  if (!Number.isSafeInteger(raw.customerId)) problems.add('customerId', 'is required');
  if (!Number.isSafeInteger(raw.serviceLocationId)) problems.add('serviceLocationId', 'is required');
  text(raw.classCode, 'classCode', problems, { required: true, max: 31 });
  text(raw.cycleCode, 'cycleCode', problems, { required: true, max: 10 });
  const startedOn = problems.attempt(() => parseIsoDate(raw.startedOn, 'startedOn'));
  const units = raw.dwellingUnits === undefined ? 1 : Number(raw.dwellingUnits);
  if (!Number.isInteger(units) || units < 1 || units > 10_000) problems.add('dwellingUnits', 'a whole number from 1 to 10,000');
  const agreements = Array.isArray(raw.agreements) ? raw.agreements : [];
  if (agreements.length === 0) problems.add('agreements', 'at least one service (water, sewer...) is required');
  const seen = new Set<string>();
  agreements.forEach((value: unknown, index) => {
    const agreement = (value ?? {}) as Record<string, unknown>;
    if (!serviceTypes.includes(agreement.serviceType as ServiceType)) problems.add(`agreements[${index}].serviceType`, `one of ${serviceTypes.join(', ')}`);
    else if (seen.has(agreement.serviceType as string)) problems.add(`agreements[${index}].serviceType`, `${agreement.serviceType as string} is listed twice`);
    seen.add(agreement.serviceType as string);
    if (typeof agreement.rateCode !== 'string' || agreement.rateCode.trim() === '') problems.add(`agreements[${index}].rateCode`, 'is required');
  });
  for (const [serial, reading] of Object.entries((raw.readings ?? {}) as Record<string, unknown>)) {
    if (!Number.isSafeInteger(reading) || (reading as number) < 0) problems.add(`readings.${serial}`, 'a whole, non-negative number');
  }
  problems.throwIfAny();
  return { ...(raw as unknown as StartServiceInput), dwellingUnits: units, startedOn: startedOn as IsoDate };
}

export async function startService(database: Database, options: { input: unknown; actor: Actor; inTx?: Tx }): Promise<UtilityAccountDetail> {
  const input = parseStart(options.input);
  const work = async (tx: Tx): Promise<UtilityAccountDetail> => {
    const checks = await sql<{ location: boolean; classDeposit: number | null; cycle: boolean; route: string | null; occupied: string | null; returns: number; customer: string | null }>`
      select exists (select 1 from service_location where id = ${input.serviceLocationId} and is_active) as location,
        (select deposit_cents from utility_class where code = ${input.classCode}) as "classDeposit",
        exists (select 1 from billing_cycle where code = ${input.cycleCode} and is_active) as cycle,
        (select cycle_code from billing_route where code = ${input.routeCode ?? null}) as route,
        (select r.account_number from utility_account u join receivable_account r on r.id = u.id
          where u.service_location_id = ${input.serviceLocationId} and u.status = 'active'
            and (u.stopped_on is null or u.stopped_on >= ${input.startedOn}::date)) as occupied,
        (select count(*)::int from returned_item ri
          where ri.customer_id = ${input.customerId} and ri.returned_on > ${input.startedOn}::date - 365) as returns,
        (select status from customer where id = ${input.customerId}) as customer`.execute(tx);
    const check = checks.rows[0] as NonNullable<(typeof checks.rows)[number]>;
    const problems = new Problems();
    if (!check.location) problems.add('serviceLocationId', `no active service location ${input.serviceLocationId}`);
    if (check.classDeposit === null) problems.add('classCode', `"${input.classCode}" is not a customer class`);
    if (!check.cycle) problems.add('cycleCode', `"${input.cycleCode}" is not an active billing cycle`);
    if (input.routeCode && check.route !== input.cycleCode) problems.add('routeCode', check.route ? `route ${input.routeCode} belongs to cycle ${check.route}` : `"${input.routeCode}" is not a route`);
    if (!check.customer) problems.add('customerId', `no customer ${input.customerId}`);
    const rateRows = await sql<{ code: string; serviceType: string }>`select code, service_type as "serviceType" from rate_schedule
      where code = any(${input.agreements.map((agreement) => agreement.rateCode)}::text[])`.execute(tx);
    const rates = new Map(rateRows.rows.map((row) => [row.code, row.serviceType]));
    const meters = new Map<string, number>();
    for (const [index, agreement] of input.agreements.entries()) {
      const serviceType = rates.get(agreement.rateCode);
      if (!serviceType) problems.add(`agreements[${index}].rateCode`, `"${agreement.rateCode}" is not a rate schedule`);
      else if (serviceType !== agreement.serviceType) problems.add(`agreements[${index}].rateCode`, `${agreement.rateCode} is a ${serviceType} rate, not ${agreement.serviceType}`);
      if (agreement.meterSerial) {
        const meter = await getMeter(tx, agreement.meterSerial).catch(() => null);
        if (!meter) problems.add(`agreements[${index}].meterSerial`, `no meter ${agreement.meterSerial}`);
        else if (meter.serviceLocationId !== input.serviceLocationId) problems.add(`agreements[${index}].meterSerial`, `meter ${meter.serial} is not installed at this location`);
        else meters.set(meter.serial, meter.id);
      }
    }
    problems.throwIfAny();
    if (check.occupied) {
      throw new AppError('conflict', `Account ${check.occupied} is in service at this location; stop or transfer it first`, { field: 'serviceLocationId' });
    }
    const location = await sql<{ parcelId: number }>`select parcel_id as "parcelId" from service_location where id = ${input.serviceLocationId}`.execute(tx);
    const receivable = await openReceivableAccount(database, {
      input: { customerId: input.customerId, kind: 'utility', fundCode: input.fundCode ?? '510', parcelId: location.rows[0]?.parcelId ?? null,
        serviceLocationId: input.serviceLocationId, openedOn: input.startedOn, description: 'Water and sewer service' },
      actor: options.actor, inTx: tx,
    });
    await sql`insert into utility_account (id, service_location_id, class_code, cycle_code, route_code, dwelling_units, started_on, billed_through, paperless, created_by)
      values (${receivable.id}, ${input.serviceLocationId}, ${input.classCode}, ${input.cycleCode}, ${input.routeCode ?? null},
        ${input.dwellingUnits ?? 1}, ${input.startedOn}, ${addDays(input.startedOn, -1)}, ${input.paperless === true}, ${options.actor.username})`.execute(tx);
    for (const agreement of input.agreements) {
      const meterId = agreement.meterSerial ? meters.get(agreement.meterSerial.trim().toUpperCase()) ?? null : null;
      await sql`insert into service_agreement (utility_account_id, service_type, rate_code, meter_id, started_on, created_by)
        values (${receivable.id}, ${agreement.serviceType}, ${agreement.rateCode}, ${meterId}, ${input.startedOn}, ${options.actor.username})`.execute(tx);
    }
    for (const [serial, meterId] of meters) {
      const reading = input.readings?.[serial];
      // The same reading on the same day (the meter was installed that morning) is that read again.
      const sameDay = reading === undefined ? null : await liveReadOn(tx, meterId, input.startedOn);
      if (reading !== undefined && sameDay?.reading !== reading) {
        await recordFieldRead(tx, { meterId, readDate: input.startedOn, reading, readType: 'actual', source: 'field', createdBy: options.actor.username });
      }
    }
    const deposit = depositFor(input.classCode, check.classDeposit ?? 0, check.returns);
    if (deposit && !input.waiveDepositReason) {
      await chargeDeposit(database, tx, options.actor, {
        accountId: receivable.id, fundCode: receivable.fundCode, amountCents: deposit.amountCents, on: input.startedOn, reason: deposit.reason,
      });
    }
    const detail = await getUtilityAccount(tx, receivable.id);
    await recordAudit(tx, { actor: options.actor, action: 'utility.start_service', entityType: 'utility_account', entityId: detail.accountNumber,
      after: { ...detail, waiveDepositReason: input.waiveDepositReason ?? null } });
    return detail;
  };
  return options.inTx ? work(options.inTx) : inTransaction(database, work);
}

/** The deposit a start of service asks: the class's, or one month's typical bill ($150) for a customer with returned payments. */
export function depositFor(classCode: string, classDepositCents: number, returnsInYear: number): { amountCents: Cents; reason: string } | null {
  if (classDepositCents > 0) return { amountCents: cents(classDepositCents), reason: `Deposit for ${classCode.replaceAll('_', ' ')} service` };
  if (returnsInYear > 0) return { amountCents: cents(15_000), reason: 'Deposit after returned payments' };
  return null;
}

/**
 * What a start of service would charge as a deposit, before the clerk submits it: the same rule
 * and the same payment history startService reads. Errors: not_found (the class).
 */
export async function quoteDeposit(db: Executor, options: { customerId: number | null; classCode: string; startedOn: IsoDate }): Promise<{ amountCents: Cents; reason: string | null }> {
  const result = await sql<{ classDeposit: number | null; returns: number }>`
    select (select deposit_cents from utility_class where code = ${options.classCode}) as "classDeposit",
      (select count(*)::int from returned_item ri
        where ri.customer_id = ${options.customerId} and ri.returned_on > ${options.startedOn}::date - 365) as returns`.execute(db);
  const row = result.rows[0];
  if (!row || row.classDeposit === null) throw notFound('customer class', options.classCode);
  const deposit = depositFor(options.classCode, row.classDeposit, row.returns);
  return deposit ?? { amountCents: cents(0), reason: null };
}

async function chargeDeposit(
  database: Database,
  tx: Tx,
  actor: Actor,
  deposit: { accountId: number; fundCode: string; amountCents: Cents; on: IsoDate; reason: string },
): Promise<void> {
  const fund = await sql<{ code: string }>`select a.code from utility_fund_account f join account a on a.id = f.deposits_account_id
    where f.fund_code = ${deposit.fundCode}`.execute(tx);
  const depositsAccount = fund.rows[0]?.code;
  if (!depositsAccount) throw new AppError('conflict', `No deposits account is set up for fund ${deposit.fundCode}`, { field: 'fundCode' });
  const posted = await postCharges(database, {
    input: { account: deposit.accountId, chargeDate: deposit.on, dueDate: addDays(deposit.on, 10), documentRef: null,
      description: deposit.reason, lines: [{ revenueAccount: depositsAccount, amountCents: deposit.amountCents, description: deposit.reason }] },
    actor, inTx: tx,
  });
  await sql`insert into utility_deposit (utility_account_id, amount_cents, reason, charge_item_id, created_by)
    values (${deposit.accountId}, ${deposit.amountCents}, ${deposit.reason}, ${posted.items[0]?.id ?? null}, ${actor.username})`.execute(tx);
}

export interface StopServiceInput {
  account: number | string;
  stoppedOn: string;
  /** The final reading of each meter, by serial. */
  readings?: Record<string, number>;
}

export async function stopService(database: Database, options: { input: StopServiceInput; actor: Actor; inTx?: Tx }): Promise<UtilityAccountDetail> {
  const stoppedOn = parseIsoDate(options.input.stoppedOn, 'stoppedOn');
  const work = async (tx: Tx): Promise<UtilityAccountDetail> => {
    const before = await getUtilityAccount(tx, options.input.account);
    if (before.status !== 'active') throw new AppError('conflict', `Account ${before.accountNumber} is ${before.status.replace('_', ' ')}`, { field: 'account' });
    if (before.stoppedOn) throw new AppError('conflict', `Account ${before.accountNumber} already stops on ${before.stoppedOn}`, { field: 'account' });
    if (stoppedOn < before.startedOn) throw new AppError('invalid_input', `stoppedOn: before service started (${before.startedOn})`, { field: 'stoppedOn' });
    if (before.billedThrough && stoppedOn < before.billedThrough) {
      throw new AppError('invalid_input', `stoppedOn: the account is billed through ${before.billedThrough}; cancel that bill first`, { field: 'stoppedOn' });
    }
    for (const agreement of before.agreements) {
      const reading = agreement.meterSerial ? options.input.readings?.[agreement.meterSerial] : undefined;
      if (agreement.meterSerial && reading !== undefined) {
        const meter = await getMeter(tx, agreement.meterSerial);
        await sql`update meter_read set status = 'superseded' where meter_id = ${meter.id} and read_date = ${stoppedOn}::date
          and status in ('accepted', 'exception', 'overridden')`.execute(tx);
        await recordFieldRead(tx, { meterId: meter.id, readDate: stoppedOn, reading, readType: 'final', source: 'field', createdBy: options.actor.username });
      }
    }
    await sql`update utility_account set stopped_on = ${stoppedOn} where id = ${before.id}`.execute(tx);
    await sql`update service_agreement set ended_on = ${stoppedOn} where utility_account_id = ${before.id} and ended_on is null`.execute(tx);
    const after = await getUtilityAccount(tx, before.id);
    await recordAudit(tx, { actor: options.actor, action: 'utility.stop_service', entityType: 'utility_account', entityId: after.accountNumber,
      before: { stoppedOn: null }, after: { stoppedOn, readings: options.input.readings ?? {} } });
    return after;
  };
  return options.inTx ? work(options.inTx) : inTransaction(database, work);
}

/**
 * Transfer: the account at a location stops on `on` (with the final reads) and a new account
 * starts the same day for the new customer, with the same class, cycle, services and meters.
 */
export async function transferService(
  database: Database,
  options: { input: { account: number | string; toCustomerId: number; on: string; readings?: Record<string, number>; paperless?: boolean }; actor: Actor },
): Promise<{ stopped: UtilityAccountDetail; started: UtilityAccountDetail }> {
  const raw = asRecord(options.input, 'transfer');
  if (!Number.isSafeInteger(raw.toCustomerId)) throw new AppError('invalid_input', 'toCustomerId: is required', { field: 'toCustomerId' });
  return inTransaction(database, async (tx) => {
    const before = await getUtilityAccount(tx, options.input.account);
    if (before.customerId === options.input.toCustomerId) {
      throw new AppError('invalid_input', 'toCustomerId: the account already belongs to this customer', { field: 'toCustomerId' });
    }
    const stopped = await stopService(database, { input: { account: before.id, stoppedOn: options.input.on, readings: options.input.readings ?? {} }, actor: options.actor, inTx: tx });
    const started = await startService(database, {
      input: {
        customerId: options.input.toCustomerId, serviceLocationId: before.serviceLocationId, classCode: before.classCode,
        cycleCode: before.cycleCode, routeCode: before.routeCode, dwellingUnits: before.dwellingUnits,
        startedOn: addDays(parseIsoDate(options.input.on, 'on'), 1), paperless: options.input.paperless === true,
        agreements: before.agreements.map((agreement) => ({ serviceType: agreement.serviceType, rateCode: agreement.rateCode, meterSerial: agreement.meterSerial })),
      },
      actor: options.actor, inTx: tx,
    });
    return { stopped, started };
  });
}

/**
 * Meters: added to stock, installed at a service location (with the reading it starts at),
 * removed (with its last reading) and exchanged — the old meter's final read and the new meter's
 * first read both kept, and every agreement that read the old meter moved to the new one.
 * Each write is audited in the caller's transaction or its own.
 * Errors: invalid_input (field named), not_found, conflict.
 */
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import { parseIsoDate, type IsoDate } from '../shared/dates.js';
import { inTransaction, type Database, type Executor, type Tx } from '../shared/db.js';
import { AppError, notFound } from '../shared/errors.js';
import { asRecord, Problems, text } from '../shared/input.js';
import { refreshMeterReadState } from './read-store.js';
import { meterSizes, billingUnits, type BillingUnit, type MeterSize } from './types.js';

export interface Meter {
  id: number;
  serial: string;
  size: MeterSize;
  dials: number;
  multiplier: string;
  unit: BillingUnit;
  status: 'in_stock' | 'installed' | 'removed' | 'retired';
  manufacturer: string | null;
  /** Where it is installed now. */
  serviceLocationId: number | null;
  locationNumber: string | null;
  installedOn: IsoDate | null;
}

const meterSelect = sql`select m.id, m.serial, m.size, m.dials, m.multiplier::text as multiplier, m.unit, m.status, m.manufacturer,
    i.service_location_id as "serviceLocationId", l.location_number as "locationNumber", i.installed_on::text as "installedOn"
  from meter m
  left join meter_installation i on i.meter_id = m.id and i.removed_on is null
  left join service_location l on l.id = i.service_location_id`;

export async function getMeter(db: Executor, serial: string): Promise<Meter> {
  const result = await sql<Meter>`${meterSelect} where m.serial = ${serial.trim().toUpperCase()}`.execute(db);
  const meter = result.rows[0];
  if (!meter) throw notFound('meter', serial);
  return meter;
}

export async function listLocationMeters(db: Executor, serviceLocationId: number): Promise<Meter[]> {
  const result = await sql<Meter>`${meterSelect} where i.service_location_id = ${serviceLocationId} order by m.serial`.execute(db);
  return result.rows;
}

export async function addMeter(database: Database, options: { input: unknown; actor: Actor }): Promise<Meter> {
  const raw = asRecord(options.input, 'meter');
  const problems = new Problems();
  const serial = text(raw.serial, 'serial', problems, { required: true, max: 30 })?.toUpperCase() ?? null;
  if (serial !== null && !/^[A-Z0-9][A-Z0-9-]{2,29}$/.test(serial)) problems.add('serial', 'letters, digits and -, 3 to 30 characters');
  if (!meterSizes.includes(raw.size as MeterSize)) problems.add('size', `one of ${meterSizes.map((size) => `${size}"`).join(', ')}`);
  const dials = Number(raw.dials ?? 6);
  if (!Number.isInteger(dials) || dials < 3 || dials > 9) problems.add('dials', 'a whole number from 3 to 9');
  const multiplier = String(raw.multiplier ?? '1');
  if (!/^[0-9]{1,8}(\.[0-9]{1,4})?$/.test(multiplier) || Number(multiplier) <= 0) problems.add('multiplier', 'a positive number like 1 or 10 (up to 4 decimals)');
  const unit = (raw.unit ?? 'HCF') as BillingUnit;
  if (!billingUnits.includes(unit)) problems.add('unit', 'HCF or GAL');
  const manufacturer = text(raw.manufacturer, 'manufacturer', problems, { required: false, max: 100 });
  problems.throwIfAny();
  return inTransaction(database, async (tx) => {
    const taken = await sql`select 1 from meter where serial = ${serial}`.execute(tx);
    if (taken.rows.length > 0) throw new AppError('conflict', `Meter ${serial} already exists`, { field: 'serial' });
    await sql`insert into meter (serial, size, dials, multiplier, unit, manufacturer, created_by)
      values (${serial}, ${raw.size as string}, ${dials}, ${multiplier}::numeric, ${unit}, ${manufacturer}, ${options.actor.username})`.execute(tx);
    const meter = await getMeter(tx, serial as string);
    await recordAudit(tx, { actor: options.actor, action: 'utility.add_meter', entityType: 'meter', entityId: meter.serial, after: meter });
    return meter;
  });
}

/**
 * A read written by a field action (install, removal, exchange, start or stop of service): accepted
 * at once, its consumption computed against the meter's last live read (rolling over at the dials).
 */
export async function recordFieldRead(
  tx: Tx,
  options: { meterId: number; readDate: IsoDate; reading: number; readType: 'first' | 'final' | 'actual' | 'reread'; source: 'field' | 'manual'; createdBy: string },
): Promise<number> {
  if (!Number.isSafeInteger(options.reading) || options.reading < 0) throw new AppError('invalid_input', 'reading: a whole, non-negative number', { field: 'reading' });
  // One live read per meter and day (meter_read_live_idx): say so rather than fail on the index.
  const sameDay = await liveReadOn(tx, options.meterId, options.readDate);
  if (sameDay) {
    throw new AppError('conflict', `The meter has a ${sameDay.readType} read of ${sameDay.reading} on ${options.readDate} already`,
      { field: 'reading', readId: sameDay.id });
  }
  const result = await sql<{ id: number }>`with previous as (
      select r.id, r.reading, r.read_date from meter_read r
      where r.meter_id = ${options.meterId} and r.status in ('accepted', 'overridden') and r.read_date <= ${options.readDate}::date
      order by r.read_date desc, r.id desc limit 1),
    meter_row as (select dials, multiplier from meter where id = ${options.meterId})
    insert into meter_read (meter_id, read_date, reading, read_type, source, consumption, previous_read_id, rolled_over, status, created_by)
    select ${options.meterId}, ${options.readDate}::date, ${options.reading}, ${options.readType}, ${options.source},
      case when ${options.readType} = 'first' or p.id is null then 0
        when ${options.reading} >= p.reading then (${options.reading} - p.reading) * m.multiplier
        else (power(10::numeric, m.dials) - p.reading + ${options.reading}) * m.multiplier end,
      case when ${options.readType} = 'first' then null else p.id end,
      ${options.readType} <> 'first' and p.id is not null and ${options.reading} < p.reading,
      'accepted', ${options.createdBy}
    from meter_row m left join previous p on true
    returning id`.execute(tx);
  await refreshMeterReadState(tx, [options.meterId]);
  return result.rows[0]?.id as number;
}

/** The live (not rejected or superseded) read of a meter on a day, if any. */
export async function liveReadOn(tx: Executor, meterId: number, readDate: IsoDate): Promise<{ id: number; reading: number; readType: string } | null> {
  const result = await sql<{ id: number; reading: number; readType: string }>`select id, reading, read_type as "readType" from meter_read
    where meter_id = ${meterId} and read_date = ${readDate}::date and status not in ('rejected', 'superseded')`.execute(tx);
  const row = result.rows[0];
  return row ? { ...row, reading: Number(row.reading) } : null;
}

export interface InstallInput {
  serial: string;
  serviceLocationId: number;
  installedOn: string;
  reading: number;
}

export async function installMeter(database: Database, options: { input: InstallInput; actor: Actor; inTx?: Tx }): Promise<Meter> {
  const installedOn = parseIsoDate(options.input.installedOn, 'installedOn');
  const work = async (tx: Tx): Promise<Meter> => {
    const meter = await getMeter(tx, options.input.serial);
    if (meter.serviceLocationId !== null) {
      throw new AppError('conflict', `Meter ${meter.serial} is installed at ${meter.locationNumber}; remove it first`, { field: 'serial' });
    }
    if (meter.status === 'retired') throw new AppError('conflict', `Meter ${meter.serial} is retired`, { field: 'serial' });
    const location = await sql<{ id: number }>`select id from service_location where id = ${options.input.serviceLocationId} and is_active`.execute(tx);
    if (!location.rows[0]) throw notFound('active service location', options.input.serviceLocationId);
    await sql`insert into meter_installation (meter_id, service_location_id, installed_on, created_by)
      values (${meter.id}, ${options.input.serviceLocationId}, ${installedOn}, ${options.actor.username})`.execute(tx);
    await sql`update meter set status = 'installed' where id = ${meter.id}`.execute(tx);
    await recordFieldRead(tx, { meterId: meter.id, readDate: installedOn, reading: options.input.reading, readType: 'first', source: 'field', createdBy: options.actor.username });
    const after = await getMeter(tx, meter.serial);
    await recordAudit(tx, { actor: options.actor, action: 'utility.install_meter', entityType: 'meter', entityId: meter.serial,
      after: { ...after, reading: options.input.reading } });
    return after;
  };
  return options.inTx ? work(options.inTx) : inTransaction(database, work);
}

export async function removeMeter(database: Database, options: { serial: string; removedOn: string; reading: number; actor: Actor; inTx?: Tx }): Promise<Meter> {
  const removedOn = parseIsoDate(options.removedOn, 'removedOn');
  const work = async (tx: Tx): Promise<Meter> => {
    const meter = await getMeter(tx, options.serial);
    if (meter.serviceLocationId === null) throw new AppError('conflict', `Meter ${meter.serial} is not installed`, { field: 'serial' });
    if (removedOn < (meter.installedOn as string)) {
      throw new AppError('invalid_input', `removedOn: before the meter was installed (${meter.installedOn})`, { field: 'removedOn' });
    }
    // The final read stands for its day, as at a stop of service: a regular read of that day gives way to it.
    await sql`update meter_read set status = 'superseded' where meter_id = ${meter.id} and read_date = ${removedOn}::date
      and status in ('accepted', 'exception', 'overridden') and read_type <> 'first'`.execute(tx);
    await recordFieldRead(tx, { meterId: meter.id, readDate: removedOn, reading: options.reading, readType: 'final', source: 'field', createdBy: options.actor.username });
    await sql`update meter_installation set removed_on = ${removedOn} where meter_id = ${meter.id} and removed_on is null`.execute(tx);
    await sql`update meter set status = 'removed' where id = ${meter.id}`.execute(tx);
    const after = await getMeter(tx, meter.serial);
    await recordAudit(tx, { actor: options.actor, action: 'utility.remove_meter', entityType: 'meter', entityId: meter.serial,
      before: meter, after: { ...after, reading: options.reading } });
    return after;
  };
  return options.inTx ? work(options.inTx) : inTransaction(database, work);
}

/**
 * A meter exchange: the old meter's final read, the new meter's first read, and every open
 * agreement reading the old meter now reads the new one (so the bill sums both meters' use).
 */
export async function exchangeMeter(
  database: Database,
  options: { oldSerial: string; newSerial: string; on: string; oldReading: number; newReading: number; actor: Actor; inTx?: Tx },
): Promise<{ removed: Meter; installed: Meter; agreementsMoved: number }> {
  const work = async (tx: Tx) => {
    const old = await getMeter(tx, options.oldSerial);
    if (old.serviceLocationId === null) throw new AppError('conflict', `Meter ${old.serial} is not installed`, { field: 'oldSerial' });
    const removed = await removeMeter(database, { serial: old.serial, removedOn: options.on, reading: options.oldReading, actor: options.actor, inTx: tx });
    const installed = await installMeter(database, { input: { serial: options.newSerial, serviceLocationId: old.serviceLocationId, installedOn: options.on, reading: options.newReading }, actor: options.actor, inTx: tx });
    await sql`update meter_installation set replaces_meter_id = ${old.id} where meter_id = ${installed.id} and removed_on is null`.execute(tx);
    const moved = await sql`update service_agreement set meter_id = ${installed.id} where meter_id = ${old.id} and ended_on is null`.execute(tx);
    const agreementsMoved = Number(moved.numAffectedRows ?? 0);
    await recordAudit(tx, { actor: options.actor, action: 'utility.exchange_meter', entityType: 'meter', entityId: old.serial,
      after: { newSerial: installed.serial, on: options.on, oldReading: options.oldReading, newReading: options.newReading, agreementsMoved } });
    return { removed, installed, agreementsMoved };
  };
  return options.inTx ? work(options.inTx) : inTransaction(database, work);
}

/**
 * Payment batches: every payment belongs to one. A counter batch is a drawer session; a mail batch
 * is a stack of mailed payments keyed from their stubs against the adding-machine tape's control
 * total and count; a lockbox batch is one bank file. A closed batch takes no more payments and no
 * voids; a mail batch closes only when its payments add up to its control total and count.
 * Errors: invalid_input, not_found, conflict.
 */
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import type { Clock, IsoDate } from '../shared/dates.js';
import { inTransaction, type Database, type Executor, type Tx } from '../shared/db.js';
import { AppError, notFound } from '../shared/errors.js';
import { asRecord, Problems, text } from '../shared/input.js';
import { cents, formatDollars, parseCents, type Cents } from '../shared/money.js';

export type BatchKind = 'counter' | 'mail' | 'lockbox';

export interface PaymentBatch {
  id: number;
  batchNumber: string;
  kind: BatchKind;
  status: 'open' | 'closed';
  businessDate: IsoDate;
  description: string | null;
  controlTotalCents: Cents | null;
  controlCount: number | null;
  /** Payments in the batch that stand (voided ones excluded). */
  paymentCount: number;
  totalCents: Cents;
  depositId: number | null;
  depositNumber: string | null;
  openedBy: string;
  openedAt: string;
  closedBy: string | null;
  closedAt: string | null;
  /** The cashier and drawer of a counter batch. */
  cashier: string | null;
  drawerCode: string | null;
}

export async function nextBatchNumber(tx: Executor): Promise<string> {
  const result = await sql<{ n: number }>`select nextval('payment_batch_number_seq')::bigint as n`.execute(tx);
  return `B-${String(result.rows[0]?.n).padStart(6, '0')}`;
}

const batchSelect = sql`select b.id, b.batch_number as "batchNumber", b.kind, b.status, b.business_date as "businessDate",
    b.description, b.control_total_cents as "controlTotalCents", b.control_count as "controlCount",
    coalesce(t.count, 0)::int as "paymentCount", coalesce(t.total, 0)::bigint as "totalCents",
    b.deposit_id as "depositId", d.deposit_number as "depositNumber", b.opened_by as "openedBy", b.opened_at as "openedAt",
    b.closed_by as "closedBy", b.closed_at as "closedAt", s.cashier, dr.code as "drawerCode"
  from payment_batch b
  left join lateral (select count(*) as count, sum(x.total_cents) as total from cash_transaction x
    where x.batch_id = b.id and x.status <> 'voided') t on true
  left join deposit d on d.id = b.deposit_id
  left join drawer_session s on s.batch_id = b.id
  left join cash_drawer dr on dr.id = s.drawer_id`;

type BatchDbRow = Omit<PaymentBatch, 'openedAt' | 'closedAt'> & { openedAt: Date; closedAt: Date | null };

const toBatch = (row: BatchDbRow): PaymentBatch => ({
  ...row,
  openedAt: row.openedAt.toISOString(),
  closedAt: row.closedAt ? row.closedAt.toISOString() : null,
});

export async function getBatch(db: Executor, key: number | string): Promise<PaymentBatch> {
  const byNumber = typeof key === 'string' && !/^\d+$/.test(key);
  const result = byNumber
    ? await sql<BatchDbRow>`${batchSelect} where b.batch_number = ${String(key).toUpperCase()}`.execute(db)
    : await sql<BatchDbRow>`${batchSelect} where b.id = ${Number(key)}`.execute(db);
  const row = result.rows[0];
  if (!row) throw notFound('payment batch', key);
  return toBatch(row);
}

export async function listBatches(
  db: Executor,
  filter: { businessDate?: IsoDate | null; kind?: BatchKind | null; status?: 'open' | 'closed' | null; undeposited?: boolean } = {},
): Promise<PaymentBatch[]> {
  const result = await sql<BatchDbRow>`${batchSelect}
    where (${filter.businessDate ?? null}::date is null or b.business_date = ${filter.businessDate ?? null})
      and (${filter.kind ?? null}::text is null or b.kind = ${filter.kind ?? null})
      and (${filter.status ?? null}::text is null or b.status = ${filter.status ?? null})
      and (${filter.undeposited ?? false} = false or (b.deposit_id is null and b.kind <> 'lockbox'))
    order by b.business_date desc, b.id desc limit 500`.execute(db);
  return result.rows.map(toBatch);
}

/** Locks a batch for a payment or a void, and refuses a closed one. */
export async function lockOpenBatch(tx: Tx, batchId: number): Promise<{ id: number; batchNumber: string; kind: BatchKind; businessDate: IsoDate }> {
  const result = await sql<{ id: number; batchNumber: string; kind: BatchKind; status: string; businessDate: IsoDate }>`
    select id, batch_number as "batchNumber", kind, status, business_date as "businessDate"
    from payment_batch where id = ${batchId} for share`.execute(tx);
  const batch = result.rows[0];
  if (!batch) throw notFound('payment batch', batchId);
  if (batch.status !== 'open') {
    throw new AppError('conflict', `Batch ${batch.batchNumber} is closed: it takes no more payments or voids`, { field: 'batch', batchNumber: batch.batchNumber });
  }
  return batch;
}

export async function openMailBatch(
  database: Database,
  options: { input: unknown; actor: Actor; clock: Clock },
): Promise<PaymentBatch> {
  const raw = asRecord(options.input, 'mail batch');
  const problems = new Problems();
  const description = text(raw.description, 'description', problems, { required: false, max: 200 });
  const total = problems.attempt(() => parseCents(raw.controlTotalCents, 'controlTotalCents'));
  const count = raw.controlCount;
  if (total !== undefined && total <= 0) problems.add('controlTotalCents', 'the adding-machine total of the batch, more than zero');
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count <= 0) problems.add('controlCount', 'the number of payments in the batch, 1 or more');
  problems.throwIfAny();
  return inTransaction(database, async (tx) => {
    const batchNumber = await nextBatchNumber(tx);
    const inserted = await sql<{ id: number }>`insert into payment_batch (batch_number, kind, business_date, description,
        control_total_cents, control_count, opened_by)
      values (${batchNumber}, 'mail', ${options.clock.today()}, ${description ?? 'Mail payments'}, ${total}, ${count as number},
        ${options.actor.username}) returning id`.execute(tx);
    const batch = await getBatch(tx, inserted.rows[0]?.id as number);
    await recordAudit(tx, { actor: options.actor, action: 'cashiering.open_mail_batch', entityType: 'payment_batch', entityId: batchNumber,
      after: { controlTotalCents: total, controlCount: count } });
    return batch;
  });
}

/** Closes a mail batch once its payments match the control total and count. */
export async function closeMailBatch(database: Database, options: { batch: number | string; actor: Actor }): Promise<PaymentBatch> {
  return inTransaction(database, async (tx) => {
    const batch = await getBatch(tx, options.batch);
    if (batch.kind !== 'mail') throw new AppError('invalid_input', `Batch ${batch.batchNumber} is a ${batch.kind} batch: close it with its drawer`, { field: 'batch' });
    await lockOpenBatch(tx, batch.id);
    const problems: string[] = [];
    if (batch.controlTotalCents !== null && batch.totalCents !== batch.controlTotalCents) {
      const difference = cents(batch.controlTotalCents - batch.totalCents);
      problems.push(`payments total ${formatDollars(batch.totalCents)}, the control total is ${formatDollars(batch.controlTotalCents)} (${formatDollars(difference)} ${difference > 0 ? 'still to key' : 'too much'})`);
    }
    if (batch.controlCount !== null && batch.paymentCount !== batch.controlCount) {
      problems.push(`${batch.paymentCount} payments keyed, the control count is ${batch.controlCount}`);
    }
    if (problems.length > 0) {
      throw new AppError('conflict', `Batch ${batch.batchNumber} is out of balance: ${problems.join('; ')}`, {
        totalCents: batch.totalCents, controlTotalCents: batch.controlTotalCents, paymentCount: batch.paymentCount, controlCount: batch.controlCount,
      });
    }
    await sql`update payment_batch set status = 'closed', closed_at = now(), closed_by = ${options.actor.username}
      where id = ${batch.id}`.execute(tx);
    await recordAudit(tx, { actor: options.actor, action: 'cashiering.close_mail_batch', entityType: 'payment_batch', entityId: batch.batchNumber,
      after: { totalCents: batch.totalCents, paymentCount: batch.paymentCount } });
    return getBatch(tx, batch.id);
  });
}

/**
 * Recurring invoices: a template (customer, lines, frequency, day of month, start and end) from
 * which `runRecurringInvoices` makes every invoice that has come due. Each template's invoices
 * are keyed by template and scheduled date (a unique key and the invoice's idempotency key), so a
 * run repeated, interrupted or raced makes each invoice once. Templates are deactivated, never
 * deleted (their invoices name them).
 * Errors: invalid_input (naming the field or line), not_found.
 */
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import type { IsoDate } from '../shared/dates.js';
import { inTransaction, type Database, type Executor, type Tx } from '../shared/db.js';
import { AppError, isAppError, notFound } from '../shared/errors.js';
import { resolveCustomerId } from '../customers/index.js';
import { addDays } from '../shared/dates.js';
import { createInvoice } from './create-invoice.js';
import { asRecord, Problems, readBoolean, readDate, readInteger, readText } from './input.js';
import { parseLineRequests, resolveLines } from './invoice-lines.js';
import type { InvoiceSummary } from './invoices.js';
import { dueRunDates, firstRunDate, frequencies, type Frequency } from './recurring-schedule.js';

export interface RecurringLine {
  lineNumber: number;
  itemCode: string;
  description: string | null;
  quantity: string;
  /** Null: the item's price at each run. */
  unitPriceCents: number | null;
}

export interface RecurringTemplate {
  id: number;
  customerId: number;
  customerNumber: string;
  customerName: string;
  description: string | null;
  frequency: Frequency;
  dayOfMonth: number;
  startDate: IsoDate;
  endDate: IsoDate | null;
  nextRunDate: IsoDate | null;
  termsDays: number;
  notes: string | null;
  isActive: boolean;
  lines: RecurringLine[];
}

const templateColumns = sql`t.id, t.customer_id as "customerId", c.customer_number as "customerNumber", c.legal_name as "customerName",
  t.description, t.frequency, t.day_of_month as "dayOfMonth", t.start_date as "startDate", t.end_date as "endDate",
  t.next_run_date as "nextRunDate", t.terms_days as "termsDays", t.notes, t.is_active as "isActive"`;

export async function listRecurringInvoices(db: Executor, options: { customerId?: number | undefined; includeInactive?: boolean } = {}): Promise<RecurringTemplate[]> {
  const result = await sql<Omit<RecurringTemplate, 'lines'>>`select ${templateColumns}
    from recurring_invoice t join customer c on c.id = t.customer_id
    where (${options.customerId ?? null}::bigint is null or t.customer_id = ${options.customerId ?? null})
      and (${options.includeInactive ?? false}::boolean or t.is_active)
    order by t.id limit 1000`.execute(db);
  const lines = await linesOf(db, result.rows.map((row) => row.id));
  return result.rows.map((row) => ({ ...row, lines: lines.get(row.id) ?? [] }));
}

export async function getRecurringInvoice(db: Executor, id: number): Promise<RecurringTemplate> {
  const result = await sql<Omit<RecurringTemplate, 'lines'>>`select ${templateColumns}
    from recurring_invoice t join customer c on c.id = t.customer_id where t.id = ${id}`.execute(db);
  const row = result.rows[0];
  if (!row) throw notFound('recurring invoice', id);
  return { ...row, lines: (await linesOf(db, [id])).get(id) ?? [] };
}

async function linesOf(db: Executor, ids: readonly number[]): Promise<Map<number, RecurringLine[]>> {
  const map = new Map<number, RecurringLine[]>();
  if (ids.length === 0) return map;
  const result = await sql<RecurringLine & { templateId: number }>`select l.recurring_invoice_id as "templateId",
      l.line_number as "lineNumber", b.code as "itemCode", l.description, l.quantity::text as quantity, l.unit_price_cents as "unitPriceCents"
    from recurring_invoice_line l join billing_item b on b.id = l.billing_item_id
    where l.recurring_invoice_id = any(${[...ids]}::bigint[]) order by l.recurring_invoice_id, l.line_number`.execute(db);
  for (const { templateId, ...line } of result.rows) map.set(templateId, [...(map.get(templateId) ?? []), line]);
  return map;
}

interface ParsedTemplate {
  customer: string | number | null;
  description: string | null;
  frequency: Frequency | null;
  dayOfMonth: number | null;
  startDate: IsoDate | null;
  endDate: IsoDate | null;
  hasEndDate: boolean;
  termsDays: number | null;
  notes: string | null;
  isActive: boolean | null;
  lines: ReturnType<typeof parseLineRequests> | null;
}

function parseTemplate(raw: Record<string, unknown>, problems: Problems, isNew: boolean): ParsedTemplate {
  if (!isNew && 'customer' in raw) problems.add('customer', 'a template\'s customer cannot change; deactivate it and add a new one');
  const customer = typeof raw.customer === 'number' || typeof raw.customer === 'string' ? raw.customer : null;
  if (isNew && (customer === null || customer === '')) problems.add('customer', 'a customer id or number (C-100001) is required');
  let frequency: Frequency | null = null;
  if (raw.frequency !== undefined || isNew) {
    if (typeof raw.frequency === 'string' && (frequencies as readonly string[]).includes(raw.frequency)) frequency = raw.frequency as Frequency;
    else problems.add('frequency', `must be one of ${frequencies.join(', ')}`);
  }
  const parsed: ParsedTemplate = {
    customer,
    description: readText(raw.description, 'description', problems, { required: false, max: 200 }),
    frequency,
    dayOfMonth: readInteger(raw.dayOfMonth, 'dayOfMonth', problems, { required: isNew, min: 1, max: 28 }),
    startDate: readDate(raw.startDate, 'startDate', problems, { required: isNew }),
    endDate: readDate(raw.endDate, 'endDate', problems, { required: false }),
    hasEndDate: 'endDate' in raw,
    termsDays: readInteger(raw.termsDays, 'termsDays', problems, { required: false, min: 0, max: 365 }),
    notes: readText(raw.notes, 'notes', problems, { required: false, max: 1000 }),
    isActive: readBoolean(raw.isActive, 'isActive', problems),
    lines: isNew || raw.lines !== undefined ? parseLineRequests(raw.lines, problems) : null,
  };
  if (parsed.startDate && parsed.endDate && parsed.endDate < parsed.startDate) problems.add('endDate', 'cannot be before the start date');
  return parsed;
}

async function writeLines(tx: Tx, templateId: number, lines: Awaited<ReturnType<typeof resolveLines>>, explicitPrices: Array<number | null>): Promise<void> {
  await sql`delete from recurring_invoice_line where recurring_invoice_id = ${templateId}`.execute(tx);
  await sql`insert into recurring_invoice_line (recurring_invoice_id, line_number, billing_item_id, description, quantity, unit_price_cents)
    select ${templateId}::bigint, n, item, description, quantity::numeric, price
    from unnest(${lines.map((_, index) => index + 1)}::int[], ${lines.map((line) => line.item.id)}::bigint[],
      ${lines.map((line) => (line.description === line.item.name ? null : line.description))}::text[],
      ${lines.map((line) => line.quantity.toString())}::text[], ${explicitPrices}::bigint[]) as t(n, item, description, quantity, price)`.execute(tx);
}

export async function createRecurringInvoice(database: Database, options: { input: unknown; actor: Actor }): Promise<RecurringTemplate> {
  const problems = new Problems();
  const parsed = parseTemplate(asRecord(options.input, 'template'), problems, true);
  problems.throwIfAny();
  return inTransaction(database, async (tx) => {
    const customerId = await resolveCustomerId(tx, parsed.customer as string | number);
    const lines = await resolveLines(tx, parsed.lines ?? [], problems);
    problems.throwIfAny();
    const nextRunDate = firstRunDate(parsed.startDate as IsoDate, parsed.dayOfMonth as number);
    const inserted = await sql<{ id: number }>`insert into recurring_invoice (customer_id, description, frequency, day_of_month, start_date,
        end_date, next_run_date, terms_days, notes, is_active, created_by, updated_by)
      values (${customerId}, ${parsed.description}, ${parsed.frequency}, ${parsed.dayOfMonth}, ${parsed.startDate}, ${parsed.endDate},
        ${parsed.endDate !== null && nextRunDate > parsed.endDate ? null : nextRunDate}, ${parsed.termsDays ?? 30}, ${parsed.notes},
        ${parsed.isActive ?? true}, ${options.actor.username}, ${options.actor.username})
      returning id`.execute(tx);
    const id = inserted.rows[0]?.id as number;
    await writeLines(tx, id, lines, (parsed.lines ?? []).map((line) => line?.unitPriceCents ?? null));
    const template = await getRecurringInvoice(tx, id);
    await recordAudit(tx, { actor: options.actor, action: 'billing.create_recurring', entityType: 'recurring_invoice', entityId: id, after: template });
    return template;
  });
}

/**
 * Changes what is given. A new schedule (frequency, day, start) takes effect from the next run
 * not yet made; lines given replace all the lines; `isActive: false` stops it.
 */
export async function updateRecurringInvoice(database: Database, options: { id: number; changes: unknown; actor: Actor }): Promise<RecurringTemplate> {
  const problems = new Problems();
  const parsed = parseTemplate(asRecord(options.changes, 'changes'), problems, false);
  problems.throwIfAny();
  return inTransaction(database, async (tx) => {
    await sql`select id from recurring_invoice where id = ${options.id} for update`.execute(tx);
    const before = await getRecurringInvoice(tx, options.id);
    const lines = parsed.lines ? await resolveLines(tx, parsed.lines, problems) : null;
    const startDate = parsed.startDate ?? before.startDate;
    const endDate = parsed.hasEndDate ? parsed.endDate : before.endDate;
    if (endDate !== null && endDate < startDate) problems.add('endDate', 'cannot be before the start date');
    problems.throwIfAny();
    const last = await sql<{ last: IsoDate | null }>`select max(recurring_run_date) as last from invoice
      where recurring_invoice_id = ${before.id}`.execute(tx);
    const lastRun = last.rows[0]?.last ?? null;
    const from = lastRun !== null && addDays(lastRun, 1) > startDate ? addDays(lastRun, 1) : startDate;
    let nextRunDate: IsoDate | null = firstRunDate(from, parsed.dayOfMonth ?? before.dayOfMonth);
    if (endDate !== null && nextRunDate > endDate) nextRunDate = null;
    await sql`update recurring_invoice set description = coalesce(${parsed.description}, description),
        frequency = coalesce(${parsed.frequency}, frequency), day_of_month = coalesce(${parsed.dayOfMonth}::int, day_of_month),
        start_date = ${startDate}, end_date = ${endDate}, next_run_date = ${nextRunDate},
        terms_days = coalesce(${parsed.termsDays}::int, terms_days), notes = coalesce(${parsed.notes}, notes),
        is_active = coalesce(${parsed.isActive}::boolean, is_active), updated_at = now(), updated_by = ${options.actor.username}
      where id = ${before.id}`.execute(tx);
    if (lines && parsed.lines) await writeLines(tx, before.id, lines, parsed.lines.map((line) => line?.unitPriceCents ?? null));
    const after = await getRecurringInvoice(tx, before.id);
    await recordAudit(tx, { actor: options.actor, action: after.isActive ? 'billing.update_recurring' : 'billing.deactivate_recurring',
      entityType: 'recurring_invoice', entityId: before.id, before, after });
    return after;
  });
}

export interface RecurringRunResult {
  asOf: IsoDate;
  templateCount: number;
  invoices: InvoiceSummary[];
  failures: Array<{ templateId: number; customerNumber: string; code: string; message: string }>;
}

/**
 * Makes every recurring invoice due as of a date. Each template runs in a transaction of its own
 * (its invoices and its next run date together), so one template's problem (an inactive item, a
 * closed period) is reported and the others still run.
 */
export async function runRecurringInvoices(
  database: Database,
  options: { asOf: IsoDate; actor: Actor; onProgress?: (done: number, total: number) => void },
): Promise<RecurringRunResult> {
  const due = await sql<{ id: number }>`select id from recurring_invoice
    where is_active and next_run_date is not null and next_run_date <= ${options.asOf} order by id`.execute(database.kysely);
  const result: RecurringRunResult = { asOf: options.asOf, templateCount: due.rows.length, invoices: [], failures: [] };
  for (const [index, { id }] of due.rows.entries()) {
    try {
      result.invoices.push(...(await runTemplate(database, id, options.asOf, options.actor)));
    } catch (error) {
      if (!isAppError(error)) throw error;
      const template = await getRecurringInvoice(database.kysely, id);
      result.failures.push({ templateId: id, customerNumber: template.customerNumber, code: error.code, message: error.message });
    }
    options.onProgress?.(index + 1, due.rows.length);
  }
  return result;
}

async function runTemplate(database: Database, id: number, asOf: IsoDate, actor: Actor): Promise<InvoiceSummary[]> {
  return inTransaction(database, async (tx) => {
    await sql`select id from recurring_invoice where id = ${id} for update`.execute(tx);
    const template = await getRecurringInvoice(tx, id);
    if (!template.isActive) return [];
    const { dates, nextRunDate } = dueRunDates(template, asOf);
    const made: InvoiceSummary[] = [];
    for (const runDate of dates) {
      const { invoice, isReplay } = await createInvoice(database, {
        input: {
          customer: template.customerId,
          invoiceDate: runDate,
          dueDate: addDays(runDate, template.termsDays),
          notes: template.description,
          lines: template.lines.map((line) => ({
            item: line.itemCode,
            quantity: line.quantity,
            ...(line.unitPriceCents === null ? {} : { unitPriceCents: line.unitPriceCents }),
            ...(line.description === null ? {} : { description: line.description }),
          })),
        },
        actor,
        idempotencyKey: `recurring:${id}:${runDate}`,
        recurring: { templateId: id, runDate },
        inTx: tx,
      }).catch((error: unknown) => {
        if (isAppError(error) && error.code === 'invalid_input') {
          throw new AppError('invalid_input', `Recurring invoice ${id} (${runDate}): ${error.message}`, error.details);
        }
        throw error;
      });
      const { lines: _lines, ...summary } = invoice;
      if (!isReplay) made.push(summary);
    }
    await sql`update recurring_invoice set next_run_date = ${nextRunDate} where id = ${id}`.execute(tx);
    if (made.length > 0) {
      await recordAudit(tx, { actor, action: 'billing.run_recurring', entityType: 'recurring_invoice', entityId: id,
        after: { invoices: made.map((invoice) => invoice.invoiceNumber), nextRunDate }, details: { asOf } });
    }
    return made;
  });
}

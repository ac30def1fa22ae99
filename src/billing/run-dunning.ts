/**
 * Running dunning as of a date (`civic billing dunning`): every open invoice past due is given
 * the stage it has reached if it has not had that notice yet (dunning.ts); customers on a
 * collections hold, deceased or in bankruptcy are skipped and reported; letters to customers
 * whose mail comes back (or who have no address) are recorded but held for address research and
 * reported. The run, its notices and its audit row are one transaction; the unique key (invoice,
 * stage) makes a repeated run notice nothing twice. Returns the letters, ready to render as PDF.
 * Also: reading and replacing the stages (billing.catalog).
 * Errors: invalid_input (stages, naming the field).
 */
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import type { IsoDate } from '../shared/dates.js';
import { inTransaction, type Database, type Executor } from '../shared/db.js';

import { sumCents, type Cents } from '../shared/money.js';
import type { DunningLetterData } from '../documents/index.js';
import { dunningDisposition, stageToNotice, type DunningHoldReason, type DunningSkipReason, type DunningStage } from './dunning.js';
import { Problems, readBoolean, readInteger, readText } from './input.js';
import { daysBetween } from './late-charges.js';
import { findMailingInfo } from './mailing.js';

export async function listDunningStages(db: Executor): Promise<DunningStage[]> {
  const result = await sql<DunningStage>`select stage, code, name, days_past_due as "daysPastDue", next_step as "nextStep",
    is_active as "isActive" from dunning_stage order by stage`.execute(db);
  return result.rows;
}

/** Replaces the stages: 1 to 9 of them, in order of days past due (stage numbers follow the order). */
export async function setDunningStages(database: Database, options: { stages: unknown; actor: Actor }): Promise<DunningStage[]> {
  const problems = new Problems();
  const list = Array.isArray(options.stages) ? options.stages : [];
  if (list.length === 0 || list.length > 9) problems.add('stages', 'give 1 to 9 stages');
  const stages = list.map((value: unknown, index): DunningStage | null => {
    const field = `stages[${index}].`;
    const raw = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
    const code = readText(raw.code, `${field}code`, problems, { required: true, max: 31, pattern: /^[a-z][a-z_]{1,30}$/, hint: 'lower-case letters and _ (e.g. reminder)' });
    const name = readText(raw.name, `${field}name`, problems, { required: true, max: 60 });
    const days = readInteger(raw.daysPastDue, `${field}daysPastDue`, problems, { required: true, min: 1, max: 3650 });
    const nextStep = readText(raw.nextStep, `${field}nextStep`, problems, { required: true, max: 500 });
    const isActive = readBoolean(raw.isActive, `${field}isActive`, problems);
    if (!code || !name || days === null || !nextStep) return null;
    return { stage: index + 1, code, name, daysPastDue: days, nextStep, isActive: isActive ?? true };
  });
  stages.forEach((stage, index) => {
    const previous = index > 0 ? stages[index - 1] : null;
    if (stage && previous && stage.daysPastDue <= previous.daysPastDue) problems.add(`stages[${index}].daysPastDue`, 'must be more than the stage before');
    if (stage && stages.findIndex((other) => other?.code === stage.code) !== index) problems.add(`stages[${index}].code`, `${stage.code} appears twice`);
  });
  problems.throwIfAny();
  return inTransaction(database, async (tx) => {
    const before = await listDunningStages(tx);
    await sql`delete from dunning_stage`.execute(tx);
    const rows = stages as DunningStage[];
    await sql`insert into dunning_stage (stage, code, name, days_past_due, next_step, is_active, updated_by)
      select * , ${options.actor.username}::text from unnest(${rows.map((s) => s.stage)}::int[], ${rows.map((s) => s.code)}::text[],
        ${rows.map((s) => s.name)}::text[], ${rows.map((s) => s.daysPastDue)}::int[], ${rows.map((s) => s.nextStep)}::text[],
        ${rows.map((s) => s.isActive)}::boolean[])`.execute(tx);
    const after = await listDunningStages(tx);
    await recordAudit(tx, { actor: options.actor, action: 'billing.set_dunning_stages', entityType: 'dunning_stage', before, after });
    return after;
  });
}

export interface DunningLetter extends DunningLetterData {
  customerId: number;
  stage: number;
  /** Set when the letter is held for address research instead of printed. */
  heldReason: DunningHoldReason | null;
}

export interface DunningRunResult {
  runId: number | null;
  asOf: IsoDate;
  noticeCount: number;
  /** Letters to print (held ones excluded). */
  letters: DunningLetter[];
  /** Letters recorded but held: the customer's mail comes back, or there is no address. */
  held: DunningLetter[];
  skipped: Array<{ customerId: number; customerNumber: string; reason: DunningSkipReason; invoiceNumbers: string[] }>;
}

interface CandidateRow {
  invoiceId: number;
  invoiceNumber: string;
  customerId: number;
  invoiceDate: IsoDate;
  dueDate: IsoDate;
  amountDueCents: Cents;
  highestNoticed: number;
}

async function findPastDueInvoices(db: Executor, asOf: IsoDate, minimumDays: number): Promise<CandidateRow[]> {
  const result = await sql<CandidateRow>`
    select v.id as "invoiceId", v.invoice_number as "invoiceNumber", v.customer_id as "customerId", v.invoice_date as "invoiceDate",
      v.due_date as "dueDate", m.open::bigint as "amountDueCents",
      coalesce((select max(n.stage) from dunning_notice n where n.invoice_id = v.id), 0) as "highestNoticed"
    from invoice v
    cross join lateral (
      select coalesce(sum(i.amount_cents - coalesce((select sum(a.amount_cents) from receivable_application a
        where a.debit_item_id = i.id), 0)), 0) as open
      from receivable_item i where i.journal_entry_id = v.journal_entry_id and i.amount_cents > 0
    ) m
    where v.reversal_entry_id is null and v.due_date <= ${asOf}::date - ${minimumDays}::int and m.open > 0
    order by v.customer_id, v.due_date, v.id`.execute(db);
  return result.rows;
}

export async function runDunning(database: Database, options: { asOf: IsoDate; actor: Actor }): Promise<DunningRunResult> {
  return inTransaction(database, async (tx) => {
    const stages = (await listDunningStages(tx)).filter((stage) => stage.isActive);
    const result: DunningRunResult = { runId: null, asOf: options.asOf, noticeCount: 0, letters: [], held: [], skipped: [] };
    if (stages.length === 0) return result;
    const minimum = Math.min(...stages.map((stage) => stage.daysPastDue));
    const candidates = (await findPastDueInvoices(tx, options.asOf, minimum)).flatMap((row) => {
      const stage = stageToNotice(stages, daysBetween(row.dueDate, options.asOf), row.highestNoticed);
      return stage ? [{ ...row, stage }] : [];
    });
    const mailing = await findMailingInfo(tx, candidates.map((row) => row.customerId));
    const notices: Array<(typeof candidates)[number] & { heldReason: DunningHoldReason | null }> = [];
    for (const customerId of new Set(candidates.map((row) => row.customerId))) {
      const info = mailing.get(customerId);
      const rows = candidates.filter((row) => row.customerId === customerId);
      if (!info) continue;
      const { skip, hold } = dunningDisposition(info);
      if (skip) {
        result.skipped.push({ customerId, customerNumber: info.customerNumber, reason: skip, invoiceNumbers: rows.map((row) => row.invoiceNumber) });
        continue;
      }
      notices.push(...rows.map((row) => ({ ...row, heldReason: hold })));
      const top = rows.reduce((best, row) => (row.stage.stage > best.stage.stage ? row : best));
      const letter: DunningLetter = {
        customerId,
        stage: top.stage.stage,
        heldReason: hold,
        letterDate: options.asOf,
        language: info.language,
        stageCode: top.stage.code,
        stageName: top.stage.name,
        nextStep: top.stage.nextStep,
        customerNumber: info.customerNumber,
        address: info.address,
        invoices: rows.map((row) => ({ invoiceNumber: row.invoiceNumber, invoiceDate: row.invoiceDate, dueDate: row.dueDate,
          daysPastDue: daysBetween(row.dueDate, options.asOf), amountDueCents: row.amountDueCents })),
        totalDueCents: sumCents(rows.map((row) => row.amountDueCents)),
      };
      (hold ? result.held : result.letters).push(letter);
    }
    if (notices.length === 0 && result.skipped.length === 0) return result;
    const run = await sql<{ id: number }>`insert into dunning_run (as_of, notice_count, skipped, created_by)
      values (${options.asOf}, ${notices.length}, ${JSON.stringify(result.skipped)}::jsonb, ${options.actor.username}) returning id`.execute(tx);
    const runId = run.rows[0]?.id as number;
    await sql`insert into dunning_notice (dunning_run_id, invoice_id, customer_id, stage, notice_date, amount_due_cents, held_reason, created_by)
      select ${runId}::bigint, invoice, customer, stage, ${options.asOf}::date, amount, held, ${options.actor.username}::text
      from unnest(${notices.map((n) => n.invoiceId)}::bigint[], ${notices.map((n) => n.customerId)}::bigint[],
        ${notices.map((n) => n.stage.stage)}::int[], ${notices.map((n) => n.amountDueCents)}::bigint[],
        ${notices.map((n) => n.heldReason)}::text[]) as t(invoice, customer, stage, amount, held)`.execute(tx);
    result.runId = runId;
    result.noticeCount = notices.length;
    await recordAudit(tx, { actor: options.actor, action: 'billing.run_dunning', entityType: 'dunning_run', entityId: runId,
      after: { noticeCount: notices.length, letters: result.letters.length, held: result.held.length, skipped: result.skipped.length },
      details: { asOf: options.asOf } });
    return result;
  });
}


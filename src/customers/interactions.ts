/**
 * The interaction log: each call, counter visit, email or letter noted on the customer (who,
 * when, topic, notes), optionally with a follow-up date for a clerk; a clerk's open follow-ups are
 * listed for them, oldest first. Notes are never edited: a correction is another note.
 * Errors: invalid_input (field named), not_found, conflict (a follow-up already done).
 */
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import type { Clock } from '../shared/dates.js';
import { inTransaction, type Database, type Executor } from '../shared/db.js';
import { AppError, invalidInput } from '../shared/errors.js';
import { optionalDate } from './customer-input.js';
import { interactionChannels, normalizeName, normalizeOptionalText, oneOf, ProblemList } from './rules.js';
import {
  assertNotMerged,
  findCustomer,
  findInteraction,
  isActiveUser,
  listFollowUpRows,
  listInteractionRows,
  type FollowUp,
  type Interaction,
} from './store.js';

export interface InteractionInput {
  channel: string;
  topic: string;
  notes?: string | null;
  /** When it happened (ISO instant); now when left out. */
  occurredAt?: string | null;
  /** The receivable account it was about, if any (UB-100234). */
  accountNumber?: string | null;
  followUpOn?: string | null;
  /** Who follows up; the recording clerk when a date is given without a user. */
  followUpUser?: string | null;
}

export async function recordInteraction(
  database: Database,
  options: { customerId: number; input: InteractionInput; actor: Actor; clock?: Clock },
): Promise<Interaction> {
  const input = (options.input ?? {}) as unknown as Record<string, unknown>;
  const problems = new ProblemList();
  const channel = problems.check(() => oneOf(interactionChannels, input.channel, 'channel'));
  const topic = problems.check(() => normalizeName(input.topic, 'topic'));
  const notes = problems.check(() => normalizeOptionalText(input.notes, 'notes', 8000));
  const occurredAt = problems.check(() => optionalInstant(input.occurredAt, 'occurredAt', options.clock));
  const followUpOn = problems.check(() => optionalDate(input.followUpOn, 'followUpOn'));
  const accountNumber = problems.check(() => normalizeOptionalText(input.accountNumber, 'accountNumber', 20)?.toUpperCase() ?? null);
  const userInput = problems.check(() => normalizeOptionalText(input.followUpUser, 'followUpUser', 63)?.toLowerCase() ?? null);
  if (userInput && !followUpOn) problems.add('followUpOn', 'a follow-up needs a date');
  problems.throwIfAny();
  const followUpUser = followUpOn ? (userInput ?? options.actor.username) : null;
  return inTransaction(database, async (tx) => {
    const customer = await findCustomer(tx, options.customerId);
    assertNotMerged(customer);
    if (followUpUser && followUpUser !== options.actor.username && !(await isActiveUser(tx, followUpUser))) {
      throw invalidInput('followUpUser', `there is no active staff user "${followUpUser}"`);
    }
    let accountId: number | null = null;
    if (accountNumber) {
      const account = await sql<{ id: number; customerId: number }>`select id, customer_id as "customerId"
        from receivable_account where account_number = ${accountNumber}`.execute(tx);
      const found = account.rows[0];
      if (!found || found.customerId !== customer.id) {
        throw invalidInput('accountNumber', `${accountNumber} is not an account of customer ${customer.customerNumber}`);
      }
      accountId = found.id;
    }
    const inserted = await sql<{ id: number }>`insert into interaction
        (customer_id, receivable_account_id, channel, topic, notes, occurred_at, recorded_by, follow_up_on, follow_up_user)
      values (${customer.id}, ${accountId}, ${channel}, ${topic}, ${notes ?? null}, coalesce(${occurredAt ?? null}::timestamptz, now()),
        ${options.actor.username}, ${followUpOn ?? null}::date, ${followUpUser})
      returning id`.execute(tx);
    const interaction = await findInteraction(tx, inserted.rows[0]?.id as number);
    await recordAudit(tx, { actor: options.actor, action: 'customers.record_interaction', entityType: 'customer',
      entityId: customer.id, after: { interactionId: interaction.id, channel, topic, followUpOn, followUpUser } });
    return interaction;
  });
}

function optionalInstant(value: unknown, field: string, clock: Clock | undefined): string | null {
  if (value === undefined || value === null || value === '') return clock ? clock.now().toISOString() : null;
  const parsed = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : null;
  if (!parsed || Number.isNaN(parsed.getTime())) {
    throw invalidInput(field, `"${String(value)}" is not a date and time (e.g. 2026-11-23T10:15:00-08:00)`);
  }
  if (clock && parsed.getTime() > clock.now().getTime() + 5 * 60_000) throw invalidInput(field, 'is in the future');
  return parsed.toISOString();
}

/** Marks a follow-up done (by anyone who may edit customers: a colleague can cover). */
export async function completeFollowUp(
  database: Database,
  options: { interactionId: number; actor: Actor },
): Promise<Interaction> {
  return inTransaction(database, async (tx) => {
    const interaction = await findInteraction(tx, options.interactionId, true);
    if (interaction.followUpOn === null) {
      throw new AppError('conflict', `Interaction ${interaction.id} has no follow-up`, { field: 'interactionId' });
    }
    if (interaction.followUpDoneAt !== null) {
      throw new AppError('conflict', `This follow-up was done by ${interaction.followUpDoneBy} at ${interaction.followUpDoneAt}`, {
        field: 'interactionId',
      });
    }
    await sql`update interaction set follow_up_done_at = now(), follow_up_done_by = ${options.actor.username}
      where id = ${interaction.id}`.execute(tx);
    await recordAudit(tx, { actor: options.actor, action: 'customers.complete_follow_up', entityType: 'customer',
      entityId: interaction.customerId, after: { interactionId: interaction.id, followUpOn: interaction.followUpOn } });
    return findInteraction(tx, interaction.id);
  });
}

/** A clerk's open follow-ups due on or before `through` (all open ones when null), oldest first. */
export async function listFollowUps(
  db: Executor,
  options: { username: string; through?: string | null; limit?: number },
): Promise<FollowUp[]> {
  const problems = new ProblemList();
  const through = problems.check(() => optionalDate(options.through, 'through'));
  problems.throwIfAny();
  return listFollowUpRows(db, { username: options.username.trim().toLowerCase(), through: through ?? null, limit: options.limit ?? 200 });
}

/** A customer's interactions, newest first; `beforeId` pages further back. */
export async function listInteractions(
  db: Executor,
  options: { customerId: number; limit?: number; beforeId?: number | null },
): Promise<Interaction[]> {
  await findCustomer(db, options.customerId);
  return listInteractionRows(db, { customerId: options.customerId, limit: Math.min(options.limit ?? 50, 500), beforeId: options.beforeId ?? null });
}

/**
 * The kinds of approval request the modules offer. Hand-entered journal entries and reversals
 * are entered by one person and posted only when another approves.
 */
import { approvalRegistry, type ApprovalHandler, type ApprovalHandlers } from '../approvals/index.js';
import { voidHandler } from '../cashiering/index.js';
import { customerMergeHandler } from '../customers/index.js';
import {
  assertNoSubledgerLines,
  checkEntryPostable,
  getJournalEntry,
  normalizeEntry,
  postNormalizedEntry,
  reverseJournalEntry,
} from '../ledger/index.js';
import { receivableApprovalHandlers } from '../receivables/index.js';
import type { Clock } from '../shared/dates.js';
import { formatDollars, type Cents } from '../shared/money.js';
import { invalidInput } from '../shared/errors.js';

function journalEntryHandler(): ApprovalHandler {
  return {
    kind: 'ledger.journal_entry',
    requiredPermission: 'ledger.approve',
    async validate(payload, database) {
      const entry = normalizeEntry(payload, { sourceModule: 'gl' });
      assertNoSubledgerLines(entry);
      await checkEntryPostable(database, entry);
      return {
        summary: `Journal entry ${entry.entryDate}: ${entry.description} (${formatDollars(entry.totalDebitCents)})`,
        amountCents: entry.totalDebitCents,
      };
    },
    async execute(payload, execution) {
      const entry = normalizeEntry(payload, { sourceModule: 'gl' });
      assertNoSubledgerLines(entry);
      const { entry: posted } = await postNormalizedEntry(execution.database, {
        entry: { ...entry, idempotencyKey: `approval:${execution.requestId}` },
        actor: execution.approver,
        approval: { requestId: execution.requestId, enteredBy: execution.requestedBy.username, approvedBy: execution.approver.username },
        inTx: execution.tx,
      });
      return { entryId: posted.id };
    },
  };
}

interface ReversalPayload {
  entryId: number;
  entryDate?: string | null;
  description?: string | null;
}

function parseReversalPayload(payload: unknown): ReversalPayload {
  const value = (payload ?? {}) as Record<string, unknown>;
  if (typeof value.entryId !== 'number' || !Number.isSafeInteger(value.entryId) || value.entryId <= 0) {
    throw invalidInput('entryId', 'the journal entry to reverse is required');
  }
  return {
    entryId: value.entryId,
    entryDate: typeof value.entryDate === 'string' ? value.entryDate : null,
    description: typeof value.description === 'string' ? value.description : null,
  };
}

function reversalHandler(clock: Clock): ApprovalHandler {
  return {
    kind: 'ledger.reversal',
    requiredPermission: 'ledger.approve',
    async validate(payload, database) {
      const request = parseReversalPayload(payload);
      const original = await getJournalEntry(database.kysely, request.entryId);
      if (original.reversedByEntryId !== null) {
        throw invalidInput('entryId', `journal entry ${original.id} was already reversed by entry ${original.reversedByEntryId}`);
      }
      return {
        summary: `Reverse journal entry ${original.id}: ${original.description} (${formatDollars(original.totalDebitCents as Cents)})`,
        amountCents: original.totalDebitCents,
      };
    },
    async execute(payload, execution) {
      const request = parseReversalPayload(payload);
      const { entry } = await reverseJournalEntry(execution.database, {
        entryId: request.entryId,
        entryDate: request.entryDate ?? null,
        description: request.description ?? null,
        idempotencyKey: `approval:${execution.requestId}`,
        actor: execution.approver,
        clock,
        approval: { requestId: execution.requestId, enteredBy: execution.requestedBy.username, approvedBy: execution.approver.username },
        inTx: execution.tx,
      });
      return { entryId: entry.id, reversesEntryId: request.entryId };
    },
  };
}

export function buildApprovalHandlers(clock: Clock): ApprovalHandlers {
  return approvalRegistry([journalEntryHandler(), reversalHandler(clock), ...receivableApprovalHandlers(), customerMergeHandler(), voidHandler(clock)]);
}

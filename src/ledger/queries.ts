/** Reading journal entries back, with their lines. */
import type { IsoDate } from '../shared/dates.js';
import type { Executor } from '../shared/db.js';
import { notFound } from '../shared/errors.js';
import type { Cents } from '../shared/money.js';
import {
  findEntryHeader,
  findEntryLines,
  listEntryHeaders,
  type EntryHeaderRow,
  type ListEntriesFilter,
} from './store.js';

export interface JournalLine {
  lineNumber: number;
  accountCode: string;
  accountName: string;
  fundCode: string;
  debitCents: Cents;
  creditCents: Cents;
  memo: string | null;
  /** The subledger account (receivable account...) of a line on a control account. */
  subledgerAccountId: number | null;
}

export interface JournalEntry {
  id: number;
  entryDate: IsoDate;
  periodKey: string;
  description: string;
  source: { module: string; reference: string | null };
  idempotencyKey: string;
  reversesEntryId: number | null;
  reversedByEntryId: number | null;
  totalDebitCents: Cents;
  postedBy: string;
  postedAt: string;
  /** Who entered it (the requester, for approved entries) and who approved it, if anyone. */
  enteredBy: string | null;
  approvedBy: string | null;
  approvalRequestId: number | null;
  lines: JournalLine[];
}

export async function getJournalEntry(db: Executor, id: number): Promise<JournalEntry> {
  const header = await findEntryHeader(db, id);
  if (!header) throw notFound('journal entry', id);
  const [entry] = await withLines(db, [header]);
  return entry as JournalEntry;
}

export async function listJournalEntries(db: Executor, filter: ListEntriesFilter): Promise<JournalEntry[]> {
  const headers = await listEntryHeaders(db, filter);
  return withLines(db, headers);
}

async function withLines(db: Executor, headers: readonly EntryHeaderRow[]): Promise<JournalEntry[]> {
  if (headers.length === 0) return [];
  const lines = await findEntryLines(db, headers.map((header) => header.id));
  const byEntry = new Map<number, JournalLine[]>();
  for (const line of lines) {
    const list = byEntry.get(line.entryId) ?? [];
    list.push({
      lineNumber: line.lineNumber,
      accountCode: line.accountCode,
      accountName: line.accountName,
      fundCode: line.fundCode,
      debitCents: (line.amountCents > 0 ? line.amountCents : 0) as Cents,
      creditCents: (line.amountCents < 0 ? -line.amountCents : 0) as Cents,
      memo: line.memo,
      subledgerAccountId: line.subledgerAccountId,
    });
    byEntry.set(line.entryId, list);
  }
  return headers.map((header) => ({
    id: header.id,
    entryDate: header.entryDate,
    periodKey: header.periodKey,
    description: header.description,
    source: { module: header.sourceModule, reference: header.sourceRef },
    idempotencyKey: header.idempotencyKey,
    reversesEntryId: header.reversesEntryId,
    reversedByEntryId: header.reversedByEntryId,
    totalDebitCents: header.totalDebitCents,
    postedBy: header.postedBy,
    postedAt: header.postedAt.toISOString(),
    enteredBy: header.enteredBy,
    approvedBy: header.approvedBy,
    approvalRequestId: header.approvalRequestId,
    lines: byEntry.get(header.id) ?? [],
  }));
}

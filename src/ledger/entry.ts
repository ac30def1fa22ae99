/**
 * Journal entries as people and modules submit them, and the pure rules that make one postable:
 * at least two lines, one positive amount per line (debit or credit), debits = credits in total
 * and within every fund (inter-fund entries go through due-to/due-from accounts).
 */
import { createHash } from 'node:crypto';
import { parseIsoDate, type IsoDate } from '../shared/dates.js';
import { AppError, invalidFields, type FieldProblem } from '../shared/errors.js';
import {
  cents,
  formatCents,
  parseCents,
  parseDollars,
  sumCents,
  type Cents,
} from '../shared/money.js';
import { parseAccountCode } from './chart.js';
import { periodFromKey, periodOfDate } from './periods.js';

/** One line as submitted: an account and exactly one of the four amount fields. */
export interface JournalLineInput {
  account: string;
  /** Amounts in cents (integers). */
  debitCents?: number | string;
  creditCents?: number | string;
  /** Or amounts in dollars as text ("125.50"), for people typing. */
  debit?: string;
  credit?: string;
  memo?: string | null;
  /** Required on a control account: the subledger account (e.g. a receivable account) the line is for. */
  subledgerAccountId?: number | null;
}

export interface JournalEntryInput {
  entryDate: string;
  /** Defaults to the month of entryDate; 'FY2027-13' posts to the year-end adjustment period. */
  periodKey?: string | null;
  description: string;
  source?: { module?: string; reference?: string | null } | null;
  idempotencyKey?: string | null;
  lines: JournalLineInput[];
}

export interface NormalizedLine {
  lineNumber: number;
  accountCode: string;
  fundCode: string;
  /** Signed: debits positive, credits negative. */
  amountCents: Cents;
  memo: string | null;
  subledgerAccountId: number | null;
}

export interface NormalizedEntry {
  entryDate: IsoDate;
  periodKey: string;
  description: string;
  sourceModule: string;
  sourceRef: string | null;
  idempotencyKey: string;
  reversesEntryId: number | null;
  lines: NormalizedLine[];
  totalDebitCents: Cents;
  contentHash: string;
}

const MAX_LINES = 10_000;
const MAX_TEXT = 500;

/**
 * Validates and normalizes one entry. Reports every problem it finds, each naming its field
 * (`lines[2].debit`), and throws `invalid_input` or `unbalanced_entry`.
 */
export function normalizeEntry(input: unknown, defaults: { sourceModule?: string } = {}): NormalizedEntry {
  const problems: FieldProblem[] = [];
  const attempt = <T>(work: () => T): T | undefined => {
    try {
      return work();
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalid_input') {
        const field = typeof error.details.field === 'string' ? error.details.field : 'entry';
        problems.push({ field, message: error.message.replace(`${field}: `, '') });
        return undefined;
      }
      throw error;
    }
  };
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw invalidFields([{ field: 'entry', message: 'a journal entry object is required' }]);
  }
  const entry = input as Record<string, unknown>;
  const entryDate = attempt(() => parseIsoDate(entry.entryDate, 'entryDate'));
  const periodKey = attempt(() => {
    if (entry.periodKey === undefined || entry.periodKey === null || entry.periodKey === '') {
      return entryDate ? periodOfDate(entryDate).key : undefined;
    }
    return periodFromKey(entry.periodKey, 'periodKey').key;
  });
  const description = requiredText(entry.description, 'description', problems);
  if (entry.source !== undefined && entry.source !== null && (typeof entry.source !== 'object' || Array.isArray(entry.source))) {
    problems.push({ field: 'source', message: 'must be an object: { "module": "...", "reference": "..." }' });
  }
  const source = (typeof entry.source === 'object' && entry.source !== null ? entry.source : {}) as Record<string, unknown>;
  const sourceModule =
    optionalText(source.module, 'source.module', problems) ?? defaults.sourceModule ?? 'gl';
  const sourceRef = optionalText(source.reference, 'source.reference', problems);
  const idempotencyKey = optionalText(entry.idempotencyKey, 'idempotencyKey', problems);
  const lines = normalizeLines(entry.lines, problems, attempt);
  if (problems.length > 0) throw invalidFields(problems);
  if (!entryDate || !periodKey || !description || !lines) {
    throw invalidFields([{ field: 'entry', message: 'the entry is incomplete' }]);
  }
  const totalDebitCents = checkedTotal(lines);
  assertBalanced(lines);
  const withoutKey = {
    entryDate,
    periodKey,
    description,
    sourceModule,
    sourceRef,
    reversesEntryId: null,
    lines,
    totalDebitCents,
  };
  const contentHash = hashEntryContent(withoutKey);
  return { ...withoutKey, idempotencyKey: idempotencyKey ?? `content:${contentHash}`, contentHash };
}

/**
 * Hand-entered and imported journal entries may not write to subledgers: lines on a control
 * account come from the module that keeps the subledger (receivables), with its detail.
 */
export function assertNoSubledgerLines(entry: NormalizedEntry, row?: number): void {
  const problems = entry.lines
    .filter((line) => line.subledgerAccountId !== null)
    .map((line) => ({
      field: `lines[${line.lineNumber - 1}].subledgerAccountId`,
      message: 'subledger lines are posted by the module that keeps the subledger (receivables), not by a journal entry',
      ...(row === undefined ? {} : { row }),
    }));
  if (problems.length > 0) throw invalidFields(problems);
}

/** The debits' total, or an error naming the lines when it would pass 2^53 - 1 cents. */
function checkedTotal(lines: readonly NormalizedLine[]): Cents {
  try {
    const debits = totalDebits(lines);
    sumCents(lines.filter((line) => line.amountCents < 0).map((line) => cents(-line.amountCents)));
    return debits;
  } catch (error) {
    if (error instanceof AppError && error.code === 'invalid_input') {
      throw invalidFields([{ field: 'lines', message: 'the total of the debits or credits is beyond 2^53 - 1 cents' }]);
    }
    throw error;
  }
}

function normalizeLines(
  value: unknown,
  problems: FieldProblem[],
  attempt: <T>(work: () => T) => T | undefined,
): NormalizedLine[] | undefined {
  if (!Array.isArray(value) || value.length < 2) {
    problems.push({ field: 'lines', message: 'an entry needs at least two lines' });
    return undefined;
  }
  if (value.length > MAX_LINES) {
    problems.push({ field: 'lines', message: `an entry may have at most ${MAX_LINES} lines` });
    return undefined;
  }
  const lines: NormalizedLine[] = [];
  value.forEach((raw: unknown, index) => {
    const field = `lines[${index}]`;
    if (typeof raw !== 'object' || raw === null) {
      problems.push({ field, message: 'each line is an object with an account and an amount' });
      return;
    }
    const line = raw as Record<string, unknown>;
    const parts = attempt(() => parseAccountCode(line.account, `${field}.account`));
    const amount = attempt(() => lineAmount(line, field));
    const memo = optionalText(line.memo, `${field}.memo`, problems);
    const subledgerAccountId = optionalId(line.subledgerAccountId, `${field}.subledgerAccountId`, problems);
    if (parts && amount !== undefined) {
      lines.push({
        lineNumber: index + 1,
        accountCode: parts.code,
        fundCode: parts.fundCode,
        amountCents: amount,
        memo,
        subledgerAccountId,
      });
    }
  });
  return lines;
}

function lineAmount(line: Record<string, unknown>, field: string): Cents {
  const given = (['debitCents', 'creditCents', 'debit', 'credit'] as const).filter(
    (name) => line[name] !== undefined && line[name] !== null,
  );
  if (given.length !== 1) {
    throw invalidFieldsAsInput(
      `${field}.amount`,
      given.length === 0
        ? 'give one amount: debitCents or creditCents (or debit or credit in dollars)'
        : `give only one amount, not ${given.join(' and ')}`,
    );
  }
  const name = given[0] as 'debitCents' | 'creditCents' | 'debit' | 'credit';
  const amountField = `${field}.${name}`;
  const raw = line[name];
  const amount =
    name === 'debit' || name === 'credit'
      ? parseDollars(typeof raw === 'string' ? raw : String(raw), amountField)
      : parseCents(raw, amountField);
  if (amount <= 0) {
    throw invalidFieldsAsInput(
      amountField,
      'amounts are positive; put a negative debit on the credit side instead',
    );
  }
  return name.startsWith('debit') ? amount : cents(-amount);
}

function invalidFieldsAsInput(field: string, message: string): AppError {
  return new AppError('invalid_input', `${field}: ${message}`, { field });
}

export function totalDebits(lines: readonly NormalizedLine[]): Cents {
  return sumCents(lines.filter((line) => line.amountCents > 0).map((line) => line.amountCents));
}

/** Debits = credits in total and within each fund. */
export function assertBalanced(lines: readonly NormalizedLine[]): void {
  const byFund = new Map<string, Cents>();
  for (const line of lines) {
    byFund.set(line.fundCode, sumCents([byFund.get(line.fundCode) ?? cents(0), line.amountCents]));
  }
  const debits = totalDebits(lines);
  const credits = cents(debits - sumCents(lines.map((line) => line.amountCents)));
  const unbalancedFunds = [...byFund].filter(([, net]) => net !== 0);
  if (debits !== credits) {
    throw new AppError(
      'unbalanced_entry',
      `Debits (${formatCents(debits)}) do not equal credits (${formatCents(credits)}); ` +
        `the difference is ${formatCents(cents(debits - credits))}`,
      { debitsCents: debits, creditsCents: credits, differenceCents: debits - credits,
        funds: unbalancedFunds.map(([fund, net]) => ({ fund, differenceCents: net })) },
    );
  }
  if (unbalancedFunds.length > 0) {
    const list = unbalancedFunds.map(([fund, net]) => `fund ${fund} by ${formatCents(net)}`);
    throw new AppError(
      'unbalanced_entry',
      `The entry balances in total but not within each fund (${list.join(', ')}). ` +
        'Move money between funds through due-to/due-from accounts.',
      { debitsCents: debits, creditsCents: credits, differenceCents: 0,
        funds: unbalancedFunds.map(([fund, net]) => ({ fund, differenceCents: net })) },
    );
  }
}

/** The fingerprint an idempotency key is bound to: same key + same content = same entry. */
export function hashEntryContent(entry: Omit<NormalizedEntry, 'contentHash' | 'idempotencyKey'>): string {
  const canonical = JSON.stringify([
    entry.entryDate,
    entry.periodKey,
    entry.description,
    entry.sourceModule,
    entry.sourceRef,
    entry.reversesEntryId,
    // A subledger account joins the fingerprint only when present, so entries posted before
    // subledgers existed keep their hashes (and their idempotent replays).
    entry.lines.map((line) =>
      line.subledgerAccountId === null
        ? [line.accountCode, line.amountCents, line.memo]
        : [line.accountCode, line.amountCents, line.memo, line.subledgerAccountId],
    ),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** The reversing entry: every line negated, linked to the original. */
export function buildReversal(
  original: {
    id: number;
    description: string;
    sourceModule: string;
    sourceRef: string | null;
    lines: readonly NormalizedLine[];
  },
  options: { entryDate: IsoDate; periodKey: string; description?: string | null; idempotencyKey?: string | null },
): NormalizedEntry {
  const lines = original.lines.map((line) => ({ ...line, amountCents: cents(-line.amountCents) }));
  const body = {
    entryDate: options.entryDate,
    periodKey: options.periodKey,
    description:
      options.description?.trim() || `Reversal of JE ${original.id}: ${original.description}`.slice(0, MAX_TEXT),
    sourceModule: original.sourceModule,
    sourceRef: original.sourceRef,
    reversesEntryId: original.id,
    lines,
    totalDebitCents: totalDebits(lines),
  };
  const contentHash = hashEntryContent(body);
  return { ...body, idempotencyKey: options.idempotencyKey ?? `reverse:${original.id}`, contentHash };
}

function optionalId(value: unknown, field: string, problems: FieldProblem[]): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    problems.push({ field, message: 'must be a positive whole number' });
    return null;
  }
  return value;
}

function requiredText(value: unknown, field: string, problems: FieldProblem[]): string | undefined {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    problems.push({ field, message: 'is required' });
    return undefined;
  }
  return optionalText(value, field, problems) ?? undefined;
}

function optionalText(value: unknown, field: string, problems: FieldProblem[]): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') {
    problems.push({ field, message: 'must be text' });
    return null;
  }
  const text = value.trim();
  if (text.length > MAX_TEXT) {
    problems.push({ field, message: `must be at most ${MAX_TEXT} characters` });
    return null;
  }
  return text === '' ? null : text;
}

export { periodOfDate };

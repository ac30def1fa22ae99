/** Parsing what people and modules send to use cases: amounts, dates, texts; errors name the field. */
import { parseIsoDate, type IsoDate } from './dates.js';
import { AppError, invalidFields, type FieldProblem } from './errors.js';
import { parseCents, parseDollars, type Cents } from './money.js';

export class Problems {
  readonly list: FieldProblem[] = [];
  attempt<T>(work: () => T): T | undefined {
    try {
      return work();
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalid_input') {
        const field = typeof error.details.field === 'string' ? error.details.field : 'input';
        this.list.push({ field, message: error.message.replace(`${field}: `, '') });
        return undefined;
      }
      throw error;
    }
  }
  add(field: string, message: string): void {
    this.list.push({ field, message });
  }
  throwIfAny(): void {
    if (this.list.length > 0) throw invalidFields(this.list);
  }
}

/** A positive amount given as `amountCents` (integer) or `amount` (dollars as text). */
export function positiveAmount(value: Record<string, unknown>, field: string, problems: Problems): Cents | undefined {
  const hasCents = value.amountCents !== undefined && value.amountCents !== null;
  const hasDollars = value.amount !== undefined && value.amount !== null;
  if (hasCents === hasDollars) {
    problems.add(`${field}amountCents`, 'give one amount: amountCents (integer cents) or amount (dollars, e.g. "125.50")');
    return undefined;
  }
  const amount = problems.attempt(() =>
    hasCents
      ? parseCents(value.amountCents, `${field}amountCents`)
      : parseDollars(typeof value.amount === 'string' ? value.amount : String(value.amount), `${field}amount`),
  );
  if (amount !== undefined && amount <= 0) {
    problems.add(`${field}${hasCents ? 'amountCents' : 'amount'}`, 'must be more than zero');
    return undefined;
  }
  return amount;
}

export function requiredDate(value: unknown, field: string, problems: Problems): IsoDate | undefined {
  return problems.attempt(() => parseIsoDate(value, field));
}

export function optionalDate(value: unknown, field: string, problems: Problems): IsoDate | null {
  if (value === undefined || value === null || value === '') return null;
  return problems.attempt(() => parseIsoDate(value, field)) ?? null;
}

export function text(value: unknown, field: string, problems: Problems, options: { required: boolean; max?: number }): string | null {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    if (options.required) problems.add(field, 'is required');
    return null;
  }
  if (typeof value !== 'string') {
    problems.add(field, 'must be text');
    return null;
  }
  const max = options.max ?? 500;
  if (value.trim().length > max) {
    problems.add(field, `must be at most ${max} characters`);
    return null;
  }
  return value.trim();
}

export function asRecord(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidFields([{ field, message: 'must be an object' }]);
  }
  return value as Record<string, unknown>;
}

/** Parsing what people send to billing; every problem names its field, all reported at once. */
import { Decimal } from 'decimal.js';
import { isValidIsoDate, type IsoDate } from '../shared/dates.js';
import { AppError, invalidFields, type FieldProblem } from '../shared/errors.js';
import { parseCents, parseDollars, type Cents } from '../shared/money.js';

export class Problems {
  readonly list: FieldProblem[] = [];
  add(field: string, message: string): void {
    this.list.push({ field, message });
  }
  /** Runs a parser that throws invalid_input; keeps its message under the field. */
  attempt<T>(field: string, work: () => T): T | undefined {
    try {
      return work();
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalid_input') {
        this.add(field, error.message.replace(/^[^:]+: /, ''));
        return undefined;
      }
      throw error;
    }
  }
  get hasAny(): boolean {
    return this.list.length > 0;
  }
  throwIfAny(): void {
    if (this.list.length > 0) throw invalidFields(this.list);
  }
}

export function asRecord(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidFields([{ field, message: 'must be an object' }]);
  }
  return value as Record<string, unknown>;
}

const isMissing = (value: unknown): boolean => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

export function readText(value: unknown, field: string, problems: Problems, options: { required: boolean; max: number; pattern?: RegExp; hint?: string }): string | null {
  if (isMissing(value)) {
    if (options.required) problems.add(field, 'is required');
    return null;
  }
  if (typeof value !== 'string') {
    problems.add(field, 'must be text');
    return null;
  }
  const text = value.trim();
  if (text.length > options.max) {
    problems.add(field, `must be at most ${options.max} characters`);
    return null;
  }
  if (options.pattern && !options.pattern.test(text)) {
    problems.add(field, options.hint ?? 'is not in the expected form');
    return null;
  }
  return text;
}

export function readDate(value: unknown, field: string, problems: Problems, options: { required: boolean }): IsoDate | null {
  if (isMissing(value)) {
    if (options.required) problems.add(field, 'a date (YYYY-MM-DD) is required');
    return null;
  }
  if (typeof value !== 'string' || !isValidIsoDate(value.trim())) {
    problems.add(field, `"${String(value)}" is not a real date in the form YYYY-MM-DD`);
    return null;
  }
  return value.trim() as IsoDate;
}

export function readInteger(value: unknown, field: string, problems: Problems, options: { required: boolean; min: number; max: number }): number | null {
  if (isMissing(value)) {
    if (options.required) problems.add(field, 'is required');
    return null;
  }
  const number = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < options.min || number > options.max) {
    problems.add(field, `must be a whole number from ${options.min} to ${options.max}`);
    return null;
  }
  return number;
}

export function readBoolean(value: unknown, field: string, problems: Problems): boolean | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'boolean') {
    problems.add(field, 'must be true or false');
    return null;
  }
  return value;
}

/**
 * An optional positive amount: `<name>Cents` (integer cents) or `<name>` (dollars as text).
 * Returns undefined when neither is given, null after a problem.
 */
export function readOptionalAmount(record: Record<string, unknown>, name: string, prefix: string, problems: Problems): Cents | undefined | null {
  const centsKey = `${name}Cents`;
  const hasCents = !isMissing(record[centsKey]);
  const hasDollars = !isMissing(record[name]);
  if (!hasCents && !hasDollars) return undefined;
  if (hasCents && hasDollars) {
    problems.add(`${prefix}${centsKey}`, `give one of ${centsKey} (integer cents) or ${name} (dollars, e.g. "125.50")`);
    return null;
  }
  const field = `${prefix}${hasCents ? centsKey : name}`;
  const amount = problems.attempt(field, () =>
    hasCents ? parseCents(record[centsKey], field) : parseDollars(String(record[name]), field),
  );
  if (amount === undefined) return null;
  if (amount <= 0) {
    problems.add(field, 'must be more than zero');
    return null;
  }
  return amount;
}

const quantityPattern = /^\d{1,9}(\.\d{1,4})?$/;

/** A quantity: a number or decimal text with at most 4 decimals, more than zero. */
export function readQuantity(value: unknown, field: string, problems: Problems): Decimal | null {
  if (isMissing(value)) {
    problems.add(field, 'is required');
    return null;
  }
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!quantityPattern.test(text)) {
    problems.add(field, `"${String(value)}" is not a quantity (a number with at most 4 decimals, e.g. 2 or 1.5)`);
    return null;
  }
  const quantity = new Decimal(text);
  if (quantity.lte(0)) {
    problems.add(field, 'must be more than zero');
    return null;
  }
  return quantity;
}

/**
 * Parsers for command-line arguments. A malformed argument is a usage error (exit 2, reported by
 * commander with the command's usage); whether a well-formed value makes sense (a real date, an
 * existing entry) is the ledger's to decide, with its own error codes.
 */
import { InvalidArgumentError } from 'commander';

/** "42" or "JE-42" (as the journal and the hledger export print entry numbers). */
export function parseEntryId(text: string): number {
  const match = /^(?:JE-?)?(\d{1,15})$/i.exec(text.trim());
  const id = match ? Number(match[1]) : Number.NaN;
  if (!Number.isSafeInteger(id) || id < 1) {
    throw new InvalidArgumentError('expected a journal entry number, e.g. 42 or JE-42');
  }
  return id;
}

export function parsePositiveInteger(text: string): number {
  const value = /^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new InvalidArgumentError('expected a whole number greater than zero');
  }
  return value;
}

export function parseFiscalYear(text: string): number {
  const match = /^(?:FY)?(\d{4})$/i.exec(text.trim());
  if (!match) throw new InvalidArgumentError('expected a fiscal year such as 2027 or FY2027');
  return Number(match[1]);
}

export function parsePort(text: string): number {
  const value = /^\d{1,5}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isInteger(value) || value < 0 || value > 65_535) {
    throw new InvalidArgumentError('expected a TCP port number (0-65535)');
  }
  return value;
}

export function parseFundCode(text: string): string {
  if (!/^\d{3}$/.test(text.trim())) {
    throw new InvalidArgumentError('expected a three-digit fund code, e.g. 100');
  }
  return text.trim();
}

/**
 * The scan line of a remittance stub: what a barcode scanner (or a clerk) types to find the account
 * and the amount due. Letters of the account prefix, the account's digits zero-padded to nine,
 * the amount due in cents as ten digits, and a Luhn (mod 10) check digit over the nineteen digits
 * before it, printed in groups: `UB 000100234 0000012345 9`. Pure.
 */
import { invalidInput } from '../shared/errors.js';
import { parseCents, type Cents } from '../shared/money.js';

export interface ScanLine {
  accountNumber: string;
  amountDueCents: Cents;
}

const accountPattern = /^([A-Z]{2,4})-([0-9]{6,9})$/;
const scanPattern = /^([A-Z]{2,4})([0-9]{9})([0-9]{10})([0-9])$/;

/** Luhn check digit of a string of digits. */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

export function formatScanLine(stub: { accountNumber: string; amountDueCents: number }): string {
  const match = accountPattern.exec(stub.accountNumber);
  if (!match) throw invalidInput('accountNumber', `${stub.accountNumber} is not an account number like UB-100234`);
  const amount = Math.max(0, stub.amountDueCents);
  if (!Number.isSafeInteger(amount) || amount > 9_999_999_999) throw invalidInput('amountDueCents', 'does not fit a scan line (ten digits of cents)');
  const [, prefix, number] = match as unknown as [string, string, string];
  const body = `${number.padStart(9, '0')}${String(amount).padStart(10, '0')}`;
  return `${prefix} ${body.slice(0, 9)} ${body.slice(9)} ${luhnCheckDigit(body)}`;
}

/** Reads a scan line typed or scanned (spaces and case do not matter); a wrong check digit is refused. */
export function parseScanLine(text: string): ScanLine {
  const compact = text.replace(/\s+/g, '').toUpperCase();
  const match = scanPattern.exec(compact);
  if (!match) throw invalidInput('scanLine', 'is not a stub scan line (letters, then 20 digits)');
  const [, prefix, number, amount, check] = match as unknown as [string, string, string, string, string];
  if (luhnCheckDigit(`${number}${amount}`) !== Number(check)) {
    throw invalidInput('scanLine', 'the check digit does not match: scan the stub again or type the account number');
  }
  return { accountNumber: `${prefix}-${String(Number(number)).padStart(6, '0')}`, amountDueCents: parseCents(amount, 'scanLine') };
}

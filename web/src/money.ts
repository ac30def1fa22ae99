/**
 * Money in the browser: integer cents from the API, text typed by people. No float ever holds
 * an amount: parsing is a string algorithm (digits before and after the point), sums are checked
 * safe integers, formatting divides with BigInt. Same rules as src/shared/money.ts parseDollars.
 */

export type ParsedAmount = { ok: true; cents: number } | { ok: false; message: string };

const dollarsPattern = /^(-)?\$?(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d{1,2}))?$/;

/**
 * "1,234.56" -> 123456; "12" -> 1200; ".5" -> 50; "$3.1" -> 310. Refuses "12.345", "1e3", "-0",
 * an empty text and anything beyond 2^53 - 1 cents.
 */
export function parseDollars(text: string): ParsedAmount {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: 'Enter an amount' };
  const match = dollarsPattern.exec(trimmed);
  if (!match || (match[2] === undefined && match[3] === undefined)) {
    return { ok: false, message: `"${trimmed}" is not dollars and cents (e.g. 1,234.56)` };
  }
  const [, minus, wholeText = '0', fractionText = ''] = match;
  const magnitude = BigInt(wholeText.replaceAll(',', '')) * 100n + BigInt(fractionText.padEnd(2, '0'));
  if (minus && magnitude === 0n) return { ok: false, message: 'Negative zero is not an amount' };
  if (magnitude > BigInt(Number.MAX_SAFE_INTEGER)) {
    return { ok: false, message: 'The amount is too large' };
  }
  return { ok: true, cents: Number(minus ? -magnitude : magnitude) };
}

/** 123456 -> "1,234.56"; -5 -> "-0.05". */
export function formatCents(amount: number): string {
  if (!Number.isSafeInteger(amount)) throw new Error(`not a whole number of cents: ${amount}`);
  const negative = amount < 0;
  const magnitude = BigInt(Math.abs(amount));
  const whole = (magnitude / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = (magnitude % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

/** 123456 -> "$1,234.56"; -5 -> "-$0.05". */
export function formatDollars(amount: number): string {
  const text = formatCents(Math.abs(amount));
  return amount < 0 ? `-$${text}` : `$${text}`;
}

/** Blank for zero: debit and credit columns read better without a sea of 0.00. */
export function formatCentsOrBlank(amount: number): string {
  return amount === 0 ? '' : formatCents(amount);
}

/** Adds whole cents and refuses a total an IEEE double cannot hold exactly. */
export function sumCents(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) {
    total += value;
    if (!Number.isSafeInteger(total)) throw new Error('The total is too large to add up exactly');
  }
  return total;
}

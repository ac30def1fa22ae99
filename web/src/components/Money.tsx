import { formatCents, formatCentsOrBlank } from '../money';

/** A right-aligned amount cell's content. */
export function Money({ cents, blankZero = false }: { cents: number | null | undefined; blankZero?: boolean }) {
  if (cents === null || cents === undefined) return null;
  return <span className="amount">{blankZero ? formatCentsOrBlank(cents) : formatCents(cents)}</span>;
}

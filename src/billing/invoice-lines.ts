/**
 * Invoice lines, the rules in one place: each line is a catalog item, a quantity and a unit price
 * (the item's, or entered when the item has none); its amount is quantity x price rounded half-up
 * once (src/shared/money.ts). An invoice bills one fund and one receivable kind: a line in another
 * is refused, naming it. Used by invoices and by recurring templates alike.
 */
import type { Decimal } from 'decimal.js';
import type { Executor } from '../shared/db.js';
import { multiplyCents, type Cents } from '../shared/money.js';
import { findBillingItems, type BillingItem } from './catalog.js';
import { asRecord, Problems, readOptionalAmount, readQuantity, readText } from './input.js';

export const MAX_INVOICE_LINES = 100;

export interface LineRequest {
  itemCode: string;
  quantity: Decimal;
  /** Entered price; undefined takes the item's. */
  unitPriceCents: Cents | undefined;
  description: string | null;
}

export interface ResolvedLine {
  item: BillingItem;
  quantity: Decimal;
  unitPriceCents: Cents;
  amountCents: Cents;
  description: string;
}

/** quantity x unit price, rounded half-up once. */
export function lineAmountCents(quantity: Decimal, unitPriceCents: Cents): Cents {
  return multiplyCents(unitPriceCents, quantity, 'half_up');
}

export function formatInvoiceNumber(invoiceDate: string, sequence: number): string {
  return `INV-${invoiceDate.slice(0, 4)}-${String(sequence).padStart(6, '0')}`;
}

/** Reads `lines` from a request; problems name lines[i].field. Null entries were refused. */
export function parseLineRequests(value: unknown, problems: Problems, field = 'lines'): Array<LineRequest | null> {
  if (!Array.isArray(value) || value.length === 0) {
    problems.add(field, 'at least one line is required');
    return [];
  }
  if (value.length > MAX_INVOICE_LINES) {
    problems.add(field, `at most ${MAX_INVOICE_LINES} lines`);
    return [];
  }
  return value.map((entry: unknown, index) => {
    const prefix = `${field}[${index}].`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.add(`${field}[${index}]`, 'must be an object');
      return null;
    }
    const line = asRecord(entry, `${field}[${index}]`);
    const before = problems.list.length;
    const itemCode = readText(typeof line.item === 'string' ? line.item.toUpperCase() : line.item, `${prefix}item`, problems, { required: true, max: 30 });
    const quantity = readQuantity(line.quantity ?? 1, `${prefix}quantity`, problems);
    const price = readOptionalAmount(line, 'unitPrice', prefix, problems);
    const description = readText(line.description, `${prefix}description`, problems, { required: false, max: 200 });
    if (problems.list.length > before || !itemCode || !quantity || price === null) return null;
    return { itemCode, quantity, unitPriceCents: price, description };
  });
}

/**
 * Looks the items up and prices the lines. Problems name the line: an unknown or inactive item,
 * a missing price, an amount that rounds to nothing, a line in another fund or kind than the first.
 */
export async function resolveLines(db: Executor, requests: Array<LineRequest | null>, problems: Problems, field = 'lines'): Promise<ResolvedLine[]> {
  const items = await findBillingItems(db, requests.flatMap((request) => (request ? [request.itemCode] : [])));
  const resolved: ResolvedLine[] = [];
  let first: { index: number; item: BillingItem } | null = null;
  requests.forEach((request, index) => {
    if (!request) return;
    const prefix = `${field}[${index}].`;
    const item = items.get(request.itemCode);
    if (!item) return problems.add(`${prefix}item`, `there is no billing item ${request.itemCode}`);
    if (!item.isActive) return problems.add(`${prefix}item`, `billing item ${item.code} is inactive`);
    const unitPriceCents = request.unitPriceCents ?? item.unitPriceCents;
    if (unitPriceCents === null) {
      return problems.add(`${prefix}unitPriceCents`, `billing item ${item.code} has no set price: enter unitPriceCents or unitPrice`);
    }
    if (first && (item.fundCode !== first.item.fundCode || item.receivableKind !== first.item.receivableKind)) {
      return problems.add(`${prefix}item`,
        `billing item ${item.code} bills fund ${item.fundCode} (${item.receivableKind}); line ${first.index + 1} bills fund ` +
        `${first.item.fundCode} (${first.item.receivableKind}): an invoice bills one fund, so invoice it separately`);
    }
    first ??= { index, item };
    const amountCents = problems.attempt(`${prefix}quantity`, () => lineAmountCents(request.quantity, unitPriceCents));
    if (amountCents === undefined) return;
    if (amountCents <= 0) return problems.add(`${prefix}quantity`, 'quantity x unit price rounds to nothing');
    resolved.push({ item, quantity: request.quantity, unitPriceCents, amountCents, description: request.description ?? item.name });
  });
  return resolved;
}

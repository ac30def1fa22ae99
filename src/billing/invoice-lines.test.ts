import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cents } from '../shared/money.js';
import { formatInvoiceNumber, lineAmountCents, parseLineRequests } from './invoice-lines.js';
import { Problems } from './input.js';

describe('line amounts', () => {
  it.each([
    ['1', 15_000, 15_000],
    ['2.5', 4_500, 11_250],
    ['0.333', 1_000, 333],
    ['0.3335', 1_000, 334],
    ['1.005', 100, 101],
    ['37', 10, 370],
    ['0.0001', 4_999, 0],
  ])('%s x %d cents = %d cents (rounded half-up once)', (quantity, price, expected) => {
    expect(lineAmountCents(new Decimal(quantity), cents(price))).toBe(expected);
  });

  it('is exact for whole quantities', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 10_000_000 }), (quantity, price) =>
      lineAmountCents(new Decimal(quantity), cents(price)) === quantity * price));
  });

  it('numbers invoices by year and sequence', () => {
    expect(formatInvoiceNumber('2026-09-01', 42)).toBe('INV-2026-000042');
  });
});

describe('parsing lines', () => {
  it('names each bad field by its line', () => {
    const problems = new Problems();
    parseLineRequests([{ item: 'COPIES', quantity: '1.23456' }, { quantity: 1 }, { item: 'X', quantity: 1, unitPriceCents: -5 }], problems);
    expect(problems.list.map((problem) => problem.field)).toEqual(['lines[0].quantity', 'lines[1].item', 'lines[2].unitPriceCents']);
  });
});

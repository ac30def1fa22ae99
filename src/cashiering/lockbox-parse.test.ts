import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../shared/dates.js';
import { cents } from '../shared/money.js';
import { validateLayoutSpec, type LockboxLayoutSpec } from './lockbox-layout.js';
import { parseLockboxFile, readAccountReference } from './lockbox-parse.js';
import { formatLockboxFile, type LockboxPaymentInput } from './lockbox-write.js';
import { formatScanLine } from './scan-line.js';

const sample = (name: string): string => readFileSync(new URL(`../../samples/lockbox/${name}`, import.meta.url), 'utf8');
const fixed = (JSON.parse(sample('first_california_bank.json')) as { spec: LockboxLayoutSpec }).spec;
const csv = (JSON.parse(sample('credit_union_csv.json')) as { spec: LockboxLayoutSpec }).spec;
const csvCents: LockboxLayoutSpec = { format: 'csv', hasHeaderRow: false, amountUnit: 'cents', dateFormat: 'YYYYMMDD',
  columns: { depositDate: 1, accountReference: 2, amount: 3, checkNumber: 4, routingNumber: 5, checkAccount: 6, payerName: 7 } };

describe('lockbox layouts', () => {
  it('accepts the shipped layouts', () => {
    expect(validateLayoutSpec(fixed)).toEqual([]);
    expect(validateLayoutSpec(csv)).toEqual([]);
    expect(validateLayoutSpec(csvCents)).toEqual([]);
  });

  it('names every wrong field', () => {
    const problems = validateLayoutSpec({ format: 'fixed', dateFormat: 'DDMMYY', header: { code: '1', fields: {} },
      detail: { code: '6', fields: { accountReference: { start: 0, length: 5 }, amount: { start: 3, length: 10 }, colour: { start: 1, length: 1 } } } });
    expect(problems.map((problem) => problem.field)).toEqual(expect.arrayContaining([
      'dateFormat', 'header.fields.depositDate', 'detail.fields.accountReference.start', 'detail.fields.colour', 'trailer']));
    expect(validateLayoutSpec({ format: 'csv', dateFormat: 'YYYYMMDD', hasHeaderRow: true, amountUnit: 'euros', columns: { amount: 3 } })
      .map((problem) => problem.field)).toEqual(expect.arrayContaining(['amountUnit', 'columns.accountReference', 'columns.amount']));
    expect(validateLayoutSpec('x')).toEqual([{ field: 'spec', message: 'must be an object' }]);
  });
});

describe('lockbox files', () => {
  it('reads the fixed-width sample', () => {
    const parsed = parseLockboxFile(sample('first_california_bank.txt'), fixed);
    expect(parsed.problems).toEqual([]);
    expect(parsed.depositDate).toBe('2026-11-23');
    expect(parsed.payments.map((payment) => [payment.accountNumber, payment.amountCents, payment.checkNumber, payment.accountLast4]))
      .toEqual([['UB-100049', 8142, '1041', '6789'], ['UB-100061', 8519, '2207', '3210'], ['UB-100086', 5422, '315', '7788'],
        ['MB-100426', 25000, '7730', '8822'], ['BL-100317', 21750, '10233', '4567'], ['UB-109999', 6412, '1190', '1122'],
        [null, 2500, '504', '6655']]);
  });

  it('reads the CSV sample', () => {
    const parsed = parseLockboxFile(sample('credit_union_csv.csv'), csv);
    expect(parsed.problems).toEqual([]);
    expect(parsed.payments.map((payment) => [payment.rowNumber, payment.accountNumber, payment.amountCents, payment.payerName]))
      .toEqual([[2, 'UB-100111', 19919, 'Garcia, Ana'], [3, 'UB-100158', 8207, 'James Lewis'], [4, 'UB-100241', 10000, 'Veronica Sanchez'],
        [5, 'PC-100370', 18600, 'Mary Young'], [6, 'UB-100216', 41754, 'William Lewis']]);
  });

  it('reports each malformed line by row and field', () => {
    const lines = sample('first_california_bank.txt').split('\n');
    lines[1] = `${(lines[1] as string).slice(0, 31)}00000X5000${(lines[1] as string).slice(41)}`;
    lines[2] = `6${' '.repeat(30)}${(lines[2] as string).slice(31, 51)}12100035X${(lines[2] as string).slice(60)}`;
    const parsed = parseLockboxFile(lines.join('\n'), fixed);
    expect(parsed.problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ row: 2, field: 'amount' }),
      expect.objectContaining({ row: 3, field: 'accountReference' }),
      expect.objectContaining({ row: 3, field: 'routingNumber' }),
    ]));
    const badDate = sample('first_california_bank.txt').replace('120261123', '120261341');
    expect(parseLockboxFile(badDate, fixed).problems).toEqual([expect.objectContaining({ row: 1, field: 'depositDate' })]);
    const noTrailer = sample('first_california_bank.txt').split('\n').slice(0, 4).join('\n');
    expect(parseLockboxFile(noTrailer, fixed).problems).toEqual([expect.objectContaining({ field: 'trailer' })]);
    const noHeader = sample('first_california_bank.txt').split('\n').slice(1).join('\n');
    expect(parseLockboxFile(noHeader, fixed).problems.map((problem) => problem.field)).toContain('header');
    const wrongTotal = sample('first_california_bank.txt').replace('9000007000000077745', '9000008000000077746');
    expect(parseLockboxFile(wrongTotal, fixed).problems.map((problem) => problem.field)).toEqual(['itemCount', 'totalCents']);
  });

  it('reads account references in every form; a reference that names no account is kept for an exception', () => {
    expect(readAccountReference('UB-100234').accountNumber).toBe('UB-100234');
    expect(readAccountReference(' ub100234 ').accountNumber).toBe('UB-100234');
    expect(readAccountReference(formatScanLine({ accountNumber: 'UB-100234', amountDueCents: 1 })).accountNumber).toBe('UB-100234');
    expect(readAccountReference('UB0001002340000000001 0').problem).toMatch(/check digit/);
    expect(readAccountReference('SEE LETTER')).toEqual({ accountNumber: null, problem: expect.stringMatching(/not an account number/) });
  });

  it('never throws on random input: only structured problems', () => {
    for (const spec of [fixed, csv, csvCents]) {
      fc.assert(fc.property(fc.oneof(fc.string(), fc.uint8Array().map((bytes) => Buffer.from(bytes).toString('utf8')),
        fc.array(fc.oneof(fc.constantFrom('1', '6', '9', ',', '"', '\n'), fc.string()), { maxLength: 30 }).map((parts) => parts.join(''))), (text) => {
        const parsed = parseLockboxFile(text, spec);
        expect(parsed.problems.length + parsed.payments.length).toBeGreaterThan(0);
        for (const problem of parsed.problems) expect(problem).toEqual({ row: expect.any(Number), field: expect.any(String), message: expect.any(String) });
      }), { numRuns: 300 });
    }
  });

  const payments = fc.array(fc.record({
    accountReference: fc.tuple(fc.stringMatching(/^[A-Z]{2,4}$/), fc.stringMatching(/^[0-9]{6,9}$/)).map(([prefix, digits]) => `${prefix}-${digits}`),
    amountCents: fc.integer({ min: 1, max: 99_999_999 }).map(cents),
    checkNumber: fc.option(fc.stringMatching(/^[1-9][0-9]{0,8}$/), { nil: null }),
    routingNumber: fc.option(fc.stringMatching(/^[0-9]{9}$/), { nil: null }),
    checkAccount: fc.option(fc.stringMatching(/^[0-9]{4,17}$/), { nil: null }),
    payerName: fc.option(fc.stringMatching(/^[A-Za-z][A-Za-z ,.'"-]{0,28}[A-Za-z]$/), { nil: null }),
  }), { minLength: 1, maxLength: 20 });
  const dates = fc.date({ min: new Date('2001-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10) as IsoDate);

  it('generated valid files parse back to exactly their payments', () => {
    for (const spec of [fixed, csv, csvCents]) {
      fc.assert(fc.property(dates, payments, (depositDate, list: LockboxPaymentInput[]) => {
        const parsed = parseLockboxFile(formatLockboxFile(spec, { depositDate, payments: list }), spec);
        expect(parsed.problems).toEqual([]);
        expect(parsed.depositDate).toBe(depositDate);
        expect(parsed.payments.map((payment) => ({ accountReference: payment.accountReference, amountCents: payment.amountCents,
          checkNumber: payment.checkNumber, routingNumber: payment.routingNumber, accountLast4: payment.accountLast4, payerName: payment.payerName })))
          .toEqual(list.map((payment) => ({ ...payment, checkAccount: undefined, accountLast4: payment.checkAccount?.slice(-4) ?? null }))
            .map(({ checkAccount: _unused, ...rest }) => rest));
      }), { numRuns: 100 });
    }
  });
});

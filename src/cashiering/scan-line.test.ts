import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatScanLine, luhnCheckDigit, parseScanLine } from './scan-line.js';

const accountNumbers = fc
  .tuple(fc.stringMatching(/^[A-Z]{2,4}$/), fc.stringMatching(/^[0-9]{6,9}$/))
  .map(([prefix, digits]) => `${prefix}-${digits}`);

describe('scan line', () => {
  it('formats a known stub', () => {
    const line = formatScanLine({ accountNumber: 'UB-100234', amountDueCents: 12345 });
    expect(line.replace(/ /g, '')).toBe(`UB0001002340000012345${luhnCheckDigit('0001002340000012345')}`);
    expect(parseScanLine(line)).toEqual({ accountNumber: 'UB-100234', amountDueCents: 12345 });
  });

  it('round-trips, with or without spaces, in any case', () => {
    fc.assert(
      fc.property(accountNumbers, fc.integer({ min: 0, max: 9_999_999_999 }), (accountNumber, amountDueCents) => {
        const line = formatScanLine({ accountNumber, amountDueCents });
        const parsed = parseScanLine(line);
        expect(parsed.amountDueCents).toBe(amountDueCents);
        expect(parseScanLine(line.replace(/ /g, '').toLowerCase())).toEqual(parsed);
        // Account digits are kept at nine places, so an account with leading zeros comes back padded to six.
        expect(parsed.accountNumber.replace(/-0*/, '-')).toBe(accountNumber.replace(/-0*/, '-'));
      }),
    );
  });

  it('refuses any single wrong digit with a clear error', () => {
    fc.assert(
      fc.property(accountNumbers, fc.integer({ min: 0, max: 9_999_999_999 }), fc.nat(), fc.integer({ min: 1, max: 9 }),
        (accountNumber, amountDueCents, position, delta) => {
          const compact = formatScanLine({ accountNumber, amountDueCents }).replace(/ /g, '');
          const digitsStart = compact.search(/[0-9]/);
          const index = digitsStart + (position % (compact.length - digitsStart));
          const changed = `${compact.slice(0, index)}${(Number(compact[index]) + delta) % 10}${compact.slice(index + 1)}`;
          expect(() => parseScanLine(changed)).toThrow(/check digit/);
        }),
    );
  });

  it('refuses what is not a scan line', () => {
    expect(() => parseScanLine('UB-100234')).toThrow(/not a stub scan line/);
    expect(() => formatScanLine({ accountNumber: 'UB100234', amountDueCents: 1 })).toThrow(/not an account number/);
  });
});

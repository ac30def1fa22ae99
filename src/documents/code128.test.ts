import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { code128Bars, code128CheckValue, code128Elements, decodeCode128Elements, encodeCode128 } from './code128.js';

// Symbol values (start, data, check character, Stop). Each was drawn into a PDF, rasterized with
// pdftoppm and read back by zbarimg 0.23 (which checks the check character) before being
// written here.
const knownEncodings: Array<[text: string, values: number[]]> = [
  ['PJJ123C', [104, 48, 42, 42, 17, 18, 19, 35, 55, 106]],
  ['UB00010023400000123459', [104, 53, 34, 99, 0, 1, 0, 23, 40, 0, 0, 12, 34, 59, 49, 106]],
  ['1234', [105, 12, 34, 82, 106]],
  ['000000', [105, 0, 0, 0, 2, 106]],
  ['A1B2C3', [104, 33, 17, 34, 18, 35, 19, 16, 106]],
  ['X', [104, 56, 57, 106]],
  ['ab12345678cd', [104, 65, 66, 99, 12, 34, 56, 78, 100, 67, 68, 73, 106]],
  ['Hello, World!', [104, 40, 69, 76, 76, 79, 12, 0, 55, 79, 82, 76, 68, 1, 76, 106]],
  ['~`{|}', [104, 94, 64, 91, 92, 93, 93, 106]],
];

describe('Code 128', () => {
  it.each(knownEncodings)('encodes %j as known, check character included', (text, values) => {
    expect(encodeCode128(text)).toEqual(values);
    expect(code128CheckValue(values.slice(0, -2))).toBe(values.at(-2));
  });

  it('draws the known bar widths of Start B and Stop (with its final bar)', () => {
    const elements = code128Elements([104, 106]);
    expect(elements.join('')).toBe('2112142331112');
    const { bars, modules } = code128Bars('X');
    expect(modules).toBe(11 * 3 + 13);
    expect(bars[0]).toEqual([0, 2]);
  });

  it('puts a scan line in subset C after its letters: 16 symbols for letters and 20 digits', () => {
    const values = encodeCode128('UB00010023400000123459');
    expect(values).toHaveLength(16);
    expect(values[3]).toBe(99);
  });

  it('refuses what subset B cannot carry', () => {
    expect(() => encodeCode128('Año')).toThrow(/cannot encode/);
    expect(() => encodeCode128('a\tb')).toThrow(/cannot encode/);
  });

  it('refuses bars whose check character is wrong', () => {
    const values = encodeCode128('UB00010023400000123459');
    values[5] = 2;
    expect(() => decodeCode128Elements(code128Elements(values))).toThrow(/check character/);
  });

  const printable = fc.array(fc.integer({ min: 32, max: 127 }), { maxLength: 40 }).map((codes) => String.fromCharCode(...codes));
  const digitHeavy = fc
    .array(fc.oneof(fc.stringMatching(/^[0-9]{1,12}$/), fc.stringMatching(/^[A-Za-z -]{1,3}$/)), { maxLength: 6 })
    .map((parts) => parts.join(''));

  it('decodes what it encodes, at any bar scale (property)', () => {
    fc.assert(
      fc.property(fc.oneof(printable, digitHeavy), fc.double({ min: 0.3, max: 3, noNaN: true }), (text, scale) => {
        const elements = code128Elements(encodeCode128(text)).map((width) => width * scale);
        expect(decodeCode128Elements(elements)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('is as short as the best choice of B or C at every step (property)', () => {
    fc.assert(
      fc.property(digitHeavy, (text) => {
        // Start, check character and Stop come on top of the data symbols and switches.
        expect(encodeCode128(text).length - 3).toBe(shortestByEveryChoice(text));
      }),
      { numRuns: 300 },
    );
  });
});

/**
 * The fewest data symbols and switches over every choice of B or C at every step, searched top
 * down (the encoder works bottom up; the two are written independently).
 */
function shortestByEveryChoice(text: string): number {
  const memo = new Map<string, number>();
  const visit = (index: number, set: 'B' | 'C' | null): number => {
    if (index >= text.length) return 0;
    const key = `${index}${set}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const isPair = /^[0-9]{2}$/.test(text.slice(index, index + 2));
    const viaB = (set === 'B' || set === null ? 0 : 1) + 1 + visit(index + 1, 'B');
    const viaC = isPair ? (set === 'C' || set === null ? 0 : 1) + 1 + visit(index + 2, 'C') : Number.POSITIVE_INFINITY;
    const best = Math.min(viaB, viaC);
    memo.set(key, best);
    return best;
  };
  return visit(0, null);
}

/**
 * Code 128 barcodes (ISO/IEC 15417), subsets B and C: what a counter scanner reads from a bill's
 * stub. Pure. `encodeCode128` chooses the shortest symbol sequence over B (printable ASCII) and C
 * (digit pairs) with a small dynamic program, so `UB00010023400000123457` is Start B, U, B,
 * Code C, ten digit pairs, the check character and Stop. `code128Elements` gives the widths of
 * the bars and spaces in modules (bar first), which the PDF draws as rectangles;
 * `decodeCode128Elements` reads such widths back (the tests decode the drawn bars with it).
 */

/** The bar/space widths of symbol values 0..106 (106 = Stop, which has a seventh element). */
const PATTERNS = [
  '212222', '222122', '222221', '121223', '121322', '131222', '122213', '122312',
  '132212', '221213', '221312', '231212', '112232', '122132', '122231', '113222',
  '123122', '123221', '223211', '221132', '221231', '213212', '223112', '312131',
  '311222', '321122', '321221', '312212', '322112', '322211', '212123', '212321',
  '232121', '111323', '131123', '131321', '112313', '132113', '132311', '211313',
  '231113', '231311', '112133', '112331', '132131', '113123', '113321', '133121',
  '313121', '211331', '231131', '213113', '213311', '213131', '311123', '311321',
  '331121', '312113', '312311', '332111', '314111', '221411', '431111', '111224',
  '111422', '121124', '121421', '141122', '141221', '112214', '112412', '122114',
  '122411', '142112', '142211', '241211', '221114', '413111', '241112', '134111',
  '111242', '121142', '121241', '114212', '124112', '124211', '411212', '421112',
  '421211', '212141', '214121', '412121', '111143', '111341', '131141', '114113',
  '114311', '411113', '411311', '113141', '114131', '311141', '411131', '211412',
  '211214', '211232', '2331112',
] as const;

export const CODE128 = {
  codeC: 99,
  codeB: 100,
  startB: 104,
  startC: 105,
  stop: 106,
  /** Modules of one symbol; Stop has 13. */
  symbolModules: 11,
  stopModules: 13,
  /** The quiet zone each side, in modules (the standard asks for at least 10). */
  quietZoneModules: 10,
} as const;

type CodeSet = 'B' | 'C';

const isDigit = (code: number): boolean => code >= 48 && code <= 57;
const isSetB = (code: number): boolean => code >= 32 && code <= 127;

/**
 * The symbol values of `text`: start, data (with set switches), check character, Stop. Throws
 * on a character that subset B cannot carry (controls, anything beyond ASCII).
 */
export function encodeCode128(text: string): number[] {
  const codes = [...text].map((character) => character.codePointAt(0) ?? 0);
  const bad = codes.findIndex((code) => !isSetB(code));
  if (bad >= 0) {
    const character = JSON.stringify(text[bad]);
    throw new Error(`Code 128 subset B cannot encode character ${character} of ${JSON.stringify(text)}`);
  }
  const length = codes.length;
  const pairAt = (index: number) =>
    index + 1 < length && isDigit(codes[index]!) && isDigit(codes[index + 1]!);
  // cost[set][i]: fewest symbols for codes[i..] when set `set` is current at i.
  const cost: Record<CodeSet, number[]> = {
    B: new Array<number>(length + 1).fill(0),
    C: new Array<number>(length + 1).fill(0),
  };
  const stayB = (index: number) => 1 + cost.B[index + 1]!;
  const stayC = (index: number) =>
    pairAt(index) ? 1 + cost.C[index + 2]! : Number.POSITIVE_INFINITY;
  for (let index = length - 1; index >= 0; index -= 1) {
    cost.B[index] = Math.min(stayB(index), 1 + stayC(index));
    cost.C[index] = Math.min(stayC(index), 1 + stayB(index));
  }
  // Start in the set whose first step is cheaper (B on ties and for the empty text).
  let set: CodeSet = length > 0 && stayC(0) < stayB(0) ? 'C' : 'B';
  const values: number[] = [set === 'C' ? CODE128.startC : CODE128.startB];
  let index = 0;
  while (index < length) {
    const isStaying =
      set === 'B' ? stayB(index) <= 1 + stayC(index) : stayC(index) <= 1 + stayB(index);
    if (!isStaying) {
      set = set === 'B' ? 'C' : 'B';
      values.push(set === 'C' ? CODE128.codeC : CODE128.codeB);
    }
    if (set === 'C') {
      values.push((codes[index]! - 48) * 10 + (codes[index + 1]! - 48));
      index += 2;
    } else {
      values.push(codes[index]! - 32);
      index += 1;
    }
  }
  values.push(code128CheckValue(values));
  values.push(CODE128.stop);
  return values;
}

/** The check character: the start value plus each data value times its position, modulo 103. */
export function code128CheckValue(startAndData: readonly number[]): number {
  let sum = startAndData[0] ?? 0;
  for (let position = 1; position < startAndData.length; position += 1) {
    sum += position * startAndData[position]!;
  }
  return sum % 103;
}

/** The widths in modules of the bars and spaces of a symbol sequence, bar first, no quiet zones. */
export function code128Elements(values: readonly number[]): number[] {
  const elements: number[] = [];
  for (const value of values) {
    const pattern = PATTERNS[value];
    if (pattern === undefined) throw new Error(`${value} is not a Code 128 symbol value`);
    for (const digit of pattern) elements.push(digit.charCodeAt(0) - 48);
  }
  return elements;
}

/** The bars of `text` as [x, width] pairs in modules from the left edge of the first bar. */
export function code128Bars(text: string): {
  bars: Array<[x: number, width: number]>;
  modules: number;
} {
  const elements = code128Elements(encodeCode128(text));
  const bars: Array<[number, number]> = [];
  let x = 0;
  elements.forEach((width, index) => {
    if (index % 2 === 0) bars.push([x, width]);
    x += width;
  });
  return { bars, modules: x };
}

const valueOfPattern = new Map<string, number>(PATTERNS.map((pattern, value) => [pattern, value]));

/**
 * Reads a barcode back from its bar and space widths (any unit; bar first, quiet zones left
 * out): checks the start, the check character and Stop, and returns the text. Widths are
 * scaled by the start symbol, which is 11 modules wide.
 */
export function decodeCode128Elements(widths: readonly number[]): string {
  if (widths.length < 6 * 2 + 7 || (widths.length - 7) % 6 !== 0) {
    throw new Error(`${widths.length} elements are not a Code 128 symbol sequence`);
  }
  const module = widths.slice(0, 6).reduce((sum, width) => sum + width, 0) / CODE128.symbolModules;
  const modules = widths.map((width) => Math.round(width / module));
  const values: number[] = [];
  for (let start = 0; start < modules.length - 7; start += 6) {
    values.push(patternValue(modules.slice(start, start + 6).join('')));
  }
  if (patternValue(modules.slice(-7).join('')) !== CODE128.stop) {
    throw new Error('no Stop symbol at the end');
  }
  const check = values.pop()!;
  const expected = code128CheckValue(values);
  if (expected !== check) throw new Error(`check character ${check} does not match ${expected}`);
  return textOfValues(values);
}

function patternValue(pattern: string): number {
  const value = valueOfPattern.get(pattern);
  if (value === undefined) throw new Error(`${pattern} is not a Code 128 pattern`);
  return value;
}

function textOfValues(values: readonly number[]): string {
  const [start, ...data] = values;
  let set: CodeSet;
  if (start === CODE128.startB) set = 'B';
  else if (start === CODE128.startC) set = 'C';
  else throw new Error(`start symbol ${start} is not Start B or Start C`);
  let text = '';
  for (const value of data) {
    if (value === CODE128.codeC && set === 'B') set = 'C';
    else if (value === CODE128.codeB && set === 'C') set = 'B';
    else if (set === 'C' && value < 100) text += String(value).padStart(2, '0');
    else if (set === 'B' && value < 96) text += String.fromCharCode(value + 32);
    else throw new Error(`symbol ${value} in subset ${set} is not supported`);
  }
  return text;
}

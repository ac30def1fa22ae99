/**
 * WinAnsiEncoding (Windows-1252), the encoding of the standard PDF fonts' text as pdfkit and our
 * writer produce it: Latin-1, except bytes 0x80..0x9F, which print the characters below. Pure.
 */
export const WIN_ANSI_HIGH: Readonly<Record<number, number>> = {
  0x20ac: 0x80, 0x201a: 0x82, 0x0192: 0x83, 0x201e: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87,
  0x02c6: 0x88, 0x2030: 0x89, 0x0160: 0x8a, 0x2039: 0x8b, 0x0152: 0x8c, 0x017d: 0x8e, 0x2018: 0x91,
  0x2019: 0x92, 0x201c: 0x93, 0x201d: 0x94, 0x2022: 0x95, 0x2013: 0x96, 0x2014: 0x97, 0x02dc: 0x98,
  0x2122: 0x99, 0x0161: 0x9a, 0x203a: 0x9b, 0x0153: 0x9c, 0x017e: 0x9e, 0x0178: 0x9f,
};

const QUESTION_MARK = 0x3f;

/** The WinAnsi byte of a character; what the standard fonts cannot print becomes '?'. */
export function winAnsiByte(codePoint: number): number {
  if ((codePoint >= 0x20 && codePoint <= 0x7e) || (codePoint >= 0xa0 && codePoint <= 0xff)) return codePoint;
  return WIN_ANSI_HIGH[codePoint] ?? QUESTION_MARK;
}

const characterOfHighByte = new Map<number, string>(Object.entries(WIN_ANSI_HIGH).map(([codePoint, byte]) => [byte, String.fromCodePoint(Number(codePoint))]));

/** The text of WinAnsi bytes. */
export function decodeWinAnsi(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += characterOfHighByte.get(byte) ?? String.fromCharCode(byte);
  return text;
}

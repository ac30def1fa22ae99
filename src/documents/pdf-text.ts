/**
 * Reads the text back out of a PDF that pdfkit or our writer (pdf-writer.ts) wrote, for tests
 * and for checking what a document says. Both write each run of text as hex strings inside a TJ
 * array in WinAnsi encoding; kerning splits a run into pieces, which are joined here. One
 * returned line per text run. Deflated streams (`/FlateDecode`) are inflated first, so
 * compressed output can be read too.
 */
import { inflateSync } from 'node:zlib';
import { decodeWinAnsi } from './win-ansi.js';

export function extractPdfText(pdf: Buffer): string {
  const lines: string[] = [];
  for (const source of contentSources(pdf)) {
    for (const match of source.matchAll(/\[((?:<[0-9a-fA-F]*>\s*-?[\d.]*\s*)+)\]\s*TJ/g)) {
      const pieces = [...(match[1] ?? '').matchAll(/<([0-9a-fA-F]*)>/g)].map((piece) => decodeWinAnsi(Buffer.from(piece[1] ?? '', 'hex')));
      lines.push(pieces.join(''));
    }
  }
  return lines.join('\n');
}

/** The file itself, then every deflated stream inflated, in file order. */
export function contentSources(pdf: Buffer): string[] {
  const source = pdf.toString('latin1');
  const sources = [source];
  for (const match of source.matchAll(/<<((?:(?!>>)[^])*)>>\s*stream\r?\n/g)) {
    const dictionary = match[1] ?? '';
    const length = /\/Length (\d+)/.exec(dictionary)?.[1];
    if (!dictionary.includes('/FlateDecode') || length === undefined) continue;
    const start = (match.index ?? 0) + match[0].length;
    const data = pdf.subarray(start, start + Number(length));
    try {
      sources.push(inflateSync(data).toString('latin1'));
    } catch {
      // Not ours to read (pdfkit's compressed fonts or images): no text there.
    }
  }
  return sources;
}

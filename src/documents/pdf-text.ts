/**
 * Reads the text back out of an uncompressed PDF that pdfkit wrote (render with
 * `compress: false`), for tests and for checking what a document says. pdfkit writes each run of
 * text as hex strings inside a TJ array in WinAnsi encoding; kerning splits a run into pieces,
 * which are joined here. One returned line per text run.
 */
export function extractPdfText(pdf: Buffer): string {
  const source = pdf.toString('latin1');
  const lines: string[] = [];
  for (const match of source.matchAll(/\[((?:<[0-9a-fA-F]*>\s*-?[\d.]*\s*)+)\]\s*TJ/g)) {
    const pieces = [...(match[1] ?? '').matchAll(/<([0-9a-fA-F]*)>/g)].map((piece) => Buffer.from(piece[1] ?? '', 'hex').toString('latin1'));
    lines.push(pieces.join(''));
  }
  return lines.join('\n');
}

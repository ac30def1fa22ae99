/**
 * Collection letters (late notices, SB 998 notices, final notices, arrangement letters, lien
 * notices ...): the city's letterhead, the date and notice number, the addressee where a #10
 * window envelope shows it, the subject, the merged body (headings, paragraphs, bullets, lines),
 * and a remittance stub with the scan line when an amount is due. A door hanger prints on a
 * 4.25 x 11 in hanger with the hole marked, no address block and no stub.
 *
 * Pure rendering from plain data: the merge (src/collections/letter-merge.ts) makes the blocks and
 * formats the dates; the scan line comes in as text (cashiering owns its format).
 */
import type { Cents } from '../shared/money.js';
import { documentLanguage, labelsFor } from './labels.js';
import {
  CITY_LETTERHEAD,
  CONTENT_WIDTH,
  drawLetterhead,
  drawRemitStub,
  PAGE,
  renderPdf,
  type CityLetterhead,
  type MailingAddress,
  type Pdf,
  type RenderOptions,
} from './pdf.js';
import { winAnsiByte } from './win-ansi.js';

export type LetterBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'bullets'; items: string[] }
  | { kind: 'lines'; lines: string[] };

export type LetterFormat = 'letter' | 'door_hanger';

export interface CollectionLetterDocument {
  noticeNumber: string;
  /** The letter's date as printed, in its language. */
  dateText: string;
  /** The letter's language (the stub's words are English or Spanish). */
  language: string;
  format: LetterFormat;
  /** Who the envelope goes to (for a door hanger: printed at the top, no envelope). */
  address: MailingAddress;
  accountNumber: string;
  subject: string;
  blocks: LetterBlock[];
  /** The remittance stub: printed when not null (an amount is due). */
  stub: { customerName: string; amountDueCents: Cents; dueDateText: string | null; scanLine: string | null } | null;
  /** "COPY" across the top of a reprint; "Occupant copy" and the like. */
  mark?: string | null;
}

/** The #10 window envelope's window on a tri-folded Letter page (points from the top left). */
export const ADDRESS_WINDOW = { x: 72, y: 162, width: 288, height: 72 } as const;
/** A door hanger: 4.25 x 11 inches. */
export const DOOR_HANGER_PAGE = { width: 306, height: 792, margin: 22 } as const;

export function renderCollectionLetter(letter: CollectionLetterDocument, options: RenderOptions = {}): Promise<Buffer> {
  return renderCollectionLetters([letter], options, `Notice ${letter.noticeNumber}`);
}

/** Letters in one file for printing, each starting on a new page (of its own size). */
export function renderCollectionLetters(letters: readonly CollectionLetterDocument[], options: RenderOptions = {}, title?: string): Promise<Buffer> {
  const first = letters[0];
  const layout = first?.format === 'door_hanger'
    ? { size: [DOOR_HANGER_PAGE.width, DOOR_HANGER_PAGE.height] as [number, number], margin: DOOR_HANGER_PAGE.margin }
    : undefined;
  return renderPdf(title ?? `Notices (${letters.length})`, options, (doc) => {
    letters.forEach((letter, index) => {
      if (index > 0) {
        doc.addPage(letter.format === 'door_hanger'
          ? { size: [DOOR_HANGER_PAGE.width, DOOR_HANGER_PAGE.height], margin: DOOR_HANGER_PAGE.margin }
          : { size: 'LETTER', margin: PAGE.margin });
      }
      if (letter.format === 'door_hanger') drawDoorHanger(doc, letter, options.letterhead ?? CITY_LETTERHEAD);
      else drawLetter(doc, letter, options.letterhead ?? CITY_LETTERHEAD);
    });
    if (letters.length === 0) doc.font('Helvetica').fontSize(10).text('No notices.', PAGE.margin, PAGE.margin);
  }, layout);
}

/** The characters of a text the standard PDF fonts cannot print (WinAnsi), each once. */
export function unprintableCharacters(text: string): string[] {
  const found = new Set<string>();
  for (const character of text) {
    const codePoint = character.codePointAt(0) as number;
    if (character !== '?' && winAnsiByte(codePoint) === 0x3f) found.add(character);
  }
  return [...found];
}

function drawLetter(doc: Pdf, letter: CollectionLetterDocument, letterhead: CityLetterhead): void {
  const labels = labelsFor(documentLanguage(letter.language));
  const top = drawLetterhead(doc, letterhead);
  const right = PAGE.width - PAGE.margin;
  doc.font('Helvetica').fontSize(9);
  doc.text(letter.dateText, right - 200, top - 8, { width: 200, align: 'right', lineBreak: false });
  doc.text(`${letter.noticeNumber}  ·  ${letter.accountNumber}`, right - 200, top + 4, { width: 200, align: 'right', lineBreak: false });
  if (letter.mark) drawMark(doc, letter.mark, right);
  doc.font('Helvetica').fontSize(10);
  [letter.address.name, ...letter.address.lines].slice(0, 5).forEach((line, index) =>
    doc.text(line, ADDRESS_WINDOW.x, ADDRESS_WINDOW.y + index * 13, { width: ADDRESS_WINDOW.width, lineBreak: false, ellipsis: true, height: 12 }),
  );
  let y = ADDRESS_WINDOW.y + ADDRESS_WINDOW.height + 8;
  doc.font('Helvetica-Bold').fontSize(13).text(letter.subject, PAGE.margin, y, { width: CONTENT_WIDTH });
  y = drawBlocks(doc, letter.blocks, doc.y + 6, PAGE.margin, CONTENT_WIDTH, 9.5);
  if (letter.stub === null) return;
  drawRemitStub(doc, {
    customerNumber: letter.accountNumber,
    customerName: letter.stub.customerName,
    reference: letter.noticeNumber,
    amountDueCents: letter.stub.amountDueCents,
    dueDate: letter.stub.dueDateText,
    scanLine: letter.stub.scanLine,
    labels,
  }, y, letterhead);
}

function drawMark(doc: Pdf, mark: string, right: number): void {
  doc.font('Helvetica-Bold').fontSize(11).fillColor('#888888');
  doc.text(mark.toUpperCase(), right - 200, PAGE.margin, { width: 200, align: 'right', lineBreak: false });
  doc.fillColor('black');
}

function drawDoorHanger(doc: Pdf, letter: CollectionLetterDocument, letterhead: CityLetterhead): void {
  const { width, margin } = DOOR_HANGER_PAGE;
  const inner = width - 2 * margin;
  // The hole and the slit that hang it on a door knob.
  doc.circle(width / 2, 58, 38).lineWidth(0.75).dash(3, { space: 3 }).stroke().undash();
  doc.moveTo(width / 2, 96).lineTo(width / 2, 118).lineWidth(0.75).dash(3, { space: 3 }).stroke().undash();
  let y = 128;
  doc.font('Helvetica-Bold').fontSize(12).text(letterhead.name, margin, y, { width: inner, align: 'center' });
  doc.font('Helvetica').fontSize(8).text(`${letterhead.addressLines.join(', ')}  ·  ${letterhead.phone}`, margin, doc.y + 1, { width: inner, align: 'center' });
  y = doc.y + 8;
  doc.rect(margin, y, inner, 0.1).fill('black');
  doc.font('Helvetica-Bold').fontSize(15).text(letter.subject, margin, y + 8, { width: inner, align: 'center' });
  doc.font('Helvetica').fontSize(8).text(`${letter.dateText}  ·  ${letter.noticeNumber}`, margin, doc.y + 3, { width: inner, align: 'center' });
  if (letter.mark) doc.font('Helvetica-Bold').fontSize(9).text(letter.mark.toUpperCase(), margin, doc.y + 2, { width: inner, align: 'center' });
  drawBlocks(doc, letter.blocks, doc.y + 10, margin, inner, 9);
}

/**
 * The merged body; returns the y below it. Letters keep 9.5 pt: SB 998 asks for a "clear and
 * legible format", so a long notice takes a second page (with the stub) rather than smaller type.
 */
function drawBlocks(doc: Pdf, blocks: readonly LetterBlock[], startY: number, x: number, width: number, size: number): number {
  let y = startY;
  for (const block of blocks) {
    if (block.kind === 'heading') {
      doc.font('Helvetica-Bold').fontSize(size + 1).text(block.text, x, y + 3, { width });
    } else if (block.kind === 'paragraph') {
      doc.font('Helvetica').fontSize(size).text(block.text, x, y, { width });
    } else if (block.kind === 'lines') {
      doc.font('Helvetica').fontSize(size).text(block.lines.join('\n'), x + 18, y, { width: width - 18 });
    } else {
      doc.font('Helvetica').fontSize(size);
      let itemY = y;
      for (const item of block.items) {
        doc.text('•', x + 6, itemY, { lineBreak: false });
        doc.text(item, x + 18, itemY, { width: width - 18 });
        itemY = doc.y + 2;
      }
    }
    y = doc.y + (block.kind === 'heading' ? 1 : 5);
  }
  return y;
}

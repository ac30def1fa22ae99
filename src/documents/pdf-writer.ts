/**
 * A small PDF writer for fixed-layout documents printed in bulk (utility bills): the standard
 * fonts with WinAnsi text, filled and stroked rectangles, lines, and Form XObjects for the parts
 * of a page that every document of a batch shares. It exists because pdfkit re-reads and
 * re-parses the font metrics for every document and builds every operator through several
 * layers; here a page is one string of operators (BENCHMARKS.md has the figures).
 *
 * Coordinates are pdfkit's: points from the top-left corner, y growing downwards; text is placed
 * by its baseline. Text widths come from pdfkit's own AFM metrics, measured once per process,
 * without kerning (the writer does not kern either, so measured and drawn widths agree). Text is
 * written as `[<hex>] TJ`, which `extractPdfText` reads.
 */
import { deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import { WIN_ANSI_HIGH, winAnsiByte } from './win-ansi.js';

export type StandardFont = 'Helvetica' | 'Helvetica-Bold' | 'Helvetica-Oblique' | 'Courier';

const FONTS: readonly StandardFont[] = ['Helvetica', 'Helvetica-Bold', 'Helvetica-Oblique', 'Courier'];
const fontKey: Record<StandardFont, string> = {
  Helvetica: 'F1',
  'Helvetica-Bold': 'F2',
  'Helvetica-Oblique': 'F3',
  Courier: 'F4',
};

/**
 * zlib level for content streams: on bills, level 1 is 7% larger than level 6 and 70% faster
 * (bench/bill-pdf.ts); not compressing is 2.4 times larger again.
 */
export const DEFAULT_DEFLATE_LEVEL = 1;

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** Advance widths in 1/1000 em by WinAnsi byte, per font, measured from pdfkit's AFM data once. */
const widthTables: Record<StandardFont, Float64Array> = (() => {
  const measurer = new PDFDocument({ autoFirstPage: false });
  const tables = {} as Record<StandardFont, Float64Array>;
  const characterOfByte = new Map<number, string>();
  for (let code = 0x20; code <= 0xff; code += 1) characterOfByte.set(code, String.fromCharCode(code));
  for (const [codePoint, byte] of Object.entries(WIN_ANSI_HIGH)) {
    characterOfByte.set(byte, String.fromCodePoint(Number(codePoint)));
  }
  for (const font of FONTS) {
    measurer.font(font).fontSize(1000);
    const table = new Float64Array(256);
    for (const [byte, character] of characterOfByte) {
      table[byte] = measurer.widthOfString(character);
    }
    tables[font] = table;
  }
  return tables;
})();

/** The first half of a character beyond the BMP: the pair prints as one '?'. */
const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

/** The width of `text` in points, as the writer draws it. */
export function textWidth(font: StandardFont, size: number, text: string): number {
  const table = widthTables[font];
  let units = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (isHighSurrogate(code)) index += 1;
    units += table[winAnsiByte(code)]!;
  }
  return (units * size) / 1000;
}

/** Ascender of each font in 1/1000 em (pdfkit places text by its top; we by the baseline). */
export const FONT_ASCENDER: Record<StandardFont, number> = {
  Helvetica: 718,
  'Helvetica-Bold': 718,
  'Helvetica-Oblique': 718,
  Courier: 629,
};

function hexOf(text: string): string {
  let hex = '';
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (isHighSurrogate(code)) index += 1;
    hex += HEX[winAnsiByte(code)];
  }
  return hex;
}

const num = (value: number): string => String(Math.round(value * 100) / 100);

/**
 * Drawing operators for one content stream (a page or a shared template). Keeps the current font
 * and fill so that each is written only when it changes.
 */
export class ContentStream {
  private out = '';
  private font: string | null = null;
  private fill = 0;
  private readonly pageHeight: number;

  constructor(pageHeight: number) {
    this.pageHeight = pageHeight;
  }

  /** Text with its baseline at y; gray 0 is black, 1 white. */
  text(x: number, y: number, text: string, font: StandardFont, size: number, gray = 0): void {
    if (text === '') return;
    this.setFill(gray);
    const selected = `/${fontKey[font]} ${num(size)} Tf`;
    const tf = selected === this.font ? '' : `${selected} `;
    this.font = selected;
    this.append(`BT ${tf}${num(x)} ${num(this.pageHeight - y)} Td [<${hexOf(text)}>] TJ ET\n`);
  }

  /** Text turned `degrees` anticlockwise about its baseline start (the COPY watermark). */
  rotatedText(
    x: number, y: number, degrees: number, text: string, font: StandardFont, size: number, gray = 0,
  ): void {
    this.setFill(gray);
    const radians = (degrees * Math.PI) / 180;
    const [cos, sin] = [num(Math.cos(radians)), num(Math.sin(radians))];
    const negativeSin = num(-Math.sin(radians));
    const selected = `/${fontKey[font]} ${num(size)} Tf`;
    this.font = selected;
    const matrix = `${cos} ${sin} ${negativeSin} ${cos} ${num(x)} ${num(this.pageHeight - y)} Tm`;
    this.append(`BT ${selected} ${matrix} [<${hexOf(text)}>] TJ ET\n`);
  }

  fillRect(x: number, y: number, width: number, height: number, gray = 0): void {
    this.setFill(gray);
    this.append(`${this.box(x, y, width, height)} re f\n`);
  }

  strokeRect(x: number, y: number, width: number, height: number, lineWidth: number): void {
    this.append(`${num(lineWidth)} w ${this.box(x, y, width, height)} re S\n`);
  }

  /** A straight black line; `dash` draws it dashed (dash and gap of that length). */
  line(x1: number, y1: number, x2: number, y2: number, lineWidth: number, dash?: number): void {
    const pattern = dash === undefined ? '' : `[${num(dash)} ${num(dash)}] 0 d `;
    const reset = dash === undefined ? '' : ' [] 0 d';
    const path = `${num(x1)} ${num(this.pageHeight - y1)} m ${num(x2)} ${num(this.pageHeight - y2)} l`;
    this.append(`${pattern}${num(lineWidth)} w ${path} S${reset}\n`);
  }

  /**
   * Black bars from the top edge `y`: [x, width] pairs, filled as one path. Marked with a comment
   * so tests can find the bars and decode them.
   */
  bars(
    bars: ReadonlyArray<readonly [x: number, width: number]>, y: number, height: number, name: string,
  ): void {
    this.setFill(0);
    const bottom = num(this.pageHeight - y - height);
    const h = num(height);
    let path = `%${name}\n`;
    for (const [x, width] of bars) path += `${num(x)} ${bottom} ${num(width)} ${h} re\n`;
    this.append(`${path}f\n%end ${name}\n`);
  }

  /** Paints a template (a Form XObject) that the writer was given under this name. */
  paintTemplate(name: string): void {
    this.append(`/${name} Do\n`);
  }

  toString(): string {
    return this.out;
  }

  /** One growing string (V8 concatenates it as a rope): fewer objects than an array of parts. */
  private append(operators: string): void {
    this.out += operators;
  }

  /** A rectangle given by its top-left corner, in PDF's bottom-up coordinates. */
  private box(x: number, y: number, width: number, height: number): string {
    return `${num(x)} ${num(this.pageHeight - y - height)} ${num(width)} ${num(height)}`;
  }

  private setFill(gray: number): void {
    if (gray === this.fill) return;
    this.fill = gray;
    this.append(`${num(gray)} g\n`);
  }
}

/**
 * A shared page part. The writer keeps its deflated bytes here (by level), so a template that
 * the caller caches is deflated once per process, not once per file.
 */
export interface PdfTemplate {
  content: string;
  deflated?: Map<number, Buffer>;
}

export interface PdfWriterOptions {
  width: number;
  height: number;
  /** Deflate the content streams: smaller, a little slower; tests read either. */
  compress: boolean;
  /** zlib level 1..9 when compressing (default DEFAULT_DEFLATE_LEVEL). */
  deflateLevel?: number;
}

// Fixed objects: 1 catalog, 2 page tree, 3 information, 4 page resources, 5 template resources,
// then the fonts; templates and pages take the numbers after them as they come.
const FONT_IDS = FONTS.map((_, index) => 6 + index);
const FIRST_FREE_ID = 6 + FONTS.length;

/**
 * Writes a PDF 1.4 file a page at a time: each page's operators are encoded (and deflated) as
 * soon as it is added, so a print file of many bills never holds all of their text at once.
 * The page tree, resources and fonts come last, then the cross-reference table. Only ASCII goes
 * into the file outside deflated streams.
 */
export class PdfWriter {
  private readonly options: PdfWriterOptions;
  private readonly chunks: Buffer[] = [];
  private readonly offsets: number[] = [];
  private length = 0;
  private nextId = FIRST_FREE_ID;
  private readonly pageIds: number[] = [];
  private readonly templateIds = new Map<string, number>();

  constructor(options: PdfWriterOptions) {
    this.options = options;
    this.push('%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n');
  }

  /** Makes a template available to the pages that follow as `name` (once per file). */
  addTemplate(name: string, template: PdfTemplate): void {
    if (this.templateIds.has(name)) return;
    const id = this.nextId++;
    this.templateIds.set(name, id);
    const dictionary = `/Type /XObject /Subtype /Form /BBox ${this.mediaBox()} /Resources 5 0 R`;
    this.stream(id, dictionary, template.content, template);
  }

  addPage(content: string): void {
    const id = this.nextId;
    this.nextId += 2;
    this.pageIds.push(id);
    const page = `/Type /Page /Parent 2 0 R /MediaBox ${this.mediaBox()} /Resources 4 0 R /Contents ${id + 1} 0 R`;
    this.object(id, `<< ${page} >>`);
    this.stream(id + 1, '', content);
  }

  get pageCount(): number {
    return this.pageIds.length;
  }

  finish(information: { title: string; author: string }): Buffer {
    this.object(1, '<< /Type /Catalog /Pages 2 0 R >>');
    const kids = this.pageIds.map((id) => `${id} 0 R`).join(' ');
    this.object(2, `<< /Type /Pages /Kids [${kids}] /Count ${this.pageIds.length} >>`);
    const info = `/Title ${pdfString(information.title)} /Author ${pdfString(information.author)}`;
    this.object(3, `<< ${info} /Producer (Civic Ledger) >>`);
    const fonts = FONTS.map((font, index) => `/${fontKey[font]} ${FONT_IDS[index]} 0 R`).join(' ');
    const xObjects = [...this.templateIds].map(([name, id]) => `/${name} ${id} 0 R`).join(' ');
    this.object(4, `<< /Font << ${fonts} >> /XObject << ${xObjects} >> /ProcSet [/PDF /Text] >>`);
    this.object(5, `<< /Font << ${fonts} >> /ProcSet [/PDF /Text] >>`);
    FONTS.forEach((font, index) => {
      this.object(FONT_IDS[index]!, `<< /Type /Font /Subtype /Type1 /BaseFont /${font} /Encoding /WinAnsiEncoding >>`);
    });
    const xrefAt = this.length;
    const size = this.nextId;
    let xref = `xref\n0 ${size}\n0000000000 65535 f \n`;
    for (let id = 1; id < size; id += 1) xref += `${String(this.offsets[id]).padStart(10, '0')} 00000 n \n`;
    this.push(`${xref}trailer\n<< /Size ${size} /Root 1 0 R /Info 3 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`);
    return Buffer.concat(this.chunks, this.length);
  }

  private mediaBox(): string {
    return `[0 0 ${this.options.width} ${this.options.height}]`;
  }

  private push(chunk: string | Buffer): void {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
    this.chunks.push(bytes);
    this.length += bytes.length;
  }

  private object(id: number, body: string): void {
    this.offsets[id] = this.length;
    this.push(`${id} 0 obj\n${body}\nendobj\n`);
  }

  private stream(id: number, dictionary: string, content: string, template?: PdfTemplate): void {
    this.offsets[id] = this.length;
    if (!this.options.compress) {
      // Content is ASCII, so its length in characters is its length in bytes.
      this.push(`${id} 0 obj\n<< ${dictionary} /Length ${content.length} >>\nstream\n${content}\nendstream\nendobj\n`);
      return;
    }
    const level = this.options.deflateLevel ?? DEFAULT_DEFLATE_LEVEL;
    let data = template?.deflated?.get(level);
    if (data === undefined) {
      data = deflateSync(content, { level });
      if (template) (template.deflated ??= new Map()).set(level, data);
    }
    this.push(`${id} 0 obj\n<< ${dictionary} /Filter /FlateDecode /Length ${data.length} >>\nstream\n`);
    this.push(data);
    this.push('\nendstream\nendobj\n');
  }
}

/** A text string for the document information: ASCII as is, anything else as '?'. */
function pdfString(text: string): string {
  const ascii = text.replace(/[^\x20-\x7e]/g, '?');
  return `(${ascii.replace(/[\\()]/g, (character) => `\\${character}`)})`;
}

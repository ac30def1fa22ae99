import { describe, expect, it } from 'vitest';
import { cents } from '../shared/money.js';
import { ADDRESS_WINDOW, extractPdfText, renderCollectionLetter, renderCollectionLetters, type CollectionLetterDocument } from './index.js';

function letter(overrides: Partial<CollectionLetterDocument> = {}): CollectionLetterDocument {
  return {
    noticeNumber: 'N-2026-000123', dateText: 'November 23, 2026', language: 'en', format: 'letter',
    address: { name: 'Rosa Alvarez', lines: ['PO Box 44', 'Alder Creek, CA 95999'] }, accountNumber: 'UB-100001',
    subject: 'Late notice', blocks: [
      { kind: 'paragraph', text: 'Dear Rosa Alvarez,' }, { kind: 'heading', text: 'How to pay' },
      { kind: 'bullets', items: ['Online', 'By mail'] }, { kind: 'lines', lines: ['1. January 12, 2027: $20.75'] },
    ],
    stub: { customerName: 'Rosa Alvarez', amountDueCents: cents(18_250), dueDateText: 'December 4, 2026', scanLine: 'UB 000100001 0000018250 8' },
    ...overrides,
  };
}

describe('collection letters', () => {
  it('prints the letterhead, the addressee in the envelope window, the body and the stub with its scan line', async () => {
    const pdf = await renderCollectionLetter(letter(), { compress: false });
    const text = extractPdfText(pdf).replace(/\s+/g, ' ');
    for (const expected of ['City of Alder Creek', 'November 23, 2026', 'N-2026-000123 · UB-100001', 'Rosa Alvarez', 'PO Box 44', 'Late notice',
      'How to pay', 'By mail', '1. January 12, 2027: $20.75', 'Amount enclosed', '$182.50', 'December 4, 2026', 'UB 000100001 0000018250 8']) {
      expect(text).toContain(expected);
    }
    // pdfkit writes text positions from the bottom of the page: the name's baseline is inside the window's first line.
    const baseline = Number(/1 0 0 1 72 ([\d.]+) Tm\n(?:\/F\d+ [\d.]+ Tf\n)?\[<526f7361/.exec(pdf.toString('latin1'))?.[1]);
    expect(792 - baseline).toBeGreaterThan(ADDRESS_WINDOW.y);
    expect(792 - baseline).toBeLessThan(ADDRESS_WINDOW.y + 14);
  });

  it('prints no stub when nothing is due, and door hangers on their own page size', async () => {
    const text = extractPdfText(await renderCollectionLetter(letter({ stub: null }), { compress: false }));
    expect(text).not.toContain('Amount enclosed');
    const both = (await renderCollectionLetters([letter(), letter({ format: 'door_hanger', stub: null })], { compress: false })).toString('latin1');
    expect(both).toMatch(/\/MediaBox \[0 0 612 792\]/);
    expect(both).toMatch(/\/MediaBox \[0 0 306 792\]/);
  });
});

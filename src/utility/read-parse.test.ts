import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../shared/dates.js';
import { validateReadLayoutSpec, type ReadLayout, type ReadLayoutSpec } from './read-layouts.js';
import { parseReadFile } from './read-parse.js';

const sample = (name: string): string => readFileSync(new URL(`../../samples/reads/${name}`, import.meta.url), 'utf8');
const handheld = (JSON.parse(sample('handheld-csv.json')) as ReadLayout).spec;
const ami = (JSON.parse(sample('ami-csv.json')) as ReadLayout).spec;
const positional: ReadLayoutSpec = { delimiter: '|', header: false, dateFormat: 'YYYY-MM-DD', columns: { meter: 1, date: 2, reading: 3, readType: 4 } };
const today = '2026-11-23' as IsoDate;

describe('read layouts', () => {
  it('accepts the shipped layouts and a positional one', () => {
    expect(validateReadLayoutSpec(handheld)).toEqual([]);
    expect(validateReadLayoutSpec(ami)).toEqual([]);
    expect(validateReadLayoutSpec(positional)).toEqual([]);
  });

  it('names every wrong field', () => {
    const problems = validateReadLayoutSpec({ delimiter: ',,', header: true, dateFormat: 'DD.MM.YYYY',
      columns: { meter: 'Meter', reading: 3, colour: 'Colour', notes: 'Meter' }, readTypeCodes: { A: 'actual', X: 'guessed' } });
    expect(problems.map((problem) => problem.field)).toEqual(expect.arrayContaining([
      'delimiter', 'dateFormat', 'columns.date', 'columns.reading', 'columns.colour', 'columns.notes', 'readTypeCodes.X']));
    expect(validateReadLayoutSpec({ delimiter: ',', header: false, dateFormat: 'YYYY-MM-DD', columns: { meter: 'A', date: 0, reading: 2 },
      ignoredColumns: ['x'] }).map((problem) => problem.field)).toEqual(['columns.meter', 'columns.date', 'ignoredColumns']);
    expect(validateReadLayoutSpec(null)).toEqual([{ field: 'spec', message: 'must be an object' }]);
  });
});

describe('read files', () => {
  it('reads the handheld sample: US dates, read codes, readers and comments', () => {
    const parsed = parseReadFile(sample('handheld-csv.csv'), handheld, today);
    expect(parsed.problems).toEqual([]);
    expect(parsed.rowCount).toBe(8);
    expect(parsed.reads[0]).toEqual({ rowNumber: 2, meterSerial: 'WM-100001', readDate: '2026-11-18', reading: 1210, readType: 'actual',
      readerId: 'RDR07', notes: null });
    expect(parsed.reads.map((read) => [read.meterSerial, read.reading, read.readType])).toContainEqual(['WM-100004', 7, 'actual']);
    expect(parsed.reads[6]).toMatchObject({ readType: 'estimated', notes: 'Dog in yard - could not reach meter' });
  });

  it('reads the AMI sample: ISO dates, leading zeros, ignored columns', () => {
    const parsed = parseReadFile(sample('ami-csv.csv'), ami, today);
    expect(parsed.problems).toEqual([]);
    expect(parsed.reads.map((read) => [read.rowNumber, read.meterSerial, read.readDate, read.reading])).toEqual([
      [2, 'AMI-200001', '2026-11-19', 104800], [3, 'AMI-200002', '2026-11-19', 209750], [4, 'AMI-200003', '2026-11-19', 307200],
      [5, 'AMI-200004', '2026-11-19', 400000], [6, 'AMI-200005', '2026-11-19', 505100]]);
  });

  it('reads quoted cells and positional columns, and skips blank lines keeping row numbers', () => {
    const quoted = parseReadFile('Route,Seq,Meter Serial,Read Date,Reading,Read Code,Reader,Comment\n\nR1,1,wm-1,11/2/2026,5,A,R,"Gate, locked"\n', handheld, today);
    expect(quoted.problems).toEqual([]);
    expect(quoted.reads).toEqual([{ rowNumber: 3, meterSerial: 'WM-1', readDate: '2026-11-02', reading: 5, readType: 'actual', readerId: 'R', notes: 'Gate, locked' }]);
    const bare = parseReadFile('M-001|2026-11-01|12|final\r\nM-002|2026-11-01|0|\r\n', positional, today);
    expect(bare.problems).toEqual([]);
    expect(bare.reads.map((read) => [read.meterSerial, read.reading, read.readType])).toEqual([['M-001', 12, 'final'], ['M-002', 0, 'actual']]);
  });

  it('names the row and column of every problem', () => {
    const content = ['device_serial,read_date,register_value', 'AMI-1,2026-11-19,12.5', 'AMI-2,2026-11-31,10', 'AMI-3,2026-12-01,10',
      'AMI-4,2026-11-19,-4', 'AMI-5,2026-11-19,1234567890', 'AMI-6,2026-11-19,', 'AMI-1,2026-11-18,5', 'AMI-1,2026-11-18,6', '!,2026-11-19,1',
      'AMI-9,2026-11-19'].join('\n');
    const parsed = parseReadFile(content, ami, today);
    expect(parsed.problems.map((problem) => [problem.row, problem.field])).toEqual([
      [2, 'reading'], [3, 'date'], [4, 'date'], [5, 'reading'], [6, 'reading'], [7, 'reading'], [9, 'meter'], [10, 'meter'], [11, 'row']]);
    expect(parsed.problems[2]?.message).toMatch(/future/);
    expect(parsed.problems[3]?.message).toMatch(/negative/);
    expect(parsed.problems[6]?.message).toMatch(/row 8 already/);
    expect(parsed.reads.map((read) => read.rowNumber)).toEqual([8]);
  });

  it('refuses unknown and missing columns in the header', () => {
    const parsed = parseReadFile('device_serial,read_date,reading,colour\nAMI-1,2026-11-19,1,red\n', ami, today);
    expect(parsed.problems).toEqual([
      { row: 1, field: 'reading', message: 'the header row has no column "register_value"' },
      { row: 1, field: 'column 3', message: '"reading" is not a column of this layout' },
      { row: 1, field: 'column 4', message: '"colour" is not a column of this layout' },
    ]);
    expect(parseReadFile('', ami, today).problems).toEqual([{ row: 1, field: 'meter', message: 'the header row has no column "device_serial"' },
      { row: 1, field: 'date', message: 'the header row has no column "read_date"' },
      { row: 1, field: 'reading', message: 'the header row has no column "register_value"' }]);
    expect(parseReadFile('device_serial,read_date,register_value\n', ami, today).problems).toEqual([{ row: 1, field: 'file', message: 'the file has no reads' }]);
    expect(parseReadFile('a|"b\n', positional, today).problems[0]).toMatchObject({ row: 1, field: 'file' });
  });

  it('never throws on arbitrary input, and every problem names a row within the file', () => {
    const cell = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('AMI-1', 'WM-2', '2026-11-19', '11/19/2026', '0012', '-1', '"', ''));
    const line = fc.array(cell, { maxLength: 7 }).map((cells) => cells.join(fc.sample(fc.constantFrom(',', '|', ';'), 1)[0] ?? ','));
    const file = fc.oneof(fc.string({ maxLength: 400 }), fc.array(line, { maxLength: 30 }).map((lines) => lines.join('\n')));
    const spec = fc.constantFrom(handheld, ami, positional);
    fc.assert(fc.property(file, spec, fc.boolean(), (content, layout, withHeader) => {
      const text = withHeader && layout.header ? `device_serial,read_date,register_value\n${content}` : content;
      const parsed = parseReadFile(text, layout, today);
      const lineCount = text.split('\n').length;
      for (const problem of parsed.problems) {
        expect(Number.isInteger(problem.row) && problem.row >= 1 && problem.row <= lineCount).toBe(true);
        expect(problem.field.length).toBeGreaterThan(0);
        expect(problem.message.length).toBeGreaterThan(0);
      }
      for (const read of parsed.reads) {
        expect(Number.isSafeInteger(read.reading) && read.reading >= 0).toBe(true);
        expect(read.readDate <= today).toBe(true);
      }
      const keys = parsed.reads.map((read) => `${read.meterSerial}|${read.readDate}`);
      expect(new Set(keys).size).toBe(keys.length);
    }), { numRuns: 500 });
  });
});

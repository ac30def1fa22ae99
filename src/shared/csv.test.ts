import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { spreadsheetSafe, toCsv, type CsvColumn } from './csv.js';

describe('spreadsheetSafe', () => {
  it.each([
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+1 555 0100', "'+1 555 0100"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=cmd', "'\t=cmd"],
    ['\r=cmd', "'\r=cmd"],
    ['=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
  ])('prefixes %j', (value, expected) => {
    expect(spreadsheetSafe(value)).toBe(expected);
  });

  it.each([
    'Cash - pooled',
    'Business license tax',
    '',
    "'already quoted",
    'a=b',
    '100-1510-41100 ',
    ' leading space',
    'ñandú',
  ])('leaves %j alone', (value) => {
    expect(spreadsheetSafe(value)).toBe(value);
  });

  it('never leaves a formula start at the front of any text', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        expect(spreadsheetSafe(value)).not.toMatch(/^[=+\-@\t\r]/);
      }),
    );
  });
});

interface Row {
  description: string | null;
  amount: string;
  id: number;
}

const columns: CsvColumn<Row>[] = [
  { header: 'id', value: (row) => row.id, isNumeric: true },
  { header: 'description', value: (row) => row.description },
  { header: 'amount', value: (row) => row.amount, isNumeric: true },
];

describe('toCsv', () => {
  it('writes a header, CRLF line ends, escapes text columns and keeps numeric ones', () => {
    const text = toCsv(columns, [
      { id: 1, description: '=1+1', amount: '-12.50' },
      { id: 2, description: 'Smith, "Jo"', amount: '3.00' },
      { id: 3, description: null, amount: '0.00' },
    ]);
    expect(text).toBe(
      'id,description,amount\r\n' +
        "1,'=1+1,-12.50\r\n" +
        '2,"Smith, ""Jo""",3.00\r\n' +
        '3,,0.00\r\n',
    );
  });

  it('writes only the header when there are no rows', () => {
    expect(toCsv(columns, [])).toBe('id,description,amount\r\n');
  });

  it('a CSV reader gets back every safe text, field for field', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ id: fc.nat(), description: fc.string(), amount: fc.constant('1.00') }), {
          maxLength: 10,
        }),
        (rows) => {
          const records = parse(toCsv(columns, rows), { relax_column_count: false }) as string[][];
          expect(records).toHaveLength(rows.length + 1);
          rows.forEach((row, index) => {
            expect(records[index + 1]).toEqual([String(row.id), spreadsheetSafe(row.description), '1.00']);
          });
        },
      ),
    );
  });
});

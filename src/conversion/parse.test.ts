import { describe, expect, it } from 'vitest';
import { parseConversionFile } from './parse.js';

describe('parseConversionFile', () => {
  it('reads rows keyed by column, numbered as a spreadsheet shows them', () => {
    const parsed = parseConversionFile('parcels', 'p.csv',
      '\uFEFFAPN, Situs Line1 ,situs city,situs_zip\n111-222-333,1 Elm St,Alder Creek,95603\n\n111-222-334,"2 Elm St, Unit 5",Alder Creek,95603\n');
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows.map((row) => [row.row, row.cells.apn, row.cells.situs_line1])).toEqual([
      [2, '111-222-333', '1 Elm St'],
      [4, '111-222-334', '2 Elm St, Unit 5'],
    ]);
  });

  it('names a missing, unknown or repeated column and reads no rows', () => {
    const parsed = parseConversionFile('customers', 'c.csv', 'legacy_id,type,legal_nme,type\nX,person,Ana\n');
    expect(parsed.rows).toEqual([]);
    expect(parsed.problems.map((p) => `${p.row}:${p.column}:${p.message.split(' ').slice(0, 3).join(' ')}`)).toEqual([
      '1:legal_nme:is not a', '1:type:appears twice in', '1:legal_name:is a required',
    ]);
  });

  it('keeps inch marks, refuses rows with more cells than columns, and reports an empty file', () => {
    const parsed = parseConversionFile('locations', 'l.csv', 'legacy_id,apn,address_line1,description\nL1,111-222-333,1 Elm St,Meter 5/8"\nL2,111-222-333,1 Elm St,a,b\n');
    expect(parsed.rows.map((row) => row.cells.description)).toEqual(['Meter 5/8"']);
    expect(parsed.problems).toEqual([expect.objectContaining({ row: 3, message: 'has 5 cells; the header names 4 columns' })]);
    expect(parseConversionFile('balances', 'b.csv', '').problems[0]?.message).toMatch(/the file is empty/);
  });
});

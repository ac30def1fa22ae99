/** Fiscal periods: 12 months July-June plus the year-end adjustment period 13. */
import { Type } from 'typebox';
import { NullableString } from './common.js';

export const FiscalPeriod = Type.Object({
  key: Type.String({ examples: ['2026-08', 'FY2027-13'] }),
  fiscalYear: Type.Integer({ examples: [2027] }),
  periodNumber: Type.Integer({ minimum: 1, maximum: 13 }),
  startDate: Type.String(),
  endDate: Type.String(),
  status: Type.Enum(['open', 'closed']),
  statusChangedAt: NullableString,
  statusChangedBy: NullableString,
});

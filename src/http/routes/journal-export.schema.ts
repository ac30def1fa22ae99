import { Type } from 'typebox';
import { withErrors } from '../schemas/common.js';

export const journalExportSchema = {
  operationId: 'exportJournal',
  tags: ['journal'],
  summary: 'The whole journal as an hledger journal file or as CSV, streamed',
  querystring: Type.Object(
    { format: Type.Optional(Type.Enum(['hledger', 'csv'], { default: 'hledger' })) },
    { additionalProperties: false },
  ),
  response: withErrors({
    200: {
      description: 'The journal as an attachment (text/plain for hledger, text/csv for CSV)',
      content: {
        'text/plain': { schema: Type.String() },
        'text/csv': { schema: Type.String() },
      },
    },
  }),
};

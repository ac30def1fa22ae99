/**
 * Journal entries in and out.
 *
 * The input schema only rejects wrong shapes (an array for an object, a number for a date). The
 * rules (required fields, one amount per line, "12.345", "1e3", "-0", more than 2^53 cents, real
 * dates, balance) are the ledger's, so its message is the one a caller sees and it names the field
 * (`lines[2].debit`). That is why the cents fields accept any number or string here.
 */
import { Type } from 'typebox';
import { Cents, NullableInteger, NullableString } from './common.js';

const CentsInput = Type.Union([Type.Number(), Type.String(), Type.Null()], {
  description: 'Whole cents: an integer, or a string of digits for amounts beyond JSON numbers',
  examples: [12500],
});

const DollarsInput = Type.Union([Type.String(), Type.Null()], {
  description: 'Dollars as text, at most two decimals (e.g. "125.50"), for people typing',
  examples: ['125.50'],
});

export const JournalLineInput = Type.Object(
  {
    account: Type.Optional(
      Type.String({ description: 'Account code (required)', examples: ['100-0000-10100'] }),
    ),
    debitCents: Type.Optional(CentsInput),
    creditCents: Type.Optional(CentsInput),
    debit: Type.Optional(DollarsInput),
    credit: Type.Optional(DollarsInput),
    memo: Type.Optional(NullableString),
  },
  { description: 'One line: an account and exactly one of debitCents, creditCents, debit, credit' },
);

export const JournalEntryInput = Type.Object(
  {
    entryDate: Type.Optional(
      Type.String({ description: 'YYYY-MM-DD (required)', examples: ['2026-08-15'] }),
    ),
    periodKey: Type.Optional(
      Type.Union([Type.String(), Type.Null()], {
        description: 'Fiscal period; defaults to the month of entryDate. FY2027-13 is year-end.',
        examples: ['2026-08'],
      }),
    ),
    description: Type.Optional(
      Type.String({ description: 'Required', examples: ['Business license payments'] }),
    ),
    source: Type.Optional(
      Type.Union([
        Type.Object({
          module: Type.Optional(Type.String({ examples: ['gl'] })),
          reference: Type.Optional(NullableString),
        }),
        Type.Null(),
      ]),
    ),
    idempotencyKey: Type.Optional(
      Type.Union([Type.String(), Type.Null()], {
        description:
          'Same key + same content returns the original entry; different content is refused',
      }),
    ),
    lines: Type.Optional(
      Type.Array(JournalLineInput, { description: 'At least two lines (required)' }),
    ),
  },
  {
    description:
      'A journal entry to post. Debits must equal credits, in total and within each fund.',
  },
);

export const JournalLine = Type.Object({
  lineNumber: Type.Integer(),
  accountCode: Type.String(),
  accountName: Type.String(),
  fundCode: Type.String(),
  debitCents: Cents,
  creditCents: Cents,
  memo: NullableString,
  subledgerAccountId: Type.Union([Type.Integer(), Type.Null()], {
    description: 'On a control account: the subledger account (receivable account id) the line is for',
  }),
});

export const JournalEntry = Type.Object({
  id: Type.Integer(),
  entryDate: Type.String(),
  periodKey: Type.String(),
  description: Type.String(),
  source: Type.Object({ module: Type.String(), reference: NullableString }),
  idempotencyKey: Type.String(),
  reversesEntryId: NullableInteger,
  reversedByEntryId: NullableInteger,
  totalDebitCents: Cents,
  postedBy: Type.String(),
  postedAt: Type.String({ description: 'ISO 8601 instant' }),
  enteredBy: Type.Union([Type.String(), Type.Null()], { description: 'Who entered it (the requester, when approved)' }),
  approvedBy: Type.Union([Type.String(), Type.Null()], { description: 'Who approved it, when it went through approval' }),
  approvalRequestId: Type.Union([Type.Integer(), Type.Null()]),
  lines: Type.Array(JournalLine),
});

export const BatchPostResult = Type.Object({
  postedCount: Type.Integer(),
  replayedCount: Type.Integer({
    description: 'Entries whose idempotency key had already posted them',
  }),
  firstEntryId: NullableInteger,
  lastEntryId: NullableInteger,
});

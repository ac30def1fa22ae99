/** Schemas shared by every route: the error body, and the standard error responses. */
import { Type, type TSchema } from 'typebox';

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable machine-readable code, e.g. period_closed' }),
      message: Type.String({ description: 'What went wrong, for a person to read' }),
      details: Type.Record(Type.String(), Type.Unknown(), {
        description: 'The field or row at fault (field, problems[]) and related ids',
      }),
    }),
  },
  { description: 'Every error response has this shape' },
);

/**
 * A route's success responses plus the error body for every 4xx and 5xx status. Declaring the
 * error body matters: response schemas strip undeclared fields, so without it `details` would
 * be emptied on the way out.
 */
export function withErrors<const Success extends Record<number, TSchema>>(
  success: Success,
): Success & { '4xx': typeof ErrorResponse; '5xx': typeof ErrorResponse } {
  return { ...success, '4xx': ErrorResponse, '5xx': ErrorResponse };
}

export const NullableString = Type.Union([Type.String(), Type.Null()]);
export const NullableInteger = Type.Union([Type.Integer(), Type.Null()]);

export const Cents = Type.Integer({ description: 'An amount in whole cents' });

/**
 * A date in a query string. Checked by the ledger, so its message names the field and says what
 * is wrong with the date ("2026-02-30 is not a real date").
 */
export function dateText(description = 'A date, YYYY-MM-DD') {
  return Type.String({ description, examples: ['2026-11-23'] });
}

export const AccountCodeText = Type.String({
  description: 'An account code, fund-department-object (e.g. 100-1510-41100)',
  examples: ['100-1510-41100'],
});

export const FundCodeText = Type.String({
  pattern: '^[0-9]{3}$',
  description: 'a fund code of three digits (e.g. 100)',
  examples: ['100'],
});

/** A body that may be left out entirely (Fastify validates a missing body as null). */
export function OptionalBody<Body extends TSchema>(body: Body) {
  return Type.Union([body, Type.Null()]);
}

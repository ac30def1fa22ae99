import { Type } from 'typebox';
import { Interaction } from './customers.schema.js';
import { withErrors } from '../schemas/common.js';

const tags = ['customers'];
const Id = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const Nullable = (maxLength: number) => Type.Optional(Type.Union([Type.String({ maxLength }), Type.Null()]));

export const recordInteractionSchema = {
  operationId: 'recordInteraction', tags, summary: 'Note a call, counter visit, email or letter; optionally a follow-up date for a clerk',
  params: Id,
  body: Type.Object({
    channel: Type.String({ description: 'phone, counter, email, letter, web or other' }),
    topic: Type.String({ maxLength: 500 }),
    notes: Nullable(8000),
    occurredAt: Nullable(40),
    accountNumber: Nullable(20),
    followUpOn: Nullable(20),
    followUpUser: Nullable(63),
  }, { additionalProperties: false }),
  response: withErrors({ 201: Interaction }),
};

export const listInteractionsSchema = {
  operationId: 'listInteractions', tags, summary: 'A customer\'s interactions, newest first', params: Id,
  querystring: Type.Object({
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    beforeId: Type.Optional(Type.Integer({ minimum: 1 })),
  }),
  response: withErrors({ 200: Type.Object({ interactions: Type.Array(Interaction) }) }),
};

export const listFollowUpsSchema = {
  operationId: 'listFollowUps', tags, summary: 'Your open follow-ups, oldest first (through a date, or all)',
  querystring: Type.Object({ through: Type.Optional(Type.String({ maxLength: 20 })) }),
  response: withErrors({ 200: Type.Object({ followUps: Type.Array(Type.Object({
    ...Interaction.properties, customerNumber: Type.String(), customerName: Type.String(),
  })) }) }),
};

export const completeFollowUpSchema = {
  operationId: 'completeFollowUp', tags, summary: 'Mark a follow-up done', params: Id,
  body: Type.Union([Type.Object({}, { additionalProperties: false }), Type.Null()]),
  response: withErrors({ 200: Interaction }),
};

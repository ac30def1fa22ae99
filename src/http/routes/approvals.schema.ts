import { Type } from 'typebox';
import { JournalEntryInput } from '../schemas/journal.js';
import { withErrors } from '../schemas/common.js';

export const ApprovalRequest = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected'), Type.Literal('cancelled')]),
  summary: Type.String(),
  payload: Type.Unknown(),
  amountCents: Type.Union([Type.Integer(), Type.Null()]),
  requiredPermission: Type.String(),
  requestedByUserId: Type.Union([Type.Integer(), Type.Null()]),
  requestedBy: Type.String(),
  requestedAt: Type.String(),
  decidedBy: Type.Union([Type.String(), Type.Null()]),
  decidedAt: Type.Union([Type.String(), Type.Null()]),
  decisionComment: Type.Union([Type.String(), Type.Null()]),
  result: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
});

const tags = ['approvals'];
const RequestId = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const Comment = Type.Object({ comment: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])) });

export const listApprovalsSchema = {
  operationId: 'listApprovalRequests', tags,
  summary: 'Approval requests: to_decide (others’ pending requests you may decide), mine, or all you may see',
  querystring: Type.Object({
    view: Type.Optional(Type.Union([Type.Literal('to_decide'), Type.Literal('mine'), Type.Literal('all')])),
    status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected'), Type.Literal('cancelled')])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    beforeId: Type.Optional(Type.Integer({ minimum: 1 })),
  }),
  response: withErrors({ 200: Type.Object({ requests: Type.Array(ApprovalRequest) }) }),
};

export const getApprovalSchema = {
  operationId: 'getApprovalRequest', tags, summary: 'One approval request', params: RequestId,
  response: withErrors({ 200: ApprovalRequest }),
};

export const approveSchema = {
  operationId: 'approveRequest', tags,
  summary: 'Approve a request made by someone else; its work is carried out at once',
  params: RequestId, body: Type.Union([Comment, Type.Null()]),
  response: withErrors({ 200: ApprovalRequest }),
};

export const rejectSchema = {
  operationId: 'rejectRequest', tags, summary: 'Reject a request made by someone else, saying why',
  params: RequestId, body: Type.Object({ comment: Type.String({ maxLength: 2000 }) }),
  response: withErrors({ 200: ApprovalRequest }),
};

export const cancelSchema = {
  operationId: 'cancelRequest', tags, summary: 'Withdraw your own pending request',
  params: RequestId, body: Type.Union([Comment, Type.Null()]),
  response: withErrors({ 200: ApprovalRequest }),
};

export const requestEntrySchema = {
  operationId: 'requestJournalEntry', tags: ['journal'],
  summary: 'Enter a journal entry for approval (it posts when someone else approves it)',
  body: JournalEntryInput,
  response: withErrors({ 201: ApprovalRequest }),
};

export const requestReversalSchema = {
  operationId: 'requestReversal', tags: ['journal'],
  summary: 'Ask for a journal entry to be reversed (it is reversed when someone else approves)',
  params: RequestId,
  body: Type.Union([Type.Object({
    entryDate: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    description: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  }), Type.Null()]),
  response: withErrors({ 201: ApprovalRequest }),
};

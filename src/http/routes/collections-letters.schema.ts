/** Schemas of the collection letters routes: notices (list, PDF, a day's print file) and letter templates (list, get, save, preview). */
import { Type } from 'typebox';
import { Cents, dateText, NullableInteger, NullableString, withErrors } from '../schemas/common.js';

const tags = ['collections'];
const op = <T extends Record<string, unknown>>(operationId: string, summary: string, rest: T) => ({ operationId, tags, summary, ...rest });

const noticeTypes = ['late_notice', 'sb998_notice', 'door_hanger', 'final_notice', 'shutoff_notice', 'arrangement_offer', 'arrangement_default',
  'reconnection', 'lien_notice', 'closed_account_final', 'tenant_notice'] as const;
const NoticeType = Type.Union(noticeTypes.map((type) => Type.Literal(type)), { description: noticeTypes.join(', ') });
const Pdf = { 200: { description: 'A PDF document', content: { 'application/pdf': { schema: Type.String({ format: 'binary' }) } } } };

export const Notice = Type.Object({
  id: Type.Integer(),
  noticeNumber: Type.String({ examples: ['N-2026-000123'] }),
  noticeType: Type.String(),
  noticeDate: Type.String(),
  delivery: Type.String({ description: 'mail, phone, posted or email' }),
  language: Type.String({ description: 'The customer\'s preferred language when the notice was written' }),
  amountDueCents: Cents,
  disconnectOnOrAfter: NullableString,
  caseId: NullableInteger,
  utilityAccountId: Type.Integer(),
  accountNumber: Type.String(),
  customerId: Type.Integer(),
  customerNumber: Type.String(),
  customerName: Type.String(),
  serviceAddress: Type.String(),
  createdAt: Type.String(),
  createdBy: Type.String(),
});

export const listNoticesSchema = op('listCollectionNotices', 'Collection notices by day, type and account (newest first)', {
  querystring: Type.Object({
    date: Type.Optional(dateText('The notice date')),
    type: Type.Optional(NoticeType),
    account: Type.Optional(Type.String({ maxLength: 40, description: 'Utility account number or id' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
  }, { additionalProperties: false }),
  response: withErrors({ 200: Type.Object({ notices: Type.Array(Notice) }) }),
});

export const noticePdfSchema = op('getCollectionNoticePdf', 'A notice as it prints (its occupant copy too, for an SB 998 notice mailed elsewhere)', {
  params: Type.Object({ notice: Type.String({ maxLength: 20, description: 'N-2026-000123 or the notice id' }) }),
  querystring: Type.Object({ download: Type.Optional(Type.Boolean({ description: 'Save rather than open in the browser' })) }, { additionalProperties: false }),
  response: withErrors(Pdf),
});

export const printFileSchema = op('getCollectionNoticesPrintFile', 'Every mailed or posted notice of a type and day in one PDF, for printing', {
  querystring: Type.Object({ date: dateText('The notice date'), type: NoticeType }, { additionalProperties: false }),
  response: withErrors(Pdf),
});

const MergeFieldInfo = Type.Object({
  name: Type.String(),
  kind: Type.String({ description: 'text, money, date or lines' }),
  source: Type.String({ description: 'account, notice, office or data' }),
  dataKey: NullableString,
  description: Type.String(),
});

export const LetterTemplate = Type.Object({
  id: Type.Integer(),
  noticeType: Type.String(),
  language: Type.String(),
  version: Type.Integer(),
  effectiveFrom: Type.String(),
  subject: Type.String(),
  body: Type.String(),
  isActive: Type.Boolean(),
  changeNote: NullableString,
  createdAt: Type.String(),
  createdBy: Type.String(),
  fields: Type.Array(Type.String()),
  dataKeys: Type.Array(Type.String(), { description: 'The keys of the notice data the template reads' }),
});

export const listTemplatesSchema = op('listLetterTemplates', 'Letter templates: the latest version of each notice type and language (or every version)', {
  querystring: Type.Object({
    type: Type.Optional(NoticeType),
    language: Type.Optional(Type.String({ maxLength: 3 })),
    allVersions: Type.Optional(Type.Boolean()),
  }, { additionalProperties: false }),
  response: withErrors({ 200: Type.Object({ templates: Type.Array(LetterTemplate), mergeFields: Type.Array(MergeFieldInfo), noticeTypes: Type.Array(Type.String()) }) }),
});

export const getTemplateSchema = op('getLetterTemplate', 'One letter template version, with every version of its type and language', {
  params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
  response: withErrors({ 200: Type.Intersect([LetterTemplate, Type.Object({ versions: Type.Array(LetterTemplate) })]) }),
});

const TemplateBody = Type.Object({
  noticeType: Type.String({ maxLength: 40 }),
  language: Type.String({ maxLength: 10 }),
  subject: Type.String({ maxLength: 400 }),
  body: Type.String({ maxLength: 40_000 }),
  effectiveFrom: Type.Optional(Type.Union([dateText('First day it applies (default today)'), Type.Null()])),
  isActive: Type.Optional(Type.Boolean()),
  changeNote: Type.Optional(Type.Union([Type.String({ maxLength: 600 }), Type.Null()])),
}, { additionalProperties: false });

export const saveTemplateSchema = op('saveLetterTemplate', 'Save a new version of a letter template (unknown merge fields are refused by name)', {
  body: TemplateBody,
  response: withErrors({ 201: LetterTemplate }),
});

const Block = Type.Object({
  kind: Type.String({ description: 'heading, paragraph, bullets or lines' }),
  text: Type.Optional(Type.String()),
  items: Type.Optional(Type.Array(Type.String())),
  lines: Type.Optional(Type.Array(Type.String())),
});

export const previewTemplateSchema = op('previewLetterTemplate', 'A template merged with sample data (not saved): its problems, or the letter', {
  body: Type.Object({
    language: Type.String({ maxLength: 10 }),
    subject: Type.String({ maxLength: 400 }),
    body: Type.String({ maxLength: 40_000 }),
  }, { additionalProperties: false }),
  response: withErrors({
    200: Type.Object({
      problems: Type.Array(Type.Object({ field: Type.String(), message: Type.String() })),
      subject: Type.String(),
      blocks: Type.Array(Block),
      fields: Type.Array(Type.String()),
    }),
  }),
});

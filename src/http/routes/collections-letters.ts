/**
 * Collection letters over HTTP: the notices of a day (list, one notice's PDF, the day's print file
 * of a type) for collections.read, and the letter templates (list, get, save a new version,
 * preview with sample data) for collections.setup. Thin: each route calls one use case of
 * src/collections.
 */
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import {
  getLetterTemplate,
  LETTER_OFFICE,
  listLetterTemplates,
  listNotices,
  mergeFieldNames,
  mergeFields,
  mergeLetter,
  noticeTypes,
  renderNoticePdf,
  renderPrintFile,
  sampleMergeData,
  saveLetterTemplate,
  templateFields,
  templateProblems,
  type MergeFieldDefinition,
} from '../../collections/index.js';
import { actorOf } from '../actor.js';
import type { RouteContext } from '../context.js';
import { attachmentHeader } from '../download.js';
import * as schemas from './collections-letters.schema.js';

const mergeFieldList = mergeFieldNames.map((name) => {
  const definition: MergeFieldDefinition = mergeFields[name];
  return { name, kind: definition.kind, source: definition.source, dataKey: definition.dataKey ?? null, description: definition.description };
});

/** A PDF opened in the browser's viewer (inline) or saved (attachment). */
function sendPdf(reply: FastifyReply, fileName: string, pdf: Buffer, inline: boolean): FastifyReply {
  const disposition = attachmentHeader(fileName);
  return reply.type('application/pdf').header('content-disposition', inline ? disposition.replace(/^attachment/, 'inline') : disposition)
    .send(Readable.from([pdf]));
}

export const collectionLetterRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { database, clock }) => {
  const db = database.kysely;

  app.get('/api/collections/notices', { schema: schemas.listNoticesSchema, config: { permission: 'collections.read' } }, async (request) => ({
    notices: await listNotices(db, {
      noticeDate: request.query.date ?? null, noticeType: request.query.type ?? null, account: request.query.account ?? null, limit: request.query.limit ?? 500,
    }),
  }));

  app.get('/api/collections/notices/print', { schema: schemas.printFileSchema, config: { permission: 'collections.read' } }, async (request, reply) => {
    const file = await renderPrintFile(db, { noticeDate: request.query.date, noticeType: request.query.type });
    return sendPdf(reply, file.fileName, file.pdf, true);
  });

  app.get('/api/collections/notices/:notice/pdf', { schema: schemas.noticePdfSchema, config: { permission: 'collections.read' } }, async (request, reply) => {
    const { fileName, pdf } = await renderNoticePdf(db, request.params.notice);
    return sendPdf(reply, fileName, pdf, request.query.download !== true);
  });

  app.get('/api/collections/letter-templates', { schema: schemas.listTemplatesSchema, config: { permission: 'collections.setup' } }, async (request) => ({
    templates: await listLetterTemplates(db, { noticeType: request.query.type ?? null, language: request.query.language ?? null, allVersions: request.query.allVersions ?? false }),
    mergeFields: mergeFieldList,
    noticeTypes: [...noticeTypes],
  }));

  app.get('/api/collections/letter-templates/:id', { schema: schemas.getTemplateSchema, config: { permission: 'collections.setup' } }, async (request) =>
    getLetterTemplate(db, request.params.id),
  );

  app.post('/api/collections/letter-templates', { schema: schemas.saveTemplateSchema, config: { permission: 'collections.setup' } }, async (request, reply) => {
    const saved = await saveLetterTemplate(database, { input: request.body, actor: actorOf(request), clock });
    return reply.status(201).header('location', `/api/collections/letter-templates/${saved.id}`).send(saved);
  });

  app.post('/api/collections/letter-templates/preview', { schema: schemas.previewTemplateSchema, config: { permission: 'collections.setup' } }, async (request) => {
    const template = { subject: request.body.subject, body: request.body.body };
    const language = request.body.language.trim().toLowerCase() || 'en';
    const sample = { ...sampleMergeData(), officeHours: LETTER_OFFICE.hours[language] ?? LETTER_OFFICE.hours.en };
    const merged = mergeLetter(template, sample, language);
    return { problems: templateProblems(template), subject: merged.subject, blocks: merged.blocks, fields: templateFields(template) };
  });
};

/** Conversion from a legacy system: one CSV per request, with a dry run (docs/conversion.md). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { importConversionFiles, type ConversionKind } from '../../conversion/index.js';
import { AppError, invalidInput } from '../../shared/errors.js';
import { actorOf } from '../actor.js';
import type { RouteContext } from '../context.js';
import { importConversionSchema } from './conversion.schema.js';

const PROBLEMS_LISTED = 5_000;

export const conversionRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, context) => {
  const { database, clock } = context;

  app.post(
    '/api/conversion/:kind',
    { schema: importConversionSchema, config: { permission: 'conversion.import' }, bodyLimit: 256 * 1024 * 1024 },
    async (request) => {
      const body: unknown = request.body;
      if (typeof body !== 'string') throw invalidInput('body', 'send the file as CSV text with Content-Type: text/csv');
      const kind = request.params.kind as ConversionKind;
      const report = await importConversionFiles(database, {
        files: [{ kind, name: request.query.fileName ?? `${kind}.csv`, text: body }],
        actor: actorOf(request),
        clock,
        isDryRun: request.query.dryRun ?? false,
        acceptPartial: request.query.acceptPartial ?? false,
      });
      if (report.status === 'rejected') {
        // Nothing was written: an error naming every row and column at fault (as invalidFields does).
        throw new AppError('invalid_input', `${report.problemCount} problem(s) in the file; nothing was imported ` +
          '(fix them, or send again with acceptPartial=true to import the good rows)', {
          problems: report.problems.slice(0, PROBLEMS_LISTED).map((problem) => ({
            file: problem.file, row: problem.row, field: problem.column, value: problem.value, message: problem.message,
          })),
          counts: report.counts,
        });
      }
      return { ...report, problems: report.problems.slice(0, PROBLEMS_LISTED) };
    },
  );
};

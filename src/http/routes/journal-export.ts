/**
 * The journal as a file download, streamed: a ten-million-line journal goes out in chunks of
 * entries without being held in memory, and the ledger waits when the client reads slowly.
 */
import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { exportJournal, type ExportFormat } from '../../ledger/index.js';
import type { RouteContext } from '../context.js';
import { sendAttachment } from '../download.js';
import { journalExportSchema } from './journal-export.schema.js';

const contentTypes: Record<ExportFormat, string> = {
  hledger: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

const extensions: Record<ExportFormat, string> = { hledger: 'journal', csv: 'csv' };

export const journalExportRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (
  app,
  context,
) => {
  const { database, clock } = context;
  app.get(
    '/api/journal/export',
    { schema: journalExportSchema, config: { permission: 'ledger.export' } },
    async (request, reply) => {
      const format = request.query.format ?? 'hledger';
      const stream = new PassThrough();
      // Waiting for the first chunk lets an immediate failure (the database is down) answer with
      // a proper error; a failure after that can only cut the download short, and is logged.
      await startExport(
        stream,
        (write) => exportJournal(database.kysely, { format, write }),
        (error) =>
          request.log.error({ err: error }, 'journal export failed; the download is cut short'),
      );
      return sendAttachment(reply, {
        name: `journal-${clock.today()}.${extensions[format]}`,
        contentType: contentTypes[format],
        body: stream,
      });
    },
  );
};

class ExportAbortedError extends Error {
  constructor() {
    super('the client stopped reading the export');
  }
}

type Writer = (chunk: string) => Promise<void>;

/**
 * Runs `produce` with a writer into `stream` that honours backpressure and stops when the client
 * goes away. Resolves at the first chunk (or when production ends); rejects only if production
 * fails before writing anything. A later failure ends the stream and goes to `onLateFailure`.
 */
export function startExport(
  stream: PassThrough,
  produce: (write: Writer) => Promise<unknown>,
  onLateFailure: (error: unknown) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let hasStarted = false;
    const write: Writer = async (chunk) => {
      if (stream.destroyed) throw new ExportAbortedError();
      const hasRoom = stream.write(chunk);
      if (!hasStarted) {
        hasStarted = true;
        resolve();
      }
      if (!hasRoom) await drainedOrClosed(stream);
      if (stream.destroyed) throw new ExportAbortedError();
    };
    produce(write).then(
      () => {
        stream.end();
        resolve();
      },
      (error: unknown) => {
        stream.destroy();
        if (error instanceof ExportAbortedError) return;
        if (hasStarted) onLateFailure(error);
        else reject(error);
      },
    );
  });
}

function drainedOrClosed(stream: PassThrough): Promise<void> {
  return new Promise((resolve) => {
    const finish = () => {
      stream.off('drain', finish);
      stream.off('close', finish);
      resolve();
    };
    stream.on('drain', finish);
    stream.on('close', finish);
  });
}

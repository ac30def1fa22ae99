/** Downloads: the Content-Disposition header for a file the browser should save. */
import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/** Our file names are ASCII we build ourselves; anything else is replaced rather than escaped. */
export function attachmentHeader(fileName: string): string {
  const safe = fileName.replace(/[^A-Za-z0-9._-]/g, '_');
  return `attachment; filename="${safe}"`;
}

/** Sends a file download; the body may be text or a stream (which no response schema types). */
export function sendAttachment(
  reply: FastifyReply,
  file: { name: string; contentType: string; body: string | Readable },
): FastifyReply {
  return reply
    .type(file.contentType)
    .header('content-disposition', attachmentHeader(file.name))
    .send(file.body);
}

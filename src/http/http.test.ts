/** Pure parts of the HTTP layer: the status table, error mapping, field names, log redaction. */
import { PassThrough, Writable } from 'node:stream';
import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { AppError, errorCodes } from '../shared/errors.js';
import { httpStatusByErrorCode, toHttpError } from './errors.js';
import { createLogger } from './logger.js';
import { startExport } from './routes/journal-export.js';
import { describeProblems, fieldName, validatorCompiler } from './validation.js';

describe('the error table', () => {
  it('maps every domain error code to a status', () => {
    for (const code of errorCodes) {
      expect(httpStatusByErrorCode[code], code).toBeGreaterThanOrEqual(400);
    }
    expect(httpStatusByErrorCode.period_closed).toBe(409);
    expect(httpStatusByErrorCode.unbalanced_entry).toBe(422);
    expect(httpStatusByErrorCode.data_dir_locked).toBe(503);
  });

  it('keeps an AppError whole and hides anything else behind "internal"', () => {
    const known = toHttpError(
      new AppError('already_reversed', 'JE 4 was reversed', { entryId: 4 }),
      'req-1',
    );
    expect(known).toEqual({
      statusCode: 409,
      body: {
        error: { code: 'already_reversed', message: 'JE 4 was reversed', details: { entryId: 4 } },
      },
      isInternal: false,
    });
    const unknown = toHttpError(new Error('relation "journal_entry" does not exist'), 'req-2');
    expect(unknown.statusCode).toBe(500);
    expect(unknown.isInternal).toBe(true);
    expect(unknown.body.error.code).toBe('internal');
    expect(unknown.body.error.message).not.toContain('journal_entry');
    expect(unknown.body.error.details).toEqual({ requestId: 'req-2' });
  });
});

describe('validation errors', () => {
  it('names fields the way the ledger does', () => {
    expect(fieldName('/lines/2/debit', 'body')).toBe('lines[2].debit');
    expect(fieldName('/3/lines/0/account', 'body')).toBe('[3].lines[0].account');
    expect(fieldName('', 'query')).toBe('query');
  });

  it('reports one problem per field, unions as the types they accept', () => {
    const schema = Type.Object(
      {
        name: Type.String(),
        amount: Type.Union([Type.Number(), Type.String(), Type.Null()]),
        kind: Type.Optional(Type.Enum(['a', 'b'])),
      },
      { additionalProperties: false },
    );
    const validate = validatorCompiler({ schema, method: 'POST', url: '/x', httpPart: 'body' });
    const result = validate({ amount: true, kind: 'c', extra: 1 });
    const error = typeof result === 'object' && 'error' in result ? result.error : undefined;
    expect(error).toBeInstanceOf(AppError);
    expect(error instanceof AppError ? error.details.problems : undefined).toEqual([
      { field: 'name', message: 'is required' },
      { field: 'extra', message: 'is not a field this request accepts' },
      { field: 'amount', message: 'must be a number or text' },
      { field: 'kind', message: 'must be one of a, b' },
    ]);
    expect(describeProblems(schema, [], 'body')).toEqual([]);
  });

  it('converts query text strictly: digits only for integers, true/false for booleans', () => {
    const schema = Type.Object({
      limit: Type.Optional(Type.Integer()),
      flag: Type.Optional(Type.Boolean()),
    });
    const validate = validatorCompiler({
      schema,
      method: 'GET',
      url: '/x',
      httpPart: 'querystring',
    });
    expect(validate({ limit: '25', flag: 'true' })).toEqual({ value: { limit: 25, flag: true } });
    for (const limit of ['10.5', '1e3', 'ten', '']) {
      expect(validate({ limit }), limit).toMatchObject({ error: expect.any(AppError) });
    }
  });

  it('never coerces a JSON body', () => {
    const schema = Type.Object({ cents: Type.Integer() });
    const validate = validatorCompiler({ schema, method: 'POST', url: '/x', httpPart: 'body' });
    expect(validate({ cents: '100' })).toMatchObject({ error: expect.any(AppError) });
  });
});

describe('the logger', () => {
  it('redacts credentials in headers and password, secret and token fields', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger('info', sink);
    logger.info(
      {
        req: {
          headers: {
            authorization: 'Bearer abc123',
            cookie: 'session=s3cr3t',
            host: 'city.example',
          },
        },
        body: { username: 'clerk', password: 'hunter2', nested: { token: 'tok-999' } },
        secret: 'top',
      },
      'request',
    );
    const text = lines.join('');
    for (const secret of ['abc123', 's3cr3t', 'hunter2', 'tok-999', '"top"']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('city.example');
    expect(text).toContain('clerk');
    expect(text).toContain('[redacted]');
  });
});

describe('streaming an export', () => {
  const chunk = 'x'.repeat(64 * 1024);

  it('waits for a slow reader and stops producing when the reader goes away', async () => {
    const stream = new PassThrough();
    let written = 0;
    let stoppedBy: unknown;
    const lateFailures: unknown[] = [];
    const production = new Promise<void>((finish) => {
      void startExport(
        stream,
        async (write) => {
          try {
            for (let index = 0; index < 1_000; index += 1) {
              await write(chunk);
              written += 1;
            }
          } catch (error) {
            stoppedBy = error;
            throw error;
          } finally {
            finish();
          }
        },
        (error) => lateFailures.push(error),
      );
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Nobody reads: backpressure holds the producer after a few chunks, not 1,000.
    expect(written).toBeLessThan(5);
    stream.destroy();
    await production;
    expect(stoppedBy).toBeInstanceOf(Error);
    expect(written).toBeLessThan(5);
    expect(lateFailures).toEqual([]);
  });

  it('rejects when production fails before the first chunk, so the route can answer an error', async () => {
    const stream = new PassThrough();
    const failure = new Error('database is down');
    await expect(
      startExport(
        stream,
        async () => Promise.reject(failure),
        () => undefined,
      ),
    ).rejects.toBe(failure);
    expect(stream.destroyed).toBe(true);
  });

  it('reports a failure after the first chunk and cuts the stream short', async () => {
    const stream = new PassThrough();
    const lateFailures: unknown[] = [];
    const failure = new Error('connection lost');
    const closed = new Promise((resolve) => stream.on('close', resolve));
    await startExport(
      stream,
      async (write) => {
        await write('header\n');
        throw failure;
      },
      (error) => lateFailures.push(error),
    );
    stream.resume();
    await closed;
    expect(lateFailures).toEqual([failure]);
  });

  it('ends the stream when production completes', async () => {
    const stream = new PassThrough();
    await startExport(
      stream,
      async (write) => {
        await write('a');
        await write('b');
      },
      () => undefined,
    );
    const text = await new Promise<string>((resolve) => {
      let received = '';
      stream.on('data', (data: Buffer) => (received += data.toString()));
      stream.on('end', () => resolve(received));
    });
    expect(text).toBe('ab');
  });
});

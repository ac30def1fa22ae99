/**
 * The mail relay against a real SMTP server (smtp-server, in this process) and a real database:
 * a queued receipt goes out once with its PDF and is marked sent; a refused message waits and
 * retries, and fails for good after the last attempt with its error kept; a claim left by a relay
 * that died returns to the queue; two relays at once never send one message twice.
 */
import { sql } from 'kysely';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../shared/db.js';
import { createTestDatabase } from '../../test/support/database.js';
import { describeSmtpUrl, listOutbox, mailRelayConfigFromEnv, MAX_ATTEMPTS, sendQueuedEmail, type MailTransport } from './index.js';

interface Received {
  to: string[];
  raw: string;
}

let database: Database;
let server: SMTPServer;
let port = 0;
const received: Received[] = [];
const refused = new Set<string>();

beforeAll(async () => {
  database = await createTestDatabase();
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refused.has(address.address)) return callback(Object.assign(new Error('550 mailbox unavailable'), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await database?.close();
});

function transport(): MailTransport & { close(): void } {
  return nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
}

async function queue(to: string, subject: string, attachment?: Buffer): Promise<number> {
  const result = await sql<{ id: number }>`insert into outbound_email (to_address, subject, body_text, attachment_name, attachment, related_type, related_id, created_by)
    values (${to}, ${subject}, 'Thank you for your payment.', ${attachment ? 'R-2026-000001.pdf' : null}, ${attachment ?? null}, 'cash_transaction', 'R-2026-000001', 'rosa')
    returning id::int as id`.execute(database.kysely);
  return result.rows[0]?.id as number;
}

async function messageRow(id: number) {
  const result = await sql<{ status: string; attempts: number; lastError: string | null; messageId: string | null; isDueLater: boolean }>`
    select status, attempts, last_error as "lastError", message_id as "messageId", next_attempt_at > now() as "isDueLater"
    from outbound_email where id = ${id}`.execute(database.kysely);
  return result.rows[0];
}

const from = 'City Finance <finance@city.example>';

describe('the mail relay', () => {
  it('sends a queued receipt once, with its PDF, and marks it sent (audited)', async () => {
    const id = await queue('resident@example.com', 'Receipt R-2026-000001 from the City', Buffer.from('%PDF-1.7 test'));
    const mail = transport();
    const first = await sendQueuedEmail(database, { transport: mail, from });
    expect(first).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(await sendQueuedEmail(database, { transport: mail, from })).toEqual({ sent: 0, retrying: 0, failed: 0 });
    mail.close();
    const message = received.find((item) => item.to.includes('resident@example.com'));
    expect(message?.raw).toContain('Subject: Receipt R-2026-000001 from the City');
    expect(message?.raw).toContain('R-2026-000001.pdf');
    expect(await messageRow(id)).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
    expect((await messageRow(id))?.messageId).toBeTruthy();
    const audit = await sql<{ outcome: string }>`select outcome from audit_log where action = 'mail.send' and entity_id = ${String(id)}`.execute(database.kysely);
    expect(audit.rows.map((row) => row.outcome)).toEqual(['success']);
    expect((await listOutbox(database.kysely, { status: 'sent' })).map((row) => row.id)).toContain(id);
    expect((await listOutbox(database.kysely)).map((row) => row.id)).not.toContain(id);
  });

  it('retries a refused message later, and fails it for good after the last attempt, keeping the error', async () => {
    refused.add('gone@example.com');
    const id = await queue('gone@example.com', 'Receipt R-2026-000002');
    const mail = transport();
    expect(await sendQueuedEmail(database, { transport: mail, from })).toEqual({ sent: 0, retrying: 1, failed: 0 });
    const waiting = await messageRow(id);
    expect(waiting).toMatchObject({ status: 'queued', attempts: 1, isDueLater: true });
    expect(waiting?.lastError).toMatch(/550|mailbox unavailable/);
    // Not due yet: the next pass leaves it alone.
    expect(await sendQueuedEmail(database, { transport: mail, from })).toEqual({ sent: 0, retrying: 0, failed: 0 });
    for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt += 1) {
      await sql`update outbound_email set next_attempt_at = now() where id = ${id}`.execute(database.kysely);
      const pass = await sendQueuedEmail(database, { transport: mail, from });
      expect(pass).toEqual(attempt === MAX_ATTEMPTS ? { sent: 0, retrying: 0, failed: 1 } : { sent: 0, retrying: 1, failed: 0 });
    }
    mail.close();
    expect(await messageRow(id)).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    expect((await listOutbox(database.kysely, { status: 'failed' }))[0]).toMatchObject({ id, toAddress: 'gone@example.com', status: 'failed' });
    const audit = await sql<{ count: number }>`select count(*)::int as count from audit_log where action = 'mail.send' and outcome = 'failed' and entity_id = ${String(id)}`.execute(database.kysely);
    expect(audit.rows[0]?.count).toBe(MAX_ATTEMPTS);
  });

  it('takes back a claim a dead relay left, and two relays at once send each message once', async () => {
    const stale = await queue('stale@example.com', 'Receipt R-2026-000003');
    await sql`update outbound_email set status = 'sending', claimed_at = now() - interval '1 hour', attempts = 1 where id = ${stale}`.execute(database.kysely);
    const fresh = await queue('fresh@example.com', 'Receipt R-2026-000004');
    const ids = [stale, fresh];
    for (let index = 0; index < 8; index += 1) ids.push(await queue(`many${index}@example.com`, `Receipt R-2026-1000${index}`));
    const before = received.length;
    const [a, b] = [transport(), transport()];
    const [one, two] = await Promise.all([
      sendQueuedEmail(database, { transport: a, from, limit: 5 }),
      sendQueuedEmail(database, { transport: b, from, limit: 5 }),
    ]);
    let rest = await sendQueuedEmail(database, { transport: a, from });
    while (rest.sent > 0) rest = await sendQueuedEmail(database, { transport: a, from });
    a.close();
    b.close();
    expect(one.sent + two.sent).toBeGreaterThan(0);
    const addresses = received.slice(before).flatMap((item) => item.to);
    expect(addresses.sort()).toEqual(['fresh@example.com', 'stale@example.com', ...Array.from({ length: 8 }, (_, index) => `many${index}@example.com`)].sort());
    for (const id of ids) expect((await messageRow(id))?.status).toBe('sent');
    expect((await messageRow(stale))?.attempts).toBe(2);
  });

  it('reads its configuration from the environment, and never shows the password', () => {
    expect(mailRelayConfigFromEnv({})).toBeNull();
    expect(() => mailRelayConfigFromEnv({ SMTP_URL: 'smtp://relay.example:587' })).toThrow(/MAIL_FROM/);
    expect(() => mailRelayConfigFromEnv({ SMTP_URL: 'http://relay.example', MAIL_FROM: from })).toThrow(/smtp:\/\//);
    expect(() => mailRelayConfigFromEnv({ SMTP_URL: 'not a url', MAIL_FROM: from })).toThrow(/SMTP_URL/);
    expect(mailRelayConfigFromEnv({ SMTP_URL: 'smtps://finance:s3cret@relay.example:465', MAIL_FROM: from })).toEqual({ smtpUrl: 'smtps://finance:s3cret@relay.example:465', from });
    const shown = describeSmtpUrl('smtps://finance:s3cret@relay.example:465');
    expect(shown).toBe('smtps://relay.example:465 (user finance)');
    expect(shown).not.toContain('s3cret');
  });
});

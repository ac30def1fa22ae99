/**
 * The mail relay: sends what the modules queued in `outbound_email` (emailed receipts, and later
 * notices) through an SMTP server, and keeps the outcome on each message.
 *
 * A pass claims due messages in one statement (`for update skip locked`, so two relays never
 * take the same one), sends each, and marks it sent with the server's message id. A failure keeps
 * the error and retries after 1, 2, 4, 8 … minutes; after MAX_ATTEMPTS it is `failed` for a
 * person to read. A claim older than CLAIM_LEASE_MINUTES (a relay that died mid-send) returns to
 * the queue: a message may go twice, never zero times. Every outcome is audited as `mail.send`.
 * Errors: invalid_input (the SMTP address).
 */
import { sql } from 'kysely';
import nodemailer from 'nodemailer';
import { systemPrincipal, type Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import type { Database, Executor } from '../shared/db.js';
import { invalidInput } from '../shared/errors.js';

export const MAX_ATTEMPTS = 6;
export const CLAIM_LEASE_MINUTES = 10;

/** What sends one message: nodemailer's SMTP transport, or a test double of it. */
export interface MailTransport {
  sendMail(message: {
    from: string;
    to: string;
    subject: string;
    text: string;
    attachments?: Array<{ filename: string; content: Buffer }>;
  }): Promise<{ messageId?: string }>;
  close?(): void;
}

export interface MailRelayConfig {
  /** smtp://user:password@host:587 or smtps://…; never logged whole (see describeSmtpUrl). */
  smtpUrl: string;
  /** The sender, e.g. "City of Alameda Finance <finance@example.gov>". */
  from: string;
}

/** The relay's configuration from the environment (SMTP_URL, MAIL_FROM), or null when unset. */
export function mailRelayConfigFromEnv(env: NodeJS.ProcessEnv): MailRelayConfig | null {
  const smtpUrl = env.SMTP_URL?.trim();
  if (!smtpUrl) return null;
  describeSmtpUrl(smtpUrl);
  const from = env.MAIL_FROM?.trim();
  if (!from) throw invalidInput('MAIL_FROM', 'is required with SMTP_URL: the sender address, e.g. "Finance <finance@city.example>"');
  return { smtpUrl, from };
}

/** The SMTP address without its password, for logs: "smtp://relay.example:587 (user finance)". */
export function describeSmtpUrl(smtpUrl: string): string {
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    throw invalidInput('SMTP_URL', 'is not a URL (smtp://user:password@host:port or smtps://…)');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw invalidInput('SMTP_URL', `must start with smtp:// or smtps://, not ${url.protocol}//`);
  if (!url.hostname) throw invalidInput('SMTP_URL', 'names no host');
  const user = url.username ? ` (user ${decodeURIComponent(url.username)})` : '';
  return `${url.protocol}//${url.hostname}${url.port ? `:${url.port}` : ''}${user}`;
}

export function smtpTransport(config: MailRelayConfig): MailTransport {
  return nodemailer.createTransport(config.smtpUrl);
}

export interface RelayPassResult {
  sent: number;
  retrying: number;
  failed: number;
}

interface ClaimedMessage {
  id: number;
  toAddress: string;
  subject: string;
  bodyText: string;
  attachmentName: string | null;
  attachment: Uint8Array | null;
  attempts: number;
}

/** Claims up to `limit` due messages (queued and due, or claimed longer ago than the lease). */
async function claimDue(db: Executor, limit: number): Promise<ClaimedMessage[]> {
  const result = await sql<ClaimedMessage>`update outbound_email e set status = 'sending', claimed_at = now(), attempts = e.attempts + 1
    where e.id in (
      select id from outbound_email
      where (status = 'queued' and next_attempt_at <= now())
         or (status = 'sending' and claimed_at < now() - make_interval(mins => ${CLAIM_LEASE_MINUTES}))
      order by next_attempt_at, id limit ${limit} for update skip locked)
    returning e.id::int as id, e.to_address as "toAddress", e.subject, e.body_text as "bodyText",
      e.attachment_name as "attachmentName", e.attachment, e.attempts`.execute(db);
  return result.rows;
}

/** Sends what is due, one pass. Returns how many went, will retry, and failed for good. */
export async function sendQueuedEmail(
  database: Database,
  options: { transport: MailTransport; from: string; limit?: number; actor?: Actor },
): Promise<RelayPassResult> {
  const actor = options.actor ?? systemPrincipal('system');
  const claimed = await claimDue(database.kysely, options.limit ?? 50);
  const result: RelayPassResult = { sent: 0, retrying: 0, failed: 0 };
  for (const message of claimed) {
    try {
      const info = await options.transport.sendMail({
        from: options.from,
        to: message.toAddress,
        subject: message.subject,
        text: message.bodyText,
        ...(message.attachment && message.attachmentName
          ? { attachments: [{ filename: message.attachmentName, content: Buffer.from(message.attachment) }] }
          : {}),
      });
      await database.kysely.transaction().execute(async (tx) => {
        await sql`update outbound_email set status = 'sent', sent_at = now(), claimed_at = null, last_error = null,
            message_id = ${info.messageId ?? null} where id = ${message.id}`.execute(tx);
        await recordAudit(tx, { actor, action: 'mail.send', entityType: 'outbound_email', entityId: message.id,
          after: { to: message.toAddress, subject: message.subject, attempt: message.attempts } });
      });
      result.sent += 1;
    } catch (caught) {
      const error = errorText(caught);
      const isLast = message.attempts >= MAX_ATTEMPTS;
      await database.kysely.transaction().execute(async (tx) => {
        await sql`update outbound_email set status = ${isLast ? 'failed' : 'queued'}, claimed_at = null, last_error = ${error},
            next_attempt_at = now() + make_interval(mins => ${2 ** (message.attempts - 1)}) where id = ${message.id}`.execute(tx);
        await recordAudit(tx, { actor, action: 'mail.send', entityType: 'outbound_email', entityId: message.id, outcome: 'failed',
          details: { to: message.toAddress, attempt: message.attempts, error, willRetry: !isLast } });
      });
      if (isLast) result.failed += 1;
      else result.retrying += 1;
    }
  }
  return result;
}

/** An SMTP error's text without anything that could carry a credential (the URL is never in it). */
function errorText(caught: unknown): string {
  const text = caught instanceof Error ? caught.message : String(caught);
  return text.replace(/\/\/[^@\s/]*@/g, '//***@').slice(0, 500);
}

export interface OutboxMessage {
  id: number;
  toAddress: string;
  subject: string;
  status: 'queued' | 'sending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  relatedType: string | null;
  relatedId: string | null;
  createdAt: string;
  createdBy: string;
  sentAt: string | null;
  nextAttemptAt: string | null;
}

/** The outbox, newest first; `status` filters (default: everything not yet sent). */
export async function listOutbox(
  db: Executor,
  options: { status?: 'unsent' | 'queued' | 'sending' | 'sent' | 'failed' | 'all'; limit?: number } = {},
): Promise<OutboxMessage[]> {
  const status = options.status ?? 'unsent';
  const filter =
    status === 'all' ? sql`true` : status === 'unsent' ? sql`status <> 'sent'` : sql`status = ${status}`;
  const result = await sql<OutboxMessage>`select id::int as id, to_address as "toAddress", subject, status, attempts,
      last_error as "lastError", related_type as "relatedType", related_id as "relatedId",
      to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "createdAt", created_by as "createdBy",
      to_char(sent_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "sentAt",
      case when status in ('queued', 'sending') then to_char(next_attempt_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') end as "nextAttemptAt"
    from outbound_email where ${filter} order by id desc limit ${options.limit ?? 100}`.execute(db);
  return result.rows;
}

/**
 * Runs a pass every `intervalMs` until stopped (the server does this when SMTP_URL is set). A
 * pass that throws (the database briefly away) is reported and the next one tries again.
 */
export function startMailRelay(
  database: Database,
  options: { transport: MailTransport; from: string; intervalMs?: number; onError?: (error: unknown) => void; onPass?: (result: RelayPassResult) => void },
): { stop(): Promise<void> } {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let isStopped = false;
  const pass = () => {
    running = sendQueuedEmail(database, options).then(
      (result) => {
        if (result.sent + result.retrying + result.failed > 0) options.onPass?.(result);
      },
      (error: unknown) => options.onError?.(error),
    ).finally(() => {
      running = null;
      if (!isStopped) timer = setTimeout(pass, options.intervalMs ?? 15_000);
    });
  };
  timer = setTimeout(pass, 0);
  return {
    async stop() {
      isStopped = true;
      if (timer) clearTimeout(timer);
      await running;
      options.transport.close?.();
    },
  };
}

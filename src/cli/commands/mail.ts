/**
 * `civic mail outbox|send`: the outgoing email queue (emailed receipts, notices) and a send of
 * what is due now through SMTP_URL (the server does this every few seconds when it is set).
 */
import type { Command } from 'commander';
import { describeSmtpUrl, listOutbox, mailRelayConfigFromEnv, sendQueuedEmail, smtpTransport } from '../../mail/index.js';
import { AppError } from '../../shared/errors.js';
import { withDatabase, writeLine, type CliContext } from '../context.js';
import { formatTable, writeJson } from '../output.js';

const statuses = ['unsent', 'queued', 'sending', 'sent', 'failed', 'all'] as const;

export function registerMailCommands(program: Command, context: CliContext): void {
  const mail = program.command('mail').description('outgoing email: the outbox, and sending it over SMTP');

  mail
    .command('outbox')
    .description('messages waiting, sent or failed (default: everything not yet sent)')
    .option('--status <status>', `one of ${statuses.join(', ')}`, 'unsent')
    .option('--limit <n>', 'at most this many, newest first', '100')
    .option('--json', 'print JSON')
    .action(async (options: { status: string; limit: string; json?: boolean }) => {
      if (!(statuses as readonly string[]).includes(options.status)) {
        throw new AppError('invalid_input', `--status must be one of ${statuses.join(', ')}`, { field: '--status' });
      }
      const limit = Number.parseInt(options.limit, 10);
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new AppError('invalid_input', '--limit must be 1 to 10000', { field: '--limit' });
      await withDatabase(context, 'mail.outbox', async (database) => {
        const messages = await listOutbox(database.kysely, { status: options.status as (typeof statuses)[number], limit });
        if (options.json) return writeJson(context.stdout, messages);
        if (messages.length === 0) return writeLine(context.stdout, `No ${options.status === 'all' ? '' : `${options.status} `}messages.`);
        context.stdout.write(formatTable(
          [{ header: 'id', align: 'right' }, { header: 'queued' }, { header: 'to' }, { header: 'subject', maxWidth: 44 }, { header: 'status' },
            { header: 'tries', align: 'right' }, { header: 'sent / next try' }, { header: 'last error', maxWidth: 40 }],
          messages.map((message) => [String(message.id), message.createdAt, message.toAddress, message.subject, message.status, String(message.attempts),
            message.sentAt ?? message.nextAttemptAt ?? '', message.lastError ?? '']),
        ));
        if (!mailRelayConfigFromEnv(context.env)) {
          writeLine(context.stderr, 'SMTP_URL is not set: nothing is sent until it is (with MAIL_FROM), by `civic serve` or `civic mail send`.');
        }
      });
    });

  mail
    .command('send')
    .description('send what is due now through SMTP_URL (from MAIL_FROM)')
    .action(async () => {
      const config = mailRelayConfigFromEnv(context.env);
      if (!config) throw new AppError('invalid_input', 'Set SMTP_URL (smtp://user:password@host:587) and MAIL_FROM to send email', { field: 'SMTP_URL' });
      await withDatabase(context, 'mail.outbox', async (database, actor) => {
        const transport = smtpTransport(config);
        try {
          const total = { sent: 0, retrying: 0, failed: 0 };
          for (;;) {
            const pass = await sendQueuedEmail(database, { transport, from: config.from, actor });
            total.sent += pass.sent;
            total.retrying += pass.retrying;
            total.failed += pass.failed;
            if (pass.sent + pass.retrying + pass.failed === 0 || pass.sent === 0) break;
          }
          writeLine(context.stdout, `Through ${describeSmtpUrl(config.smtpUrl)}: ${total.sent} sent, ${total.retrying} to retry, ${total.failed} failed.`);
          if (total.retrying + total.failed > 0) context.exitCode = 1;
        } finally {
          transport.close?.();
        }
      });
    });
}

/**
 * Outgoing email: the outbox the modules queue into, and the relay that sends it over SMTP.
 * The only door to src/mail.
 */
export {
  CLAIM_LEASE_MINUTES,
  describeSmtpUrl,
  listOutbox,
  mailRelayConfigFromEnv,
  MAX_ATTEMPTS,
  sendQueuedEmail,
  smtpTransport,
  startMailRelay,
  type MailRelayConfig,
  type MailTransport,
  type OutboxMessage,
  type RelayPassResult,
} from './relay.js';

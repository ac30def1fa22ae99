/**
 * The HTTP server's logger: pino, one JSON line per event. Secrets never reach the log: the
 * Authorization and Cookie request headers, Set-Cookie responses, and any field named like a
 * password, secret or token (at the depths our log objects use) are replaced before writing.
 * pino's redaction matches fixed paths, not "anywhere", so each sensitive name is listed at the
 * top level and up to three levels down.
 */
import pino, { type DestinationStream, type Logger } from 'pino';

const sensitiveHeaders = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
];

const sensitiveFieldNames = [
  'password',
  'newPassword',
  'currentPassword',
  'secret',
  'clientSecret',
  'token',
  'accessToken',
  'refreshToken',
  'apiKey',
  'sessionId',
];

const depthPrefixes = ['', '*.', '*.*.', '*.*.*.'];

export const redactedPaths: readonly string[] = [
  ...sensitiveHeaders,
  ...depthPrefixes.flatMap((prefix) => sensitiveFieldNames.map((name) => `${prefix}${name}`)),
];

export const redactionCensor = '[redacted]';

export function createLogger(level = 'info', destination?: DestinationStream): Logger {
  const options = {
    level,
    redact: { paths: [...redactedPaths], censor: redactionCensor },
  };
  return destination ? pino(options, destination) : pino(options);
}

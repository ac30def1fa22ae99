/** TOTP second factor (RFC 6238: 6 digits, 30 s, SHA-1, one step of clock drift allowed). */
import { Secret, TOTP } from 'otpauth';

const ISSUER = 'Civic Ledger';

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totpFor(secretBase32: string, username: string): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label: username,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(secretBase32),
  });
}

export function totpUri(secretBase32: string, username: string): string {
  return totpFor(secretBase32, username).toString();
}

export function isValidTotpCode(secretBase32: string, username: string, code: unknown, at = Date.now()): boolean {
  if (typeof code !== 'string' || !/^\d{6}$/.test(code.replace(/\s/g, ''))) return false;
  const delta = totpFor(secretBase32, username).validate({ token: code.replace(/\s/g, ''), timestamp: at, window: 1 });
  return delta !== null;
}

export function currentTotpCode(secretBase32: string, username: string, at = Date.now()): string {
  return totpFor(secretBase32, username).generate({ timestamp: at });
}

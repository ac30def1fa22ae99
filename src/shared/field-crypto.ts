/**
 * Encryption of sensitive fields (SSN/TIN) before they reach the database: AES-256-GCM with a
 * random 96-bit nonce per value; stored as `v1:<nonce>:<ciphertext+tag>` in base64url. The key
 * lives outside the database:
 * - `CIVIC_FIELD_KEY`: 32 bytes as 64 hex characters or base64 (production: from a secret store);
 * - else, on the embedded database only, `<CIVIC_DATA_DIR>/field-encryption.key`, created on first
 *   use with mode 0600 (a demo or a single machine; back it up with the data directory);
 * - else storing a TIN is refused with a clear error (PostgreSQL without a configured key).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from './errors.js';

const VERSION = 'v1';

export interface FieldCipher {
  encrypt(plain: string): string;
  decrypt(stored: string): string;
}

const cache = new Map<string, FieldCipher>();

/** The cipher for this process's key (see the module comment for where the key comes from). */
export function fieldCipher(options: { engine: 'postgres' | 'pglite'; env?: NodeJS.ProcessEnv }): FieldCipher {
  const env = options.env ?? process.env;
  const configured = env.CIVIC_FIELD_KEY?.trim();
  let key: Buffer;
  let cacheKey: string;
  if (configured) {
    key = parseKey(configured);
    cacheKey = `env:${configured}`;
  } else if (options.engine === 'pglite') {
    const file = path.resolve(env.CIVIC_DATA_DIR || './data', 'field-encryption.key');
    cacheKey = `file:${file}`;
    const cached = cache.get(cacheKey);
    if (cached) return cached;
    if (!existsSync(file)) {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    }
    key = parseKey(readFileSync(file, 'utf8').trim());
  } else {
    throw new AppError(
      'invalid_input',
      'Sensitive fields (SSN/TIN) cannot be stored: set CIVIC_FIELD_KEY (32 bytes, 64 hex characters) on the server',
      { field: 'tin' },
    );
  }
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const cipher = makeCipher(key);
  cache.set(cacheKey, cipher);
  return cipher;
}

function parseKey(text: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error('CIVIC_FIELD_KEY must be 32 bytes: 64 hex characters or 44 base64 characters');
  return key;
}

function makeCipher(key: Buffer): FieldCipher {
  return {
    encrypt(plain) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `${VERSION}:${nonce.toString('base64url')}:${body.toString('base64url')}`;
    },
    decrypt(stored) {
      const [version, nonceText, bodyText] = stored.split(':');
      if (version !== VERSION || !nonceText || !bodyText) throw new Error('unknown encrypted field format');
      const body = Buffer.from(bodyText, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonceText, 'base64url'));
      decipher.setAuthTag(body.subarray(body.length - 16));
      return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
    },
  };
}

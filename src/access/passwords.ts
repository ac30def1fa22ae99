/**
 * Passwords: argon2id (m=19456 KiB, t=2, p=1, the OWASP minimum set explicitly), at least 12
 * characters and up to 128, refused when on the common-password list shipped with the app
 * (@zxcvbn-ts/language-common, ~49,000 entries) or when they contain the user name.
 */
import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import { invalidInput } from '../shared/errors.js';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

const argon2Options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

let commonPasswords: ReadonlySet<string> | undefined;

function isCommonPassword(password: string): boolean {
  commonPasswords ??= new Set(
    (dictionary['passwords-common'] as readonly string[]).map((entry) => entry.toLowerCase()),
  );
  return commonPasswords.has(password.toLowerCase());
}

/** Throws invalid_input naming `field` when the password breaks the policy. */
export function checkPasswordPolicy(password: unknown, username: string, field = 'password'): string {
  if (typeof password !== 'string' || password.length === 0) {
    throw invalidInput(field, 'a password is required');
  }
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) {
    throw invalidInput(field, `must be at least ${PASSWORD_MIN_LENGTH} characters (a passphrase works well)`);
  }
  if (length > PASSWORD_MAX_LENGTH) {
    throw invalidInput(field, `must be at most ${PASSWORD_MAX_LENGTH} characters`);
  }
  if (isCommonPassword(password)) {
    throw invalidInput(field, 'is on the list of commonly used passwords; choose another');
  }
  if (username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) {
    throw invalidInput(field, 'must not contain the user name');
  }
  if (/^(.)\1+$/u.test(password)) throw invalidInput(field, 'must not be one character repeated');
  return password;
}

export function hashPassword(password: string): Promise<string> {
  // The const enum Algorithm.Argon2id is 2; the numeric value keeps isolatedModules happy.
  return hash(password, argon2Options as Parameters<typeof hash>[1]);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A real argon2id hash of a random string, verified against when the user does not exist, so a
 * wrong user name takes as long to refuse as a wrong password. */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(`decoy-${Math.random()}-${Date.now()}`);
  return decoyHash;
}

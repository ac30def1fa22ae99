/**
 * Pure rules for customer data: what a phone number, an email, a ZIP code, a state, an APN, a
 * taxpayer id, a language and a name may be, and the one form each is stored in. Every function
 * takes the field's name so its error names it the way the form does (`phones[1].value`,
 * `mailingAddress.zip`). Nothing here touches the database.
 */
import { AppError, invalidFields, invalidInput, type FieldProblem } from '../shared/errors.js';

export const customerTypes = ['person', 'business'] as const;
export type CustomerType = (typeof customerTypes)[number];

export const contactKinds = ['phone', 'email'] as const;
export type ContactKind = (typeof contactKinds)[number];

export const contactLabels = ['primary', 'home', 'mobile', 'work', 'billing', 'other'] as const;
export type ContactLabel = (typeof contactLabels)[number];

export const tinTypes = ['ssn', 'ein', 'itin'] as const;
export type TinType = (typeof tinTypes)[number];

export const propertyRoles = ['owner', 'tenant'] as const;
export type PropertyRole = (typeof propertyRoles)[number];

export const interactionChannels = ['phone', 'counter', 'email', 'letter', 'web', 'other'] as const;
export type InteractionChannel = (typeof interactionChannels)[number];

/**
 * Languages the city can serve a customer in: English plus the languages California's agencies
 * most often translate into (the Dymally-Alatorre threshold languages and SB 998 notices).
 */
export const preferredLanguages = {
  en: 'English',
  es: 'Spanish',
  zh: 'Chinese',
  vi: 'Vietnamese',
  tl: 'Tagalog',
  ko: 'Korean',
  hy: 'Armenian',
  fa: 'Persian',
  ru: 'Russian',
  ja: 'Japanese',
  ar: 'Arabic',
  pa: 'Punjabi',
  km: 'Khmer',
  hmn: 'Hmong',
  hi: 'Hindi',
  th: 'Thai',
  pt: 'Portuguese',
  fr: 'French',
  lo: 'Lao',
  uk: 'Ukrainian',
} as const;
export type PreferredLanguage = keyof typeof preferredLanguages;

/** The states, DC, the territories and the military "states" the Postal Service accepts. */
export const usStateCodes: ReadonlySet<string> = new Set(
  ('AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ ' +
    'NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI AS MP AA AE AP').split(' '),
);

const NAME_MAX_LENGTH = 200;

/**
 * The problems a form collects; `check` runs one rule and notes its error instead of throwing,
 * so a clerk sees every wrong field of a form at once.
 */
export class ProblemList {
  readonly problems: FieldProblem[] = [];

  check<T>(rule: () => T): T | undefined {
    try {
      return rule();
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalid_input') {
        const nested = error.details.problems as FieldProblem[] | undefined;
        if (nested) this.problems.push(...nested);
        else this.problems.push({ field: String(error.details.field ?? 'input'), message: stripField(error) });
        return undefined;
      }
      throw error;
    }
  }

  add(field: string, message: string): void {
    this.problems.push({ field, message });
  }

  /** Throws every problem noted (writing nothing), or returns when there are none. */
  throwIfAny(): void {
    if (this.problems.length > 0) throw invalidFields(this.problems);
  }
}

function stripField(error: AppError): string {
  const field = String(error.details.field ?? '');
  return field && error.message.startsWith(`${field}: `) ? error.message.slice(field.length + 2) : error.message;
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string') throw invalidInput(field, 'is required');
  return value;
}

/** A name as typed (only the ends trimmed): 1-200 characters, no control characters. */
export function normalizeName(value: unknown, field: string): string {
  const name = text(value, field).trim();
  if (name.length === 0) throw invalidInput(field, 'is required');
  if (name.length > NAME_MAX_LENGTH) throw invalidInput(field, `is ${name.length} characters; at most ${NAME_MAX_LENGTH}`);
  // Control characters (line breaks, tabs, NUL) have no place in a name and break letters.
  if (/\p{Cc}/u.test(name)) throw invalidInput(field, 'must not contain line breaks, tabs or control characters');
  return name;
}

/** Optional text (notes, unit, description): trimmed, empty becomes null, at most `max` long. */
export function normalizeOptionalText(value: unknown, field: string, max: number): string | null {
  if (value === undefined || value === null) return null;
  const trimmed = text(value, field).trim();
  if (trimmed.length === 0) return null;
  if (trimmed.length > max) throw invalidInput(field, `is ${trimmed.length} characters; at most ${max}`);
  return trimmed;
}

/**
 * A US (NANP) phone number as its 10 digits. Accepts the ways people write one:
 * (530) 555-0101, 530.555.0101, 530-555-0101, 5305550101, +1 530 555 0101, 1-530-555-0101.
 * Refuses other countries, extensions, letters, and area codes or exchanges starting with 0 or 1.
 */
export function normalizePhone(value: unknown, field: string): string {
  const raw = text(value, field).trim();
  if (!/^\+?[0-9 ().-]+$/.test(raw)) {
    throw invalidInput(field, `"${raw}" is not a phone number: use 10 digits, e.g. (530) 555-0101`);
  }
  let digits = raw.replace(/\D/g, '');
  if (raw.startsWith('+') && !digits.startsWith('1')) {
    throw invalidInput(field, 'only US and Canadian (+1) numbers can be stored');
  }
  if (digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
  if (digits.length !== 10) {
    throw invalidInput(field, `"${raw}" has ${digits.length} digits; a US phone number has 10, e.g. (530) 555-0101`);
  }
  if (!/^[2-9]\d{2}[2-9]\d{6}$/.test(digits)) {
    throw invalidInput(field, `"${raw}" is not a valid US number: area code and exchange start with 2-9`);
  }
  return digits;
}

/** 10 digits as (530) 555-0101. */
export function formatPhone(digits: string): string {
  return /^\d{10}$/.test(digits) ? `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}` : digits;
}

const emailPattern = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** An email address, lower-cased (as the city stores and matches them). */
export function normalizeEmail(value: unknown, field: string): string {
  const email = text(value, field).trim().toLowerCase();
  if (email.length === 0) throw invalidInput(field, 'is required');
  if (email.length > 254 || !emailPattern.test(email) || email.includes('..') || !/\.[a-z]{2,}$/.test(email)) {
    throw invalidInput(field, `"${String(value).trim()}" is not an email address, e.g. name@example.com`);
  }
  return email;
}

/** A ZIP code: 12345 or ZIP+4 written 12345-6789 (also accepted as 123456789 or 12345 6789). */
export function normalizeZip(value: unknown, field: string): string {
  const raw = text(value, field).trim();
  const match = /^(\d{5})(?:[- ]?(\d{4}))?$/.exec(raw);
  if (!match) throw invalidInput(field, `"${raw}" is not a ZIP code: 5 digits, or ZIP+4 as 12345-6789`);
  return match[2] ? `${match[1]}-${match[2]}` : (match[1] as string);
}

/** A two-letter state code the Postal Service knows (CA, NV, DC, PR, AE...), upper-cased. */
export function normalizeState(value: unknown, field: string): string {
  const state = text(value, field).trim().toUpperCase();
  if (!usStateCodes.has(state)) throw invalidInput(field, `"${String(value).trim()}" is not a US state code, e.g. CA`);
  return state;
}

/**
 * An assessor's parcel number as the county writes it: 9 digits as 123-456-789, 8 digits as
 * 123-456-78. Dashes and spaces in the input are optional.
 */
export function normalizeApn(value: unknown, field: string): string {
  const raw = text(value, field).trim();
  if (!/^[0-9][0-9 -]*[0-9]$/.test(raw)) {
    throw invalidInput(field, `"${raw}" is not an APN: 8 or 9 digits, e.g. 123-456-789 or 123-456-78`);
  }
  const digits = raw.replace(/[ -]/g, '');
  if (digits.length !== 8 && digits.length !== 9) {
    throw invalidInput(field, `"${raw}" has ${digits.length} digits; an APN has 8 or 9, e.g. 123-456-789`);
  }
  return `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`;
}

/** Employer identification numbers never start with these prefixes (IRS campus assignments). */
const invalidEinPrefixes = new Set(['00', '07', '08', '09', '17', '18', '19', '28', '29', '49', '69', '70', '78', '79', '89', '96', '97']);

/**
 * A taxpayer id as 9 digits. SSN: the area is not 000, 666 or 9xx, the group not 00, the serial
 * not 0000. ITIN: starts with 9 and its middle digits are 50-65, 70-88, 90-92 or 94-99. EIN: a
 * prefix the IRS assigns.
 */
export function normalizeTin(type: unknown, value: unknown, field: string): { type: TinType; digits: string } {
  if (typeof type !== 'string' || !(tinTypes as readonly string[]).includes(type)) {
    throw invalidInput(`${field}.type`, `must be one of ${tinTypes.join(', ')}`);
  }
  const raw = text(value, `${field}.value`).trim();
  if (!/^[0-9][0-9 -]*[0-9]$/.test(raw) || raw.replace(/[ -]/g, '').length !== 9) {
    throw invalidInput(`${field}.value`, `a ${type.toUpperCase()} is 9 digits (dashes optional)`);
  }
  const digits = raw.replace(/[ -]/g, '');
  const area = digits.slice(0, 3);
  const group = digits.slice(3, 5);
  const serial = digits.slice(5);
  if (type === 'ssn' && (area === '000' || area === '666' || area.startsWith('9') || group === '00' || serial === '0000')) {
    throw invalidInput(`${field}.value`, 'is not a valid SSN (area 000, 666 or 900-999, group 00 or serial 0000 are never issued)');
  }
  if (type === 'itin') {
    const middle = Number(group);
    const isValidMiddle = (middle >= 50 && middle <= 65) || (middle >= 70 && middle <= 88) ||
      (middle >= 90 && middle <= 92) || (middle >= 94 && middle <= 99);
    if (!area.startsWith('9') || !isValidMiddle) {
      throw invalidInput(`${field}.value`, 'is not a valid ITIN (9xx-50..65/70..88/90..92/94..99-xxxx)');
    }
  }
  if (type === 'ein' && invalidEinPrefixes.has(digits.slice(0, 2))) {
    throw invalidInput(`${field}.value`, `is not a valid EIN (no EIN starts with ${digits.slice(0, 2)})`);
  }
  return { type: type as TinType, digits };
}

/** What everyone without customers.tin sees: ***-**-1234 (SSN/ITIN) or **-***1234 (EIN). */
export function maskTin(type: TinType, last4: string): string {
  return type === 'ein' ? `**-***${last4}` : `***-**-${last4}`;
}

export function formatTin(type: TinType, digits: string): string {
  return type === 'ein' ? `${digits.slice(0, 2)}-${digits.slice(2)}` : `${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5)}`;
}

/** A language code from the list the city serves in (en, es, zh, vi, tl, ko, ...). */
export function normalizeLanguage(value: unknown, field: string): PreferredLanguage {
  const code = text(value, field).trim().toLowerCase();
  if (!(code in preferredLanguages)) {
    throw invalidInput(field, `"${String(value).trim()}" is not a language the city serves in: one of ${Object.keys(preferredLanguages).join(', ')}`);
  }
  return code as PreferredLanguage;
}

export function oneOf<const T extends readonly string[]>(choices: T, value: unknown, field: string): T[number] {
  if (typeof value !== 'string' || !choices.includes(value)) {
    throw invalidInput(field, `must be one of ${choices.join(', ')}`);
  }
  return value as T[number];
}

export function requirePositiveId(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw invalidInput(field, 'must be a positive whole number');
  }
  return value;
}

export interface AddressInput {
  line1: string;
  line2?: string | null;
  city: string;
  state: string;
  zip: string;
  country?: string | null;
}

export interface Address {
  line1: string;
  line2: string | null;
  city: string;
  state: string;
  zip: string;
  country: string;
}

/** A US mailing address; each problem names its field under `field` (mailingAddress.zip). */
export function normalizeAddress(value: unknown, field: string, problems: ProblemList): Address | undefined {
  if (typeof value !== 'object' || value === null) {
    problems.add(field, 'an address (line1, city, state, zip) is required');
    return undefined;
  }
  const input = value as Record<string, unknown>;
  const line1 = problems.check(() => addressLine(input.line1, `${field}.line1`));
  const line2 = problems.check(() => normalizeOptionalText(input.line2, `${field}.line2`, 100));
  const city = problems.check(() => addressLine(input.city, `${field}.city`, 60));
  const state = problems.check(() => normalizeState(input.state, `${field}.state`));
  const zip = problems.check(() => normalizeZip(input.zip, `${field}.zip`));
  const country = input.country === undefined || input.country === null || input.country === '' ? 'US' : input.country;
  if (country !== 'US') problems.add(`${field}.country`, 'only US addresses can be stored (country US)');
  if (line1 === undefined || line2 === undefined || city === undefined || state === undefined || zip === undefined) {
    return undefined;
  }
  return { line1, line2, city, state, zip, country: 'US' };
}

function addressLine(value: unknown, field: string, max = 100): string {
  const line = text(value, field).trim().replace(/\s+/g, ' ');
  if (line.length === 0) throw invalidInput(field, 'is required');
  if (line.length > max) throw invalidInput(field, `is ${line.length} characters; at most ${max}`);
  return line;
}

/** One line for lists and search results: 12 Oak St Apt 3, Davis, CA 95616. */
export function formatAddressLine(address: Pick<Address, 'line1' | 'line2' | 'city' | 'state' | 'zip'>): string {
  return `${address.line1}${address.line2 ? ` ${address.line2}` : ''}, ${address.city}, ${address.state} ${address.zip}`;
}

export interface SearchQueryShape {
  /** The query lower-cased with runs of spaces made one. */
  text: string;
  /** The digits of a phone number typed with punctuation (7-10 digits), if it looks like one. */
  phoneDigits: string | null;
  /** An APN written with or without dashes (8-9 digits), normalized, if it looks like one. */
  apn: string | null;
  /** An account or customer number (UB-100234, c-100001), upper-cased, possibly partial. */
  numberPrefix: string | null;
  /** An email address or its beginning, if the query has an @. */
  emailPrefix: string | null;
}

/** What a typed search query could be, so exact-match paths run before the fuzzy one. */
export function classifySearchQuery(query: string): SearchQueryShape {
  const lowered = query.trim().toLowerCase().replace(/\s+/g, ' ');
  const digits = lowered.replace(/\D/g, '');
  const isPhoneLike = /^\+?[0-9 ().-]+$/.test(lowered);
  let phoneDigits: string | null = null;
  if (isPhoneLike && digits.length >= 7 && digits.length <= 11) {
    phoneDigits = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
  }
  let apn: string | null = null;
  if (/^[0-9][0-9 -]*[0-9]$/.test(lowered) && (digits.length === 8 || digits.length === 9)) {
    apn = `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`;
  }
  const numberMatch = /^([a-z]{1,4})[- ]?([0-9]{0,9})$/.exec(lowered);
  const numberPrefix = numberMatch && numberMatch[2] !== ''
    ? `${(numberMatch[1] as string).toUpperCase()}-${numberMatch[2]}`
    : null;
  const emailPrefix = lowered.includes('@') && !lowered.includes(' ') ? lowered : null;
  return { text: lowered, phoneDigits, apn, numberPrefix, emailPrefix };
}

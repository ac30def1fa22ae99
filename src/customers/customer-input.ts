/**
 * Checking a whole customer form at once (pure): every wrong field is reported together, each
 * named the way the form names it (`legalName`, `phones[1].value`, `mailingAddress.zip`).
 */
import { isValidIsoDate, type IsoDate } from '../shared/dates.js';
import { invalidInput } from '../shared/errors.js';
import {
  contactLabels,
  customerTypes,
  normalizeAddress,
  normalizeEmail,
  normalizeLanguage,
  normalizeName,
  normalizeOptionalText,
  normalizePhone,
  normalizeTin,
  oneOf,
  ProblemList,
  type Address,
  type AddressInput,
  type ContactKind,
  type ContactLabel,
  type CustomerType,
  type PreferredLanguage,
  type TinType,
} from './rules.js';
import type { CustomerFlags } from './store.js';

export interface ContactInput {
  value: string;
  label?: string | null;
  contactName?: string | null;
}

export interface TinInput {
  type: string;
  value: string;
}

export interface CustomerInput {
  customerType: string;
  legalName: string;
  dbaName?: string | null;
  preferredLanguage?: string | null;
  tin?: TinInput | null;
  flags?: Partial<CustomerFlags> | null;
  notes?: string | null;
  phones?: ContactInput[] | null;
  emails?: ContactInput[] | null;
  mailingAddress?: (AddressInput & { validFrom?: string | null }) | null;
}

export interface NormalizedContact {
  kind: ContactKind;
  value: string;
  label: ContactLabel;
  contactName: string | null;
}

export interface NormalizedCustomer {
  customerType: CustomerType;
  legalName: string;
  dbaName: string | null;
  preferredLanguage: PreferredLanguage;
  tin: { type: TinType; digits: string } | null;
  flags: CustomerFlags;
  notes: string | null;
  contacts: NormalizedContact[];
  mailingAddress: (Address & { validFrom: IsoDate | null }) | null;
}

export const NOTES_MAX_LENGTH = 4000;

const noFlags: CustomerFlags = {
  isCashOnly: false,
  hasReturnedMail: false,
  isDeceased: false,
  inBankruptcy: false,
  hasCollectionsHold: false,
};

export function normalizeContact(
  kind: ContactKind,
  input: unknown,
  field: string,
  problems: ProblemList,
): NormalizedContact | undefined {
  if (typeof input !== 'object' || input === null) {
    problems.add(field, `a ${kind} needs a value`);
    return undefined;
  }
  const contact = input as Record<string, unknown>;
  const value = problems.check(() =>
    kind === 'phone' ? normalizePhone(contact.value, `${field}.value`) : normalizeEmail(contact.value, `${field}.value`),
  );
  const label = problems.check(() =>
    contact.label === undefined || contact.label === null ? 'primary' : oneOf(contactLabels, contact.label, `${field}.label`),
  );
  const contactName = problems.check(() => normalizeOptionalText(contact.contactName, `${field}.contactName`, 200));
  if (value === undefined || label === undefined || contactName === undefined) return undefined;
  return { kind, value, label, contactName };
}

/** Flags as given; anything not a boolean is named. */
export function normalizeFlags(input: unknown, field: string, problems: ProblemList, base: CustomerFlags = noFlags): CustomerFlags {
  if (input === undefined || input === null) return base;
  if (typeof input !== 'object') {
    problems.add(field, 'must be an object of true/false flags');
    return base;
  }
  const flags = { ...base };
  for (const [name, value] of Object.entries(input)) {
    if (!(name in noFlags)) {
      problems.add(`${field}.${name}`, `is not a flag (flags: ${Object.keys(noFlags).join(', ')})`);
    } else if (typeof value !== 'boolean') {
      problems.add(`${field}.${name}`, 'must be true or false');
    } else {
      flags[name as keyof CustomerFlags] = value;
    }
  }
  return flags;
}

function contactList(kind: ContactKind, list: unknown, field: string, problems: ProblemList): NormalizedContact[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) {
    problems.add(field, 'must be a list');
    return [];
  }
  const contacts: NormalizedContact[] = [];
  const seen = new Set<string>();
  list.forEach((item, index) => {
    const contact = normalizeContact(kind, item, `${field}[${index}]`, problems);
    if (!contact) return;
    if (seen.has(contact.value)) problems.add(`${field}[${index}].value`, 'is listed twice');
    seen.add(contact.value);
    contacts.push(contact);
  });
  return contacts;
}

export function normalizeCustomerInput(input: CustomerInput): NormalizedCustomer {
  const problems = new ProblemList();
  const raw = (input ?? {}) as unknown as Record<string, unknown>;
  const customerType = problems.check(() => oneOf(customerTypes, raw.customerType, 'customerType'));
  const legalName = problems.check(() => normalizeName(raw.legalName, 'legalName'));
  const dbaName = problems.check(() =>
    raw.dbaName === undefined || raw.dbaName === null || raw.dbaName === '' ? null : normalizeName(raw.dbaName, 'dbaName'),
  );
  const preferredLanguage = problems.check(() =>
    raw.preferredLanguage === undefined || raw.preferredLanguage === null ? 'en' : normalizeLanguage(raw.preferredLanguage, 'preferredLanguage'),
  );
  const tinInput = raw.tin as Record<string, unknown> | null | undefined;
  const tin = problems.check(() =>
    tinInput === undefined || tinInput === null ? null : normalizeTin(tinInput.type, tinInput.value, 'tin'),
  );
  const flags = normalizeFlags(raw.flags, 'flags', problems);
  const notes = problems.check(() => normalizeOptionalText(raw.notes, 'notes', NOTES_MAX_LENGTH));
  const contacts = [
    ...contactList('phone', raw.phones, 'phones', problems),
    ...contactList('email', raw.emails, 'emails', problems),
  ];
  let mailingAddress: NormalizedCustomer['mailingAddress'] = null;
  if (raw.mailingAddress !== undefined && raw.mailingAddress !== null) {
    const address = normalizeAddress(raw.mailingAddress, 'mailingAddress', problems);
    const validFrom = (raw.mailingAddress as Record<string, unknown>).validFrom;
    const from = problems.check(() => optionalDate(validFrom, 'mailingAddress.validFrom'));
    if (address && from !== undefined) mailingAddress = { ...address, validFrom: from };
  }
  problems.throwIfAny();
  return {
    customerType: customerType as CustomerType,
    legalName: legalName as string,
    dbaName: dbaName ?? null,
    preferredLanguage: preferredLanguage as PreferredLanguage,
    tin: tin ?? null,
    flags,
    notes: notes ?? null,
    contacts,
    mailingAddress,
  };
}

/** An optional date: absent or null means "today" to the caller. */
export function optionalDate(value: unknown, field: string): IsoDate | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' || !isValidIsoDate(value.trim())) {
    throw invalidInput(field, `"${String(value)}" is not a real date in the form YYYY-MM-DD`);
  }
  return value.trim() as IsoDate;
}


/**
 * The pure rules for customer data, table-driven, with properties for the normalizations
 * (idempotent; every way of writing a value gives one stored form).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError, type FieldProblem } from '../shared/errors.js';
import { normalizeCustomerInput } from './customer-input.js';
import { apnPrefix } from './parcels.js';
import {
  classifySearchQuery,
  formatPhone,
  maskTin,
  normalizeApn,
  normalizeEmail,
  normalizeLanguage,
  normalizeName,
  normalizePhone,
  normalizeState,
  normalizeTin,
  normalizeZip,
} from './rules.js';

function errorOf(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

function problemFields(run: () => unknown): string[] {
  const error = errorOf(run);
  expect(error.code).toBe('invalid_input');
  return ((error.details.problems as FieldProblem[] | undefined) ?? [{ field: String(error.details.field), message: '' }]).map((p) => p.field);
}

describe('phones', () => {
  it.each([
    ['(530) 555-0101', '5305550101'],
    ['530.555.0101', '5305550101'],
    ['530-555-0101', '5305550101'],
    ['5305550101', '5305550101'],
    ['+1 530 555 0101', '5305550101'],
    ['1-530-555-0101', '5305550101'],
    ['  (916)555-2368 ', '9165552368'],
  ])('accepts %s', (input, digits) => {
    expect(normalizePhone(input, 'phones[0].value')).toBe(digits);
  });

  it.each([
    ['555-0101', 'has 7 digits'],
    ['+44 20 7946 0958', 'only US'],
    ['(030) 555-0101', 'start with 2-9'],
    ['530-155-0101', 'start with 2-9'],
    ['530-555-0101 x12', 'not a phone number'],
    ['CALL-ME-NOW', 'not a phone number'],
    ['', 'not a phone number'],
  ])('refuses %s, naming the field', (input, message) => {
    const error = errorOf(() => normalizePhone(input, 'phones[1].value'));
    expect(error.details.field).toBe('phones[1].value');
    expect(error.message).toContain(message);
  });

  it('normalizing is idempotent, and every punctuation of a number gives the same digits', () => {
    const digit = fc.constantFrom(...'0123456789');
    const leading = fc.constantFrom(...'23456789');
    const number = fc.tuple(leading, digit, digit, leading, digit, digit, digit, digit, digit, digit).map((d) => d.join(''));
    fc.assert(
      fc.property(number, fc.constantFrom('plain', 'dashes', 'dots', 'parens', 'plus1'), (digits, style) => {
        const a = digits.slice(0, 3);
        const b = digits.slice(3, 6);
        const c = digits.slice(6);
        const written = { plain: digits, dashes: `${a}-${b}-${c}`, dots: `${a}.${b}.${c}`, parens: `(${a}) ${b}-${c}`, plus1: `+1 ${a} ${b} ${c}` }[style];
        const normalized = normalizePhone(written, 'phone');
        expect(normalized).toBe(digits);
        expect(normalizePhone(normalized, 'phone')).toBe(normalized);
        expect(normalizePhone(formatPhone(normalized), 'phone')).toBe(normalized);
      }),
    );
  });
});

describe('emails, ZIP codes, states', () => {
  it('lower-cases emails and refuses malformed ones by field', () => {
    expect(normalizeEmail(' Jane.Doe@Example.ORG ', 'emails[0].value')).toBe('jane.doe@example.org');
    for (const bad of ['jane', 'jane@', '@example.com', 'jane@example', 'ja ne@example.com', 'jane@@example.com', 'jane..doe@example.com']) {
      expect(errorOf(() => normalizeEmail(bad, 'emails[0].value')).details.field).toBe('emails[0].value');
    }
  });

  it.each([
    ['95616', '95616'],
    ['95616-1234', '95616-1234'],
    ['956161234', '95616-1234'],
    ['95616 1234', '95616-1234'],
  ])('accepts ZIP %s', (input, zip) => {
    expect(normalizeZip(input, 'zip')).toBe(zip);
  });

  it.each(['9561', '956160', '95616-12', 'ABCDE', '95616-12345'])('refuses ZIP %s', (input) => {
    expect(errorOf(() => normalizeZip(input, 'mailingAddress.zip')).details.field).toBe('mailingAddress.zip');
  });

  it('knows the state codes', () => {
    expect(normalizeState('ca', 'state')).toBe('CA');
    expect(normalizeState('DC', 'state')).toBe('DC');
    expect(errorOf(() => normalizeState('XX', 'mailingAddress.state')).details.field).toBe('mailingAddress.state');
    expect(errorOf(() => normalizeState('California', 'state')).code).toBe('invalid_input');
  });
});

describe('APNs', () => {
  it.each([
    ['123456789', '123-456-789'],
    ['123-456-789', '123-456-789'],
    ['12345678', '123-456-78'],
    ['123-456-78', '123-456-78'],
    ['123 456 789', '123-456-789'],
  ])('accepts %s as %s', (input, apn) => {
    expect(normalizeApn(input, 'apn')).toBe(apn);
  });

  it.each(['1234567', '1234567890', '123-ABC-789', '-123456789', 'APN 123456789'])('refuses %s', (input) => {
    expect(errorOf(() => normalizeApn(input, 'apn')).details.field).toBe('apn');
  });

  it('any APN written with or without dashes normalizes to the same value, idempotently', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{8,9}$/), fc.boolean(), (digits, withDashes) => {
        const written = withDashes ? `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}` : digits;
        const normalized = normalizeApn(written, 'apn');
        expect(normalized).toBe(normalizeApn(digits, 'apn'));
        expect(normalizeApn(normalized, 'apn')).toBe(normalized);
        expect(normalized.replace(/-/g, '')).toBe(digits);
      }),
    );
  });

  it('builds dashed prefixes for partial APNs', () => {
    expect(apnPrefix('12')).toBe('12');
    expect(apnPrefix('12345')).toBe('123-45');
    expect(apnPrefix('1234567')).toBe('123-456-7');
  });
});

describe('taxpayer ids', () => {
  it.each([
    ['ssn', '123-45-6789', '123456789'],
    ['ssn', '123456789', '123456789'],
    ['ein', '12-3456789', '123456789'],
    ['itin', '912-70-1234', '912701234'],
  ])('accepts %s %s', (type, value, digits) => {
    expect(normalizeTin(type, value, 'tin')).toEqual({ type, digits });
  });

  it.each([
    ['ssn', '000-12-3456'],
    ['ssn', '666-12-3456'],
    ['ssn', '912-34-5678'],
    ['ssn', '123-00-4567'],
    ['ssn', '123-45-0000'],
    ['ssn', '12-345-678'],
    ['itin', '123-70-1234'],
    ['itin', '912-40-1234'],
    ['ein', '00-1234567'],
  ])('refuses %s %s, naming tin.value', (type, value) => {
    expect(errorOf(() => normalizeTin(type, value, 'tin')).details.field).toBe('tin.value');
  });

  it('refuses an unknown type by tin.type, and masks the last four', () => {
    expect(errorOf(() => normalizeTin('vat', '123456789', 'tin')).details.field).toBe('tin.type');
    expect(maskTin('ssn', '6789')).toBe('***-**-6789');
    expect(maskTin('ein', '6789')).toBe('**-***6789');
  });
});

describe('names and languages', () => {
  it('keeps a name as typed, only trimmed, even one that looks like a formula', () => {
    expect(normalizeName('  =HYPERLINK("http://x","y")  ', 'legalName')).toBe('=HYPERLINK("http://x","y")');
    expect(normalizeName('José  García-López', 'legalName')).toBe('José  García-López');
  });

  it('refuses empty, too long and control characters', () => {
    expect(errorOf(() => normalizeName('   ', 'legalName')).details.field).toBe('legalName');
    expect(errorOf(() => normalizeName('x'.repeat(201), 'legalName')).message).toContain('at most 200');
    expect(normalizeName('x'.repeat(200), 'legalName')).toHaveLength(200);
    expect(errorOf(() => normalizeName('Jane\nDoe', 'legalName')).code).toBe('invalid_input');
  });

  it('accepts the languages the city serves in', () => {
    expect(normalizeLanguage('ES', 'preferredLanguage')).toBe('es');
    expect(normalizeLanguage('hmn', 'preferredLanguage')).toBe('hmn');
    expect(errorOf(() => normalizeLanguage('klingon', 'preferredLanguage')).details.field).toBe('preferredLanguage');
  });
});

describe('a whole customer form', () => {
  it('names every wrong field at once', () => {
    const fields = problemFields(() =>
      normalizeCustomerInput({
        customerType: 'alien',
        legalName: '',
        phones: [{ value: '(530) 555-0101' }, { value: '555' }],
        emails: [{ value: 'not-an-email' }],
        mailingAddress: { line1: '12 Oak St', city: 'Davis', state: 'ZZ', zip: '9561' },
        tin: { type: 'ssn', value: '666-12-3456' },
        flags: { isCashOnly: 'yes' as unknown as boolean },
      }),
    );
    expect(fields.sort()).toEqual(
      ['customerType', 'legalName', 'phones[1].value', 'emails[0].value', 'mailingAddress.state', 'mailingAddress.zip', 'tin.value', 'flags.isCashOnly'].sort(),
    );
  });

  it('normalizes a good form', () => {
    const customer = normalizeCustomerInput({
      customerType: 'business',
      legalName: 'Acme Water Works LLC',
      dbaName: 'Acme',
      phones: [{ value: '530.555.0101', label: 'work' }],
      emails: [{ value: 'AP@Acme.example.com' }],
      mailingAddress: { line1: '1 Main  St', city: 'Davis', state: 'ca', zip: '956161234' },
      flags: { isCashOnly: true },
    });
    expect(customer.contacts).toEqual([
      { kind: 'phone', value: '5305550101', label: 'work', contactName: null },
      { kind: 'email', value: 'ap@acme.example.com', label: 'primary', contactName: null },
    ]);
    expect(customer.mailingAddress).toMatchObject({ line1: '1 Main St', state: 'CA', zip: '95616-1234' });
    expect(customer.flags.isCashOnly).toBe(true);
    expect(customer.preferredLanguage).toBe('en');
  });

  it('refuses the same phone listed twice', () => {
    expect(problemFields(() => normalizeCustomerInput({ customerType: 'person', legalName: 'A', phones: [{ value: '5305550101' }, { value: '(530) 555-0101' }] }))).toEqual(['phones[1].value']);
  });
});

describe('reading a search query', () => {
  it.each([
    ['UB-100234', { numberPrefix: 'UB-100234' }],
    ['ub-100', { numberPrefix: 'UB-100' }],
    ['ub100', { numberPrefix: 'UB-100' }],
    ['c-100001', { numberPrefix: 'C-100001' }],
    ['(530) 555-0101', { phoneDigits: '5305550101' }],
    ['+1 530 555 0101', { phoneDigits: '5305550101' }],
    ['555-0101', { phoneDigits: '5550101' }],
    ['123-456-789', { apn: '123-456-789' }],
    ['jane@example', { emailPrefix: 'jane@example' }],
    ['  John   SMITH ', { text: 'john smith', numberPrefix: null, phoneDigits: null, apn: null, emailPrefix: null }],
  ])('%s', (query, expected) => {
    expect(classifySearchQuery(query)).toMatchObject(expected);
  });
});

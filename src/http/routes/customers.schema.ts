import { Type } from 'typebox';
import { ApprovalRequest } from './approvals.schema.js';
import { NullableInteger, NullableString, withErrors } from '../schemas/common.js';

const tags = ['customers'];
const CustomerId = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const Flags = Type.Object({
  isCashOnly: Type.Boolean(),
  hasReturnedMail: Type.Boolean(),
  isDeceased: Type.Boolean(),
  inBankruptcy: Type.Boolean(),
  hasCollectionsHold: Type.Boolean(),
});
const FlagsInput = Type.Object({
  isCashOnly: Type.Optional(Type.Boolean()),
  hasReturnedMail: Type.Optional(Type.Boolean()),
  isDeceased: Type.Optional(Type.Boolean()),
  inBankruptcy: Type.Optional(Type.Boolean()),
  hasCollectionsHold: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });
const CustomerType = Type.Union([Type.Literal('person'), Type.Literal('business')]);
const Status = Type.Union([Type.Literal('active'), Type.Literal('inactive'), Type.Literal('merged')]);

const ContactInput = Type.Object({
  value: Type.String({ maxLength: 254, description: 'A phone as people write it ((530) 555-0101) or an email' }),
  label: Type.Optional(Nullable(Type.String())),
  contactName: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
}, { additionalProperties: false });
const AddressInput = Type.Object({
  line1: Type.String({ maxLength: 200 }),
  line2: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  city: Type.String({ maxLength: 100 }),
  state: Type.String({ maxLength: 20, description: 'Two-letter code, e.g. CA' }),
  zip: Type.String({ maxLength: 20, description: '12345 or 12345-6789' }),
  country: Type.Optional(Nullable(Type.String({ maxLength: 2 }))),
}, { additionalProperties: false });
const TinInput = Type.Object({
  type: Type.String({ description: 'ssn, ein or itin' }),
  value: Type.String({ maxLength: 20, description: '9 digits, dashes optional' }),
}, { additionalProperties: false });

const customerProperties = {
  id: Type.Integer(),
  customerNumber: Type.String(),
  customerType: CustomerType,
  legalName: Type.String(),
  dbaName: NullableString,
  preferredLanguage: Type.String(),
  flags: Flags,
  status: Status,
  mergedIntoId: NullableInteger,
  notes: NullableString,
  createdAt: Type.String(),
  createdBy: Type.String(),
  updatedAt: Type.String(),
};

export const CustomerRow = Type.Object({ ...customerProperties, tinType: NullableString, tinLast4: NullableString });

const Contact = Type.Object({
  id: Type.Integer(), kind: Type.String(), value: Type.String(), display: Type.String(), label: Type.String(),
  contactName: NullableString, isActive: Type.Boolean(), createdAt: Type.String(), createdBy: Type.String(),
});
const Address = Type.Object({
  id: Type.Integer(), line1: Type.String(), line2: NullableString, city: Type.String(), state: Type.String(),
  zip: Type.String(), country: Type.String(), validFrom: Type.String(), validTo: NullableString,
  oneLine: Type.String(), createdBy: Type.String(),
});
export const PropertyRole = Type.Object({
  id: Type.Integer(), customerId: Type.Integer(), role: Type.String(), parcelId: Type.Integer(), apn: Type.String(),
  situs: Type.String(), ownerOfRecord: NullableString, serviceLocationId: NullableInteger,
  locationNumber: NullableString, serviceAddress: NullableString, startDate: Type.String(), endDate: NullableString,
});
export const Interaction = Type.Object({
  id: Type.Integer(), customerId: Type.Integer(), accountNumber: NullableString, channel: Type.String(),
  topic: Type.String(), notes: NullableString, occurredAt: Type.String(), recordedBy: Type.String(),
  followUpOn: NullableString, followUpUser: NullableString, followUpDoneAt: NullableString, followUpDoneBy: NullableString,
});
const MergeLink = Type.Object({ customerId: Type.Integer(), customerNumber: Type.String(), legalName: Type.String(), mergedAt: Type.String() });

const CustomerDetail = Type.Object({
  ...customerProperties,
  tin: Type.Union([Type.Object({
    type: Type.String(),
    display: Type.String({ description: 'Always masked: ***-**-1234' }),
    canReveal: Type.Boolean({ description: 'The reader may GET /api/customers/{id}/tin (audited)' }),
  }), Type.Null()]),
  contacts: Type.Array(Contact),
  mailingAddress: Type.Union([Address, Type.Null()]),
  pastAddresses: Type.Array(Address),
  properties: Type.Array(PropertyRole),
  accounts: Type.Array(Type.Object({
    id: Type.Integer(), accountNumber: Type.String(), kind: Type.String(), fundCode: Type.String(), status: Type.String(),
    description: NullableString, openedOn: Type.String(), closedOn: NullableString,
    balanceCents: Type.Integer({ description: 'From the ledger: what the customer owes on it (negative: a credit)' }),
  })),
  recentInteractions: Type.Array(Interaction),
  openFollowUpCount: Type.Integer(),
  merge: Type.Object({ mergedInto: Type.Union([MergeLink, Type.Null()]), mergedFrom: Type.Array(MergeLink) }),
});

const SearchResult = Type.Object({
  customerId: Type.Integer(), customerNumber: Type.String(), legalName: Type.String(), dbaName: NullableString,
  customerType: CustomerType, status: Status, mailingAddress: NullableString, accountNumbers: Type.Array(Type.String()),
  flags: Flags,
  matchedOn: Type.String({ description: 'account_number, customer_number, merged_customer_number, phone, email, apn, name, address, words or similar_name' }),
});

export const searchCustomersSchema = {
  operationId: 'searchCustomers', tags,
  summary: 'Find customers as you type: account or customer number, phone, email, APN, name, address; forgives typos',
  querystring: Type.Object({
    q: Type.String({ maxLength: 200 }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
  }),
  response: withErrors({ 200: Type.Object({ results: Type.Array(SearchResult) }) }),
};

export const createCustomerSchema = {
  operationId: 'createCustomer', tags, summary: 'Add a person or business, with contacts, mailing address, TIN and flags',
  body: Type.Object({
    customerType: Type.String({ description: 'person or business' }),
    legalName: Type.String({ maxLength: 500 }),
    dbaName: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    preferredLanguage: Type.Optional(Nullable(Type.String({ maxLength: 10 }))),
    tin: Type.Optional(Type.Union([TinInput, Type.Null()])),
    flags: Type.Optional(Type.Union([FlagsInput, Type.Null()])),
    notes: Type.Optional(Nullable(Type.String({ maxLength: 8000 }))),
    phones: Type.Optional(Type.Array(ContactInput, { maxItems: 20 })),
    emails: Type.Optional(Type.Array(ContactInput, { maxItems: 20 })),
    mailingAddress: Type.Optional(Type.Union([Type.Object({
      ...AddressInput.properties,
      validFrom: Type.Optional(Nullable(Type.String())),
    }, { additionalProperties: false }), Type.Null()])),
  }, { additionalProperties: false }),
  response: withErrors({ 201: CustomerRow }),
};

export const getCustomerSchema = {
  operationId: 'getCustomer', tags, summary: 'One customer: flags, contacts, addresses, properties, accounts, interactions, merges',
  params: CustomerId,
  response: withErrors({ 200: CustomerDetail }),
};

export const updateCustomerSchema = {
  operationId: 'updateCustomer', tags, summary: 'Change names, type, language, flags, status, notes or the TIN (null removes it)',
  params: CustomerId,
  body: Type.Object({
    customerType: Type.Optional(Type.String()),
    legalName: Type.Optional(Type.String({ maxLength: 500 })),
    dbaName: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    preferredLanguage: Type.Optional(Type.String({ maxLength: 10 })),
    flags: Type.Optional(FlagsInput),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('inactive')])),
    notes: Type.Optional(Nullable(Type.String({ maxLength: 8000 }))),
    tin: Type.Optional(Type.Union([TinInput, Type.Null()])),
  }, { additionalProperties: false }),
  response: withErrors({ 200: CustomerRow }),
};

export const addContactSchema = {
  operationId: 'addContact', tags, summary: 'Add a phone or an email', params: CustomerId,
  body: Type.Object({ kind: Type.String({ description: 'phone or email' }), ...ContactInput.properties }, { additionalProperties: false }),
  response: withErrors({ 201: Contact }),
};

export const deactivateContactSchema = {
  operationId: 'deactivateContact', tags, summary: 'Stop using a phone or email (kept on file)',
  params: Type.Object({ id: Type.Integer({ minimum: 1 }), contactId: Type.Integer({ minimum: 1 }) }),
  body: Type.Union([Type.Object({}, { additionalProperties: false }), Type.Null()]),
  response: withErrors({ 200: Contact }),
};

export const changeAddressSchema = {
  operationId: 'changeMailingAddress', tags, summary: 'A new mailing address; the current one becomes history',
  params: CustomerId,
  body: Type.Object({ ...AddressInput.properties, validFrom: Type.Optional(Nullable(Type.String())) }, { additionalProperties: false }),
  response: withErrors({ 201: Address }),
};

export const revealTinSchema = {
  operationId: 'revealTin', tags, summary: 'The full SSN/TIN (audited: the trail records who looked)', params: CustomerId,
  response: withErrors({ 200: Type.Object({ customerId: Type.Integer(), type: Type.String(), tin: Type.String() }) }),
};

export const duplicatesSchema = {
  operationId: 'findDuplicateCustomers', tags, summary: 'Possible duplicates: same TIN last four, phone, email or name; similar name at a similar address',
  params: CustomerId,
  response: withErrors({ 200: Type.Object({ candidates: Type.Array(Type.Object({
    customerId: Type.Integer(), customerNumber: Type.String(), legalName: Type.String(), dbaName: NullableString,
    mailingAddress: NullableString, reasons: Type.Array(Type.String()),
  })) }) }),
};

export const requestMergeSchema = {
  operationId: 'requestCustomerMerge', tags,
  summary: 'Ask for a duplicate customer to be merged into another (done when someone else approves)',
  body: Type.Object({
    survivorId: Type.Integer({ minimum: 1 }),
    mergedId: Type.Integer({ minimum: 1 }),
    reason: Type.String({ maxLength: 500 }),
  }, { additionalProperties: false }),
  response: withErrors({ 201: ApprovalRequest }),
};

export const linkPropertySchema = {
  operationId: 'linkCustomerToProperty', tags, summary: 'Make the customer an owner or tenant of a parcel (optionally at one service location)',
  params: CustomerId,
  body: Type.Object({
    parcelId: Type.Integer({ minimum: 1 }),
    serviceLocationId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
    role: Type.String({ description: 'owner or tenant' }),
    startDate: Type.Optional(Nullable(Type.String())),
  }, { additionalProperties: false }),
  response: withErrors({ 201: PropertyRole }),
};

export const endPropertyRoleSchema = {
  operationId: 'endCustomerPropertyRole', tags, summary: 'End an owner or tenant role (kept as history)',
  params: CustomerId,
  body: Type.Union([Type.Object({ endDate: Type.Optional(Nullable(Type.String())) }, { additionalProperties: false }), Type.Null()]),
  response: withErrors({ 200: PropertyRole }),
};

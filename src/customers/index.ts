/**
 * Customers and properties: the public API (the only door other modules, the HTTP API and the CLI
 * use). People and businesses with contacts, mailing addresses with history, an encrypted TIN and
 * flags; parcels and service locations and who owns or rents them; the interaction log and
 * follow-ups; search as you type; duplicates and approved merges; checks for `civic verify`.
 */
export { addContact, deactivateContact } from './contacts.js';
export { createCustomer } from './create-customer.js';
export { normalizeCustomerInput, type ContactInput, type CustomerInput, type TinInput } from './customer-input.js';
export { endCustomerPropertyRole, linkCustomerToProperty, type PropertyRoleInput } from './customer-properties.js';
export { findDuplicateCandidates, type DuplicateCandidate, type DuplicateReason } from './duplicates.js';
export { getCustomer, revealTin, type CustomerDetail, type MergeStatus } from './get-customer.js';
export {
  completeFollowUp,
  listFollowUps,
  listInteractions,
  recordInteraction,
  type InteractionInput,
} from './interactions.js';
export { changeMailingAddress } from './mailing-address.js';
export {
  CUSTOMER_MERGE_KIND,
  customerMergeHandler,
  requestCustomerMerge,
  type CustomerMergePayload,
} from './merge-customers.js';
export {
  createParcel,
  createServiceLocation,
  findParcels,
  getParcel,
  type Parcel,
  type ParcelDetail,
  type ParcelInput,
  type ParcelPerson,
  type ServiceLocation,
  type ServiceLocationInput,
} from './parcels.js';
export {
  contactKinds,
  contactLabels,
  customerTypes,
  formatPhone,
  interactionChannels,
  maskTin,
  normalizeApn,
  normalizeEmail,
  normalizePhone,
  normalizeZip,
  preferredLanguages,
  propertyRoles,
  tinTypes,
  type ContactKind,
  type ContactLabel,
  type CustomerType,
  type InteractionChannel,
  type PropertyRole,
  type TinType,
} from './rules.js';
export { searchCustomers, SEARCH_LIMIT_MAX, type CustomerSearchResult, type MatchedOn } from './search-customers.js';
export { refreshCustomerSearch } from './search-text.js';
export {
  resolveCustomerId,
  type AddressRecord,
  type Contact,
  type CustomerAccount,
  type CustomerFlags,
  type CustomerRow,
  type CustomerStatus,
  type FollowUp,
  type Interaction,
  type PropertyRoleRecord,
} from './store.js';
export { updateCustomer, type CustomerChanges } from './update-customer.js';
export { customerChecks } from './verify-customers.js';

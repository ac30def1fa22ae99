/**
 * General billing: a catalog of what the city bills, invoices of catalog items posted as
 * receivables charges, invoice reversals, recurring invoices, penalties and interest by rule,
 * dunning notices, and the data of statements and invoice documents (rendered by src/documents).
 * The only door to the module.
 */
export { accrueLateCharges, type AccrualResult } from './accrue-late-charges.js';
export {
  createBillingItem,
  deactivateBillingItem,
  getBillingItem,
  listBillingItems,
  updateBillingItem,
  type BillingItem,
  type BillingItemInput,
} from './catalog.js';
export { createInvoice, type CreateInvoiceOptions, type InvoiceInput } from './create-invoice.js';
export { dunningDisposition, stageToNotice, type DunningStage } from './dunning.js';
export { formatInvoiceNumber, lineAmountCents } from './invoice-lines.js';
export { getInvoice, invoiceStatuses, listInvoices, type Invoice, type InvoiceLine, type InvoiceStatus, type InvoiceSummary } from './invoices.js';
export {
  listLateChargeAccounts,
  listLateChargeRules,
  setLateChargeAccounts,
  setLateChargeRule,
  type LateChargeAccounts,
} from './late-charge-setup.js';
export { computeLateCharges, type LateChargeLine, type LateChargeRule } from './late-charges.js';
export {
  createRecurringInvoice,
  getRecurringInvoice,
  listRecurringInvoices,
  runRecurringInvoices,
  updateRecurringInvoice,
  type RecurringRunResult,
  type RecurringTemplate,
} from './recurring.js';
export { frequencies, type Frequency } from './recurring-schedule.js';
export { reverseInvoice, type InvoiceReversal } from './reverse-invoice.js';
export { listDunningStages, runDunning, setDunningStages, type DunningLetter, type DunningRunResult } from './run-dunning.js';
export { BILLING_DEMO_ACCOUNTS, BILLING_DEMO_CONTROL_ACCOUNT, BILLING_DEMO_ITEMS, seedBillingCatalog, seedDunningStages } from './seed.js';
export { getCustomerStatement, getInvoiceDocument } from './statement.js';
export { findMailingInfo, type MailingInfo } from './mailing.js';

/**
 * Documents: PDFs for people to read and mail (dunning letters, customer statements, invoices).
 * Pure rendering from plain data the modules provide; imports only src/shared. The only door.
 */
export { renderDunningBatch, renderDunningLetter, type DunningLetterData, type DunningLetterInvoice } from './dunning-letter.js';
export { renderInvoice, type InvoiceDocumentData, type InvoiceDocumentLine } from './invoice.js';
export { documentLanguage, type DocumentLanguage } from './labels.js';
export { CITY_LETTERHEAD, type CityLetterhead, type MailingAddress, type RenderOptions } from './pdf.js';
export { extractPdfText } from './pdf-text.js';
export { renderStatement, type StatementAccount, type StatementData, type StatementItem } from './statement.js';

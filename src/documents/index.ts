/**
 * Documents: PDFs for people to read and mail (dunning letters, customer statements, invoices,
 * returned-payment notices, utility bills, collection letters and door hangers) and cashiering
 * receipts on 80 mm thermal paper.
 * Pure rendering from plain data the modules provide; imports only src/shared. The only door.
 */
export { renderDunningBatch, renderDunningLetter, type DunningLetterData, type DunningLetterInvoice } from './dunning-letter.js';
export { renderInvoice, type InvoiceDocumentData, type InvoiceDocumentLine } from './invoice.js';
export { documentLanguage, type DocumentLanguage } from './labels.js';
export { CITY_LETTERHEAD, type CityLetterhead, type MailingAddress, type RemitStub, type RenderOptions } from './pdf.js';
export { extractPdfText } from './pdf-text.js';
export {
  formatPrintedAt,
  RECEIPT_PAGE,
  renderReceiptPdf,
  type ReceiptDocument,
  type ReceiptDocumentLine,
  type ReceiptDocumentTender,
  type ReceiptTenderType,
} from './receipt.js';
export {
  renderReturnedPaymentNotice,
  type ReturnedPaymentNoticeDocument,
  type ReturnedPaymentReason,
} from './returned-payment-notice.js';
export { renderStatement, type StatementAccount, type StatementData, type StatementItem } from './statement.js';
export {
  createBillPdfPool,
  renderUtilityBillsInPool,
  type BillPdfPool,
  type BillPdfRenderOptions,
} from './bill-pdf-pool.js';
export { decodeCode128Elements, encodeCode128 } from './code128.js';
export {
  renderUtilityBill,
  renderUtilityBills,
  type UtilityBillCity,
  type UtilityBillDocument,
  type UtilityBillLine,
  type UtilityBillMeterRead,
  type UtilityBillRenderOptions,
  type UtilityBillService,
  type UtilityBillUsageMonth,
} from './utility-bill.js';
export { sampleUtilityBill } from './utility-bill-sample.js';
export {
  ADDRESS_WINDOW,
  DOOR_HANGER_PAGE,
  renderCollectionLetter,
  renderCollectionLetters,
  unprintableCharacters,
  type CollectionLetterDocument,
  type LetterBlock,
  type LetterFormat,
} from './collection-letter.js';

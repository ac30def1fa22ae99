/**
 * Who a document goes to: the customer's name, current mailing address, preferred language and
 * flags, read set-based for a whole run (billing reads the customers' tables here, read-only).
 */
import { sql } from 'kysely';
import type { Executor } from '../shared/db.js';
import type { MailingAddress } from '../documents/index.js';

export interface MailingInfo {
  customerId: number;
  customerNumber: string;
  language: string;
  address: MailingAddress;
  hasMailingAddress: boolean;
  hasCollectionsHold: boolean;
  isDeceased: boolean;
  inBankruptcy: boolean;
  hasReturnedMail: boolean;
}

interface Row {
  customerId: number;
  customerNumber: string;
  legalName: string;
  dbaName: string | null;
  language: string;
  line1: string | null;
  line2: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  hasCollectionsHold: boolean;
  isDeceased: boolean;
  inBankruptcy: boolean;
  hasReturnedMail: boolean;
}

export async function findMailingInfo(db: Executor, customerIds: readonly number[]): Promise<Map<number, MailingInfo>> {
  if (customerIds.length === 0) return new Map();
  const result = await sql<Row>`select c.id as "customerId", c.customer_number as "customerNumber", c.legal_name as "legalName",
      c.dba_name as "dbaName", c.preferred_language as language, a.line1, a.line2, a.city, a.state, a.zip,
      c.collections_hold as "hasCollectionsHold", c.is_deceased as "isDeceased", c.in_bankruptcy as "inBankruptcy",
      c.has_returned_mail as "hasReturnedMail"
    from customer c left join customer_address a on a.customer_id = c.id and a.valid_to is null
    where c.id = any(${[...new Set(customerIds)]}::bigint[])`.execute(db);
  return new Map(result.rows.map((row) => [row.customerId, toMailingInfo(row)]));
}

function toMailingInfo(row: Row): MailingInfo {
  const lines = row.line1
    ? [row.line1, ...(row.line2 ? [row.line2] : []), `${row.city ?? ''}, ${row.state ?? ''} ${row.zip ?? ''}`]
    : [];
  return {
    customerId: row.customerId,
    customerNumber: row.customerNumber,
    language: row.language,
    address: { name: row.dbaName ? `${row.legalName} dba ${row.dbaName}` : row.legalName, lines },
    hasMailingAddress: row.line1 !== null,
    hasCollectionsHold: row.hasCollectionsHold,
    isDeceased: row.isDeceased,
    inBankruptcy: row.inBankruptcy,
    hasReturnedMail: row.hasReturnedMail,
  };
}

/**
 * Customer search as the clerk types: exact matches first, then names that begin with what was
 * typed, then fuzzy matches that forgive typos. Each stage is an index lookup (migration 007 and
 * the trigram index of 006), and later stages run only while the list is not full, so a typed
 * account number never pays for the fuzzy scan.
 *
 * 1. Numbers read off a bill or a screen: account number (UB-100234, or its start "ub-100"),
 *    customer number (C-100001; a merged customer's number finds its survivor), phone digits
 *    however punctuated (seven digits match the number without its area code), email, APN with
 *    or without dashes. btree range scans.
 * 2. Legal or DBA names beginning with the query. btree (text_pattern_ops) range scan.
 * 3. Trigram word similarity of the query against customer.search_text (names, numbers, current
 *    address, contacts, APNs and situs addresses, account numbers): "Jonh Smiht" finds John Smith.
 *    GIN trigram index; ranked by similarity.
 *
 * Merged customers are never listed themselves; their numbers lead to the survivor.
 */
import { sql } from 'kysely';
import type { Db, Executor } from '../shared/db.js';
import { classifySearchQuery, type CustomerType } from './rules.js';
import type { CustomerFlags, CustomerStatus } from './store.js';

export type MatchedOn =
  | 'account_number'
  | 'customer_number'
  | 'merged_customer_number'
  | 'phone'
  | 'email'
  | 'apn'
  | 'name'
  | 'similar';

export interface CustomerSearchResult {
  customerId: number;
  customerNumber: string;
  legalName: string;
  dbaName: string | null;
  customerType: CustomerType;
  status: CustomerStatus;
  /** The current mailing address on one line, or null. */
  mailingAddress: string | null;
  accountNumbers: string[];
  flags: CustomerFlags;
  matchedOn: MatchedOn;
}

export const SEARCH_LIMIT_MAX = 20;
/** How similar (0-1) the query must be to some run of words in the search text. */
const WORD_SIMILARITY_THRESHOLD = 0.45;

interface Hit {
  customerId: number;
  matchedOn: MatchedOn;
}

export async function searchCustomers(db: Db, options: { query: string; limit?: number }): Promise<CustomerSearchResult[]> {
  const limit = Math.max(1, Math.min(options.limit ?? SEARCH_LIMIT_MAX, SEARCH_LIMIT_MAX));
  const shape = classifySearchQuery(options.query ?? '');
  if (shape.text.length === 0) return [];
  const hits = new Map<number, MatchedOn>();
  const add = (rows: readonly Hit[]) => {
    for (const row of rows) if (!hits.has(row.customerId) && hits.size < limit) hits.set(row.customerId, row.matchedOn);
  };
  add(await exactHits(db, shape, limit));
  if (hits.size < limit && shape.text.length >= 2) add(await namePrefixHits(db, shape.text, limit));
  if (hits.size < limit && shape.text.length >= 3) add(await similarHits(db, shape.text, limit, [...hits.keys()]));
  return describeHits(db, hits);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

async function exactHits(db: Executor, shape: ReturnType<typeof classifySearchQuery>, limit: number): Promise<Hit[]> {
  const parts = [];
  if (shape.numberPrefix) {
    const prefix = `${escapeLike(shape.numberPrefix)}%`;
    parts.push(sql`(select ra.customer_id as "customerId", 'account_number' as "matchedOn", 1 as rank, ra.account_number as key
      from receivable_account ra where ra.account_number like ${prefix} order by ra.account_number limit ${limit})`);
    parts.push(sql`(select c.id, case when c.status = 'merged' then 'merged_customer_number' else 'customer_number' end, 2,
        c.customer_number
      from customer c where c.customer_number like ${prefix} order by c.customer_number limit ${limit})`);
  }
  if (shape.phoneDigits?.length === 7) {
    parts.push(sql`(select k.customer_id, 'phone', 3, k.value from customer_contact k
      where k.is_active and k.kind = 'phone' and right(k.value, 7) = ${shape.phoneDigits} order by k.value limit ${limit})`);
  } else if (shape.phoneDigits) {
    parts.push(sql`(select k.customer_id, 'phone', 3, k.value from customer_contact k
      where k.is_active and k.kind = 'phone' and k.value like ${`${shape.phoneDigits}%`} order by k.value limit ${limit})`);
  }
  if (shape.emailPrefix) {
    parts.push(sql`(select k.customer_id, 'email', 3, k.value from customer_contact k
      where k.is_active and k.kind = 'email' and k.value like ${`${escapeLike(shape.emailPrefix)}%`} order by k.value limit ${limit})`);
  }
  if (shape.apn) {
    parts.push(sql`(select r.customer_id, 'apn', 4, p.apn from parcel p join customer_property r on r.parcel_id = p.id
      where p.apn = ${shape.apn} and r.end_date is null order by r.role, r.id limit ${limit})`);
  }
  if (parts.length === 0) return [];
  // Merged customers lead to their survivor (following a chain of merges).
  const result = await sql<Hit>`
    with recursive hits as (${sql.join(parts, sql` union all `)}),
    resolved as (
      select h."customerId" as origin, c.id, c.status, c.merged_into_id, 0 as depth
      from hits h join customer c on c.id = h."customerId"
      union all
      select r.origin, c.id, c.status, c.merged_into_id, r.depth + 1
      from resolved r join customer c on c.id = r.merged_into_id where r.depth < 10
    )
    select r.id as "customerId", h."matchedOn"
    from hits h join resolved r on r.origin = h."customerId" and r.status <> 'merged'
    order by h.rank, h.key limit ${limit * 2}`.execute(db);
  return result.rows;
}

async function namePrefixHits(db: Executor, text: string, limit: number): Promise<Hit[]> {
  const prefix = `${escapeLike(text)}%`;
  const result = await sql<Hit>`
    select id as "customerId", 'name' as "matchedOn" from (
      (select id, lower(legal_name) as name from customer
        where lower(legal_name) like ${prefix} and status <> 'merged' order by lower(legal_name) limit ${limit})
      union all
      (select id, lower(dba_name) from customer
        where lower(dba_name) like ${prefix} and dba_name is not null and status <> 'merged' order by lower(dba_name) limit ${limit})
    ) named order by name, id limit ${limit}`.execute(db);
  return result.rows;
}

async function similarHits(db: Db, text: string, limit: number, exclude: number[]): Promise<Hit[]> {
  // The threshold is a setting of the session: set it for this transaction only.
  return db.transaction().execute(async (tx) => {
    await sql`select set_config('pg_trgm.word_similarity_threshold', ${String(WORD_SIMILARITY_THRESHOLD)}, true)`.execute(tx);
    const result = await sql<Hit>`
      select id as "customerId", 'similar' as "matchedOn" from customer
      where ${text} <% search_text and status <> 'merged' and not (id = any(${exclude}::bigint[]))
      order by word_similarity(${text}, search_text) desc, id limit ${limit}`.execute(tx);
    return result.rows;
  });
}

async function describeHits(db: Executor, hits: ReadonlyMap<number, MatchedOn>): Promise<CustomerSearchResult[]> {
  if (hits.size === 0) return [];
  const result = await sql<Omit<CustomerSearchResult, 'matchedOn' | 'flags'> & CustomerFlags>`
    select c.id as "customerId", c.customer_number as "customerNumber", c.legal_name as "legalName",
      c.dba_name as "dbaName", c.customer_type as "customerType", c.status,
      (select a.line1 || coalesce(' ' || a.line2, '') || ', ' || a.city || ', ' || a.state || ' ' || a.zip
        from customer_address a where a.customer_id = c.id and a.valid_to is null) as "mailingAddress",
      array(select ra.account_number from receivable_account ra where ra.customer_id = c.id
        order by ra.status = 'active' desc, ra.account_number) as "accountNumbers",
      c.is_cash_only as "isCashOnly", c.has_returned_mail as "hasReturnedMail", c.is_deceased as "isDeceased",
      c.in_bankruptcy as "inBankruptcy", c.collections_hold as "hasCollectionsHold"
    from customer c where c.id = any(${[...hits.keys()]}::bigint[])`.execute(db);
  const byId = new Map(result.rows.map((row) => [row.customerId, row]));
  return [...hits].flatMap(([customerId, matchedOn]) => {
    const row = byId.get(customerId);
    if (!row) return [];
    const { isCashOnly, hasReturnedMail, isDeceased, inBankruptcy, hasCollectionsHold, ...rest } = row;
    return [{ ...rest, flags: { isCashOnly, hasReturnedMail, isDeceased, inBankruptcy, hasCollectionsHold }, matchedOn }];
  });
}

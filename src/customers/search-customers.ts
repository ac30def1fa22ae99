/**
 * Customer search as the clerk types: exact matches first, then names and addresses that begin
 * with what was typed, then words anywhere, then names that forgive typos. Each stage is an index
 * lookup that stops at the limit (migration 007), and later stages run only while the list is not
 * full, so a typed account number never pays for the fuzzy match.
 *
 * 1. Numbers read off a bill or a screen: account number (UB-100234, or its start "ub-100"),
 *    customer number (C-100001; a merged customer's number finds its survivor), phone digits
 *    however punctuated (seven digits match the number without its area code), email, APN with
 *    or without dashes. btree range scans.
 * 2. Legal or DBA names, or current street addresses, beginning with the query. btree ranges.
 * 3. Every typed word the start of some word of customer.search_text (names, numbers, current
 *    address, contacts, APNs and situs addresses, account numbers): "smith" finds John Smith,
 *    "9413 vineyard" the customer at 9413 Vineyard St. Full-text GIN index, no ranking.
 * 4. Typos in names: each typed word is swapped for the most similar words of customers' names
 *    (trigram similarity against the short table of distinct name words), then looked up as in 3:
 *    "Jonh Smiht" finds John Smith. A trigram match against the whole search_text instead costs
 *    seconds at a million rows (every row shares "davis ca", "ub-", "example.com").
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
  | 'address'
  | 'words'
  | 'similar_name';

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
/** How similar (0-1) a name word must be to a typed word to stand in for it ("jonh" ~ "john": 0.25). */
const SIMILARITY_THRESHOLD = 0.2;
const CORRECTIONS_PER_WORD = 6;
const RANKED_SAMPLE = 200;

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
  // A number read off a bill (account, phone, email, APN) that matched is the answer: the later
  // stages would only cost, since every phone shares its area code and every account its prefix
  // (50-90 ms per query at a million customers; BENCHMARKS.md section 4).
  const isNumberShaped = Boolean(shape.numberPrefix || shape.phoneDigits || shape.emailPrefix || shape.apn);
  if (isNumberShaped && hits.size > 0) return describeHits(db, hits);
  if (hits.size < limit && shape.text.length >= 2) add(await prefixHits(db, shape.text, limit));
  // A street address typed with its house number that matched current addresses is answered too:
  // its words ("way", "vista") begin words of a tenth of all customers (130 ms p95 at a million).
  const isStreetAddress = /^\d+ \p{L}/u.test(shape.text);
  if (isStreetAddress && [...hits.values()].includes('address')) return describeHits(db, hits);
  const words = significantWords(searchWords(shape.text));
  if (hits.size < limit && words.length > 0) add(await wordHits(db, words, limit, [...hits.keys()]));
  if (hits.size < limit && shape.text.length >= 3 && words.length > 0) {
    add(await similarHits(db, words, limit, [...hits.keys()], shape.text));
  }
  return describeHits(db, hits);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

async function exactHits(db: Executor, shape: ReturnType<typeof classifySearchQuery>, limit: number): Promise<Hit[]> {
  const parts = [];
  if (shape.numberPrefix) {
    const prefix = `${escapeLike(shape.numberPrefix)}%`;
    parts.push(sql`(select ra.customer_id, 'account_number', 1, ra.account_number
      from receivable_account ra where (ra.account_number collate "C") like ${prefix}
      order by (ra.account_number collate "C") limit ${limit})`);
    parts.push(sql`(select c.id, case when c.status = 'merged' then 'merged_customer_number' else 'customer_number' end, 2,
        c.customer_number
      from customer c where (c.customer_number collate "C") like ${prefix}
      order by (c.customer_number collate "C") limit ${limit})`);
  }
  // A legacy account number from the old system, as printed on old bills ("07-2231-01").
  const legacy = shape.text.trim();
  if (/\d/.test(legacy) && !/\s/.test(legacy) && legacy.length >= 3) {
    parts.push(sql`(select ra.customer_id, 'account_number', 1, ra.legacy_account_number
      from receivable_account ra where upper(ra.legacy_account_number) like ${`${escapeLike(legacy.toUpperCase())}%`}
        and ra.legacy_account_number is not null
      order by upper(ra.legacy_account_number) limit ${limit})`);
  }
  if (shape.phoneDigits?.length === 7) {
    // OFFSET 0 keeps the lookup on the last-seven-digits index: left to itself the planner guesses
    // 0.5% of contacts match and walks the whole value index in order for the LIMIT (2.4 s at a
    // million customers; BENCHMARKS.md section 4).
    parts.push(sql`(select customer_id, 'phone', 3, value from (select k.customer_id, k.value from customer_contact k
      where k.is_active and k.kind = 'phone' and right(k.value, 7) = ${shape.phoneDigits} offset 0) local_match
      order by value limit ${limit})`);
  } else if (shape.phoneDigits) {
    parts.push(sql`(select k.customer_id, 'phone', 3, k.value from customer_contact k
      where k.is_active and k.kind = 'phone' and (k.value collate "C") like ${`${shape.phoneDigits}%`}
      order by (k.value collate "C") limit ${limit})`);
  }
  if (shape.emailPrefix) {
    parts.push(sql`(select k.customer_id, 'email', 3, k.value from customer_contact k
      where k.is_active and k.kind = 'email' and (k.value collate "C") like ${`${escapeLike(shape.emailPrefix)}%`}
      order by (k.value collate "C") limit ${limit})`);
  }
  if (shape.apn) {
    parts.push(sql`(select r.customer_id, 'apn', 4, p.apn from parcel p join customer_property r on r.parcel_id = p.id
      where (p.apn collate "C") = ${shape.apn} and r.end_date is null order by r.role, r.id limit ${limit})`);
  }
  if (parts.length === 0) return [];
  // Merged customers lead to their survivor (following a chain of merges).
  const result = await sql<Hit>`
    with recursive hits (customer_id, matched_on, rank, key) as (${sql.join(parts, sql` union all `)}),
    resolved as (
      select h.customer_id as origin, c.id, c.status, c.merged_into_id, 0 as depth
      from hits h join customer c on c.id = h.customer_id
      union all
      select r.origin, c.id, c.status, c.merged_into_id, r.depth + 1
      from resolved r join customer c on c.id = r.merged_into_id where r.depth < 10
    )
    select r.id as "customerId", h.matched_on as "matchedOn"
    from hits h join resolved r on r.origin = h.customer_id and r.status <> 'merged'
    order by h.rank, h.key limit ${limit * 2}`.execute(db);
  return result.rows;
}

async function prefixHits(db: Executor, text: string, limit: number): Promise<Hit[]> {
  const prefix = `${escapeLike(text)}%`;
  const result = await sql<Hit>`
    select id as "customerId", "matchedOn" from (
      (select id, lower(legal_name) collate "C" as key, 'name' as "matchedOn" from customer
        where (lower(legal_name) collate "C") like ${prefix} and status <> 'merged'
        order by (lower(legal_name) collate "C") limit ${limit})
      union all
      (select id, lower(dba_name) collate "C", 'name' from customer
        where (lower(dba_name) collate "C") like ${prefix} and dba_name is not null and status <> 'merged'
        order by (lower(dba_name) collate "C") limit ${limit})
      union all
      (select a.customer_id, lower(a.line1) collate "C", 'address' from customer_address a
        where (lower(a.line1) collate "C") like ${prefix} and a.valid_to is null
        order by (lower(a.line1) collate "C") limit ${limit})
    ) named order by "matchedOn" desc, key, id limit ${limit}`.execute(db);
  return result.rows;
}

/** The words of a query as full-text prefixes ('jennifer:* & mart:*'): letters and digits only. */
export function searchWords(text: string): string[] {
  return text.split(/[^\p{L}\p{N}]+/u).filter((word) => word.length > 0).slice(0, 8);
}

/**
 * Words of one or two letters ("st", "ca", "ub") begin a word of nearly every customer's search
 * text; as prefixes they only make the full-text index intersect huge lists. They are left out
 * when a longer word is there to search by.
 */
function significantWords(words: string[]): string[] {
  const longer = words.filter((word) => word.length >= 3);
  return longer.length > 0 ? longer : words;
}

async function wordHits(db: Executor, words: string[], limit: number, exclude: number[]): Promise<Hit[]> {
  const query = words.map((word) => `${word}:*`).join(' & ');
  const result = await sql<Hit>`
    select id as "customerId", 'words' as "matchedOn" from customer
    where to_tsvector('simple', search_text) @@ to_tsquery('simple', ${query}) and status <> 'merged'
      and not (id = any(${exclude}::bigint[]))
    limit ${limit}`.execute(db);
  return result.rows;
}

/**
 * Typos: each typed word is replaced by the name words most like it (trigram similarity against
 * the short list of distinct name words), and the corrected words are looked up like stage 3.
 */
async function similarHits(db: Db, words: string[], limit: number, exclude: number[], typed: string): Promise<Hit[]> {
  return db.transaction().execute(async (tx) => {
    // The threshold is a setting of the session: set it for this transaction only.
    await sql`select set_config('pg_trgm.similarity_threshold', ${String(SIMILARITY_THRESHOLD)}, true)`.execute(tx);
    const fixes = await sql<{ ord: number; word: string }>`
      select t.ord::int as ord, f.word from unnest(${words}::text[]) with ordinality as t(typed, ord)
      cross join lateral (select word from customer_name_word where word % t.typed
        order by similarity(word, t.typed) desc, word limit ${CORRECTIONS_PER_WORD}) f`.execute(tx);
    // Short words and numbers are not corrected (too little to go on): they stay prefixes.
    const alternatives = words.map((word, index) => [
      `${word}:*`,
      ...(word.length < 3 || /^\d+$/.test(word) ? [] : fixes.rows.filter((row) => row.ord === index + 1).map((row) => row.word)),
    ]);
    const query = alternatives.map((list) => `(${list.join(' | ')})`).join(' & ');
    // Rank a bounded sample by how like the typed text the whole name is (cheap: a few hundred rows).
    const result = await sql<Hit>`
      select id as "customerId", 'similar_name' as "matchedOn" from (
        select id, lower(legal_name || ' ' || coalesce(dba_name, '')) as names from customer
        where to_tsvector('simple', search_text) @@ to_tsquery('simple', ${query}) and status <> 'merged'
          and not (id = any(${exclude}::bigint[]))
        limit ${RANKED_SAMPLE}
      ) sample
      -- Ranked by everything typed, short words and numbers too ("garcia family 7" before "... 0").
      order by similarity(${typed.toLowerCase()}, names) desc, word_similarity(${words.join(' ')}, names) desc, id
      limit ${limit}`.execute(tx);
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

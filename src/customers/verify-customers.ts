/**
 * Customer invariants for `civic verify`: what the schema cannot fully enforce about merges and
 * addresses, checked set-based over the whole tables.
 */
import { sql } from 'kysely';
import { rowsCheck, type InvariantCheck } from '../ledger/index.js';
import type { Executor } from '../shared/db.js';

const LIMIT = 20;

export const customerChecks: InvariantCheck[] = [
  rowsCheck(
    'one_current_address',
    'Every customer has at most one current mailing address, and no address ends before it begins',
    async (db) => (await sql<{ customerId: number; currentCount: number }>`
      select customer_id as "customerId", count(*) filter (where valid_to is null)::bigint as "currentCount"
      from customer_address group by customer_id
      having count(*) filter (where valid_to is null) > 1 or bool_or(valid_to < valid_from)
      order by customer_id limit ${LIMIT}`.execute(db)).rows,
    (row) => `customer ${row.customerId} has ${row.currentCount} current mailing addresses (or one that ends before it begins)`,
  ),
  rowsCheck(
    'merged_customers_own_nothing',
    'A merged customer owns no receivable accounts, active contacts, current addresses or property roles',
    async (db) => (await sql<{ customerId: number; customerNumber: string; what: string }>`
      select c.id as "customerId", c.customer_number as "customerNumber", w.what
      from customer c
      cross join lateral (
        select 'receivable accounts' as what where exists (select 1 from receivable_account where customer_id = c.id)
        union all select 'contacts' where exists (select 1 from customer_contact where customer_id = c.id)
        union all select 'addresses' where exists (select 1 from customer_address where customer_id = c.id)
        union all select 'property roles' where exists (select 1 from customer_property where customer_id = c.id)
        union all select 'interactions' where exists (select 1 from interaction where customer_id = c.id)
      ) w
      where c.status = 'merged' order by c.id limit ${LIMIT}`.execute(db)).rows,
    (row) => `customer ${row.customerNumber} was merged but still has ${row.what}`,
  ),
  rowsCheck(
    'merge_records_match_customers',
    'Every merged customer has one merge record naming its survivor, and every merge record a merged customer',
    async (db) => (await sql<{ customerId: number; problem: string }>`
      select c.id as "customerId", 'is merged into ' || c.merged_into_id || ' but its merge record says '
        || coalesce(m.survivor_id::text, 'nothing') as problem
      from customer c left join customer_merge m on m.merged_id = c.id
      where c.status = 'merged' and m.survivor_id is distinct from c.merged_into_id
      union all
      select m.merged_id, 'has a merge record but its status is ' || c.status
      from customer_merge m join customer c on c.id = m.merged_id
      where c.status <> 'merged'
      order by 1 limit ${LIMIT}`.execute(db)).rows,
    (row) => `customer ${row.customerId} ${row.problem}`,
  ),
  rowsCheck(
    'search_text_lower_case',
    'Search text is kept lower-case (the search lower-cases what is typed)',
    async (db) => (await sql<{ customerId: number }>`
      select id as "customerId" from customer where search_text <> lower(search_text) order by id limit ${LIMIT}`.execute(db)).rows,
    (row) => `customer ${row.customerId} has search text that is not lower-case`,
  ),
];

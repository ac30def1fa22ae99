/**
 * Possible duplicates of a customer, for a clerk to review before asking for a merge: the same
 * TIN type and last four digits, the same active phone or email, the same name, or a similar name
 * at a similar current address in the same ZIP. Merged customers are never candidates.
 * Errors: not_found.
 */
import { sql } from 'kysely';
import type { Executor } from '../shared/db.js';
import { findCustomer } from './store.js';

export type DuplicateReason = 'same_tin_last4' | 'same_phone' | 'same_email' | 'same_name' | 'similar_name_same_address';

export interface DuplicateCandidate {
  customerId: number;
  customerNumber: string;
  legalName: string;
  dbaName: string | null;
  mailingAddress: string | null;
  reasons: DuplicateReason[];
}

export async function findDuplicateCandidates(db: Executor, customerId: number): Promise<DuplicateCandidate[]> {
  const me = await findCustomer(db, customerId);
  const result = await sql<DuplicateCandidate>`
    with candidates as (
      select c.id, 'same_tin_last4' as reason from customer c
      where ${me.tinType}::text is not null and c.tin_type = ${me.tinType} and c.tin_last4 = ${me.tinLast4}
      union all
      select o.customer_id, 'same_' || o.kind from customer_contact m
      join customer_contact o on o.value = m.value and o.kind = m.kind and o.is_active
      where m.customer_id = ${me.id} and m.is_active
      union all
      select c.id, 'same_name' from customer c where lower(c.legal_name) = lower(${me.legalName})
      union all
      select oa.customer_id, 'similar_name_same_address' from customer_address ma
      join customer_address oa on oa.zip = ma.zip and oa.valid_to is null
      join customer c on c.id = oa.customer_id
      where ma.customer_id = ${me.id} and ma.valid_to is null
        and similarity(lower(oa.line1), lower(ma.line1)) >= 0.6
        and similarity(lower(c.legal_name), lower(${me.legalName})) >= 0.4
    )
    select c.id as "customerId", c.customer_number as "customerNumber", c.legal_name as "legalName",
      c.dba_name as "dbaName",
      (select a.line1 || coalesce(' ' || a.line2, '') || ', ' || a.city || ', ' || a.state || ' ' || a.zip
        from customer_address a where a.customer_id = c.id and a.valid_to is null) as "mailingAddress",
      array_agg(distinct k.reason order by k.reason) as reasons
    from candidates k join customer c on c.id = k.id
    where c.id <> ${me.id} and c.status <> 'merged'
    group by c.id
    order by count(distinct k.reason) desc, c.customer_number
    limit 20`.execute(db);
  return result.rows;
}

/**
 * customer.search_text: the lower-case text of everything a clerk finds a customer by, indexed by
 * trigrams (006) for the fuzzy search. Kept current by the code that changes any part of it: every
 * customers use case that changes a name, an address, a contact or a property role calls
 * `refreshCustomerSearch`, and so does receivables after it opens or moves an account.
 */
import { sql } from 'kysely';
import type { Executor } from '../shared/db.js';

/**
 * Rebuilds search_text of the given customers in one statement, inside the caller's transaction:
 * customer number, legal and DBA names, the current mailing address, active phones (digits) and
 * emails, APNs and situs addresses of current property roles (and their service locations), the
 * receivable account numbers (and the legacy numbers a conversion kept), and the numbers of
 * customers merged into this one (so an old number still finds the survivor).
 */
export async function refreshCustomerSearch(tx: Executor, customerIds: number[]): Promise<void> {
  const ids = [...new Set(customerIds)];
  if (ids.length === 0) return;
  await sql`
    update customer c set search_text = t.search_text
    from (
      select c2.id, lower(concat_ws(' ',
        c2.customer_number, c2.legal_name, c2.dba_name,
        (select concat_ws(' ', a.line1, a.line2, a.city, a.state, a.zip) from customer_address a
          where a.customer_id = c2.id and a.valid_to is null),
        (select string_agg(k.value, ' ' order by k.id) from customer_contact k
          where k.customer_id = c2.id and k.is_active),
        (select string_agg(concat_ws(' ', p.apn, p.situs_line1, p.situs_city, s.address_line1, s.unit), ' ' order by r.id)
          from customer_property r join parcel p on p.id = r.parcel_id
          left join service_location s on s.id = r.service_location_id
          where r.customer_id = c2.id and r.end_date is null),
        (select string_agg(concat_ws(' ', ra.account_number, ra.legacy_account_number), ' ' order by ra.id)
          from receivable_account ra where ra.customer_id = c2.id),
        (select string_agg(m.customer_number, ' ' order by m.id) from customer m where m.merged_into_id = c2.id)
      )) as search_text
      from customer c2 where c2.id = any(${ids}::bigint[])
    ) t
    where c.id = t.id and c.search_text is distinct from t.search_text`.execute(tx);
  await sql`
    insert into customer_name_word (word)
    select distinct w from customer c,
      regexp_split_to_table(lower(c.legal_name || ' ' || coalesce(c.dba_name, '')), '[^[:alnum:]]+') as w
    where c.id = any(${ids}::bigint[]) and length(w) between 2 and 40
    order by w
    on conflict (word) do nothing`.execute(tx);
}

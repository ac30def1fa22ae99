/** Penalties' invariants, checked by `civic verify` with the other modules'. */
import { sql } from 'kysely';
import { rowsCheck, type InvariantCheck } from '../ledger/index.js';

const LIMIT = 20;

export const penaltyChecks: InvariantCheck[] = [
  rowsCheck(
    'penalty_assessments_match_items',
    "Each posted penalty's receivable item exists on the bill's account, is a penalty charge of the assessed amount in the assessment's entry; nothing else charges",
    async (db) => (await sql<{ billNumber: string; problem: string }>`
      select b.bill_number as "billNumber",
        case when i.id is null then 'its receivable item is missing'
          when i.receivable_account_id <> a.utility_account_id then 'its item is on another account'
          when i.charge_class is distinct from 'penalty' or i.item_type <> 'charge' then 'its item is not a penalty charge'
          when i.amount_cents <> a.amount_cents then 'its item is ' || i.amount_cents || ' cents, the assessment ' || a.amount_cents
          else 'its item is in another journal entry' end as problem
      from penalty_assessment a join bill b on b.id = a.bill_id
      left join receivable_item i on i.id = a.receivable_item_id
      where a.outcome = 'posted' and (i.id is null or i.receivable_account_id <> a.utility_account_id or i.charge_class is distinct from 'penalty'
        or i.item_type <> 'charge' or i.amount_cents <> a.amount_cents or i.journal_entry_id is distinct from a.journal_entry_id)
      order by a.id limit ${LIMIT}`.execute(db)).rows,
    (row) => `bill ${row.billNumber}: ${row.problem}`,
  ),
  rowsCheck(
    'penalty_assessment_per_bill',
    'A bill has at most one penalty assessment, on the bill\'s own account, and only final or later cancelled bills are assessed',
    async (db) => (await sql<{ billNumber: string; count: number; status: string }>`
      select b.bill_number as "billNumber", count(*)::int as count, b.status
      from penalty_assessment a join bill b on b.id = a.bill_id
      group by b.id, b.bill_number, b.status, b.utility_account_id
      having count(*) > 1 or bool_or(a.utility_account_id <> b.utility_account_id) or b.status not in ('final', 'cancelled')
      order by b.id limit ${LIMIT}`.execute(db)).rows,
    (row) => `bill ${row.billNumber} (${row.status}): ${row.count} assessments where at most one on its account was expected`,
  ),
  rowsCheck(
    'low_income_waivers_once_in_12_months',
    'SB 998: a penalty of an account is waived for low income at most once in 12 months',
    async (db) => (await sql<{ accountId: number; first: string; second: string }>`
      select a.utility_account_id as "accountId", a.assessed_on::text as first, b.assessed_on::text as second
      from penalty_assessment a join penalty_assessment b on b.utility_account_id = a.utility_account_id and b.id > a.id
        and b.outcome = 'waived' and b.assessed_on > (a.assessed_on - interval '12 months')::date
        and b.assessed_on < (a.assessed_on + interval '12 months')::date
      where a.outcome = 'waived' order by a.id limit ${LIMIT}`.execute(db)).rows,
    (row) => `utility account ${row.accountId}: penalties waived on ${row.first} and ${row.second}, less than 12 months apart`,
  ),
];

/** Collections' invariants, checked by `civic verify` with the other modules'. */
import { sql } from 'kysely';
import { rowsCheck, type InvariantCheck } from '../ledger/index.js';
import { penaltyChecks } from './penalty-verify.js';

const LIMIT = 20;

export const collectionChecks: InvariantCheck[] = [
  ...penaltyChecks,
  rowsCheck(
    'shutoffs_went_through_the_field',
    'A shutoff released, completed or reconnected has its service order of type shutoff (completed once disconnected) on the same account; a reconnection has its reconnect order',
    async (db) => (await sql<{ id: number; problem: string }>`
      select so.id, case when o.id is null then 'it has no service order'
          when o.order_type <> 'shutoff' or o.utility_account_id is distinct from so.utility_account_id then 'its service order is not a shutoff of this account'
          when so.status in ('completed', 'reconnected') and o.status <> 'completed' then 'it is disconnected but its service order is ' || o.status
          else 'it is reconnected without a reconnect order' end as problem
      from shutoff_order so left join service_order o on o.id = so.service_order_id
      left join service_order r on r.id = so.reconnect_order_id
      where so.status in ('released', 'completed', 'reconnected')
        and (o.id is null or o.order_type <> 'shutoff' or o.utility_account_id is distinct from so.utility_account_id
          or (so.status in ('completed', 'reconnected') and o.status <> 'completed')
          or (so.status = 'reconnected' and (r.id is null or r.order_type <> 'reconnect')))
      order by so.id limit ${LIMIT}`.execute(db)).rows,
    (row) => `shutoff order ${row.id}: ${row.problem}`,
  ),
  rowsCheck(
    'cases_follow_their_chain',
    'An open case\'s step is one of its class\'s steps, and every step done is on its timeline',
    async (db) => (await sql<{ id: number; accountNumber: string; stepOrder: number }>`
      select cc.id, ra.account_number as "accountNumber", cc.step_order as "stepOrder"
      from collection_case cc join utility_account ua on ua.id = cc.utility_account_id join receivable_account ra on ra.id = ua.id
      where cc.step_order > 0 and (not exists (select 1 from collection_step s where s.class_code = ua.class_code and s.step_order = cc.step_order)
        or not exists (select 1 from collection_event e where e.case_id = cc.id and e.event_type = 'step_done' and e.step_order = cc.step_order))
      order by cc.id limit ${LIMIT}`.execute(db)).rows,
    (row) => `case ${row.id} of ${row.accountNumber}: step ${row.stepOrder} is not its class's or not on its timeline`,
  ),
];

/**
 * Merging duplicate customers, maker-checker: a clerk asks (`requestCustomerMerge`, kind
 * `customers.merge`), someone else holding receivables.approve approves, and the approval carries
 * the merge out in its own transaction (`customerMergeHandler`). The merged customer's contacts,
 * addresses (as history, unless the survivor has none), property roles, interactions and
 * receivable accounts move to the survivor; flags that protect the city (cash only, bankruptcy,
 * collections hold, deceased) carry over, and so does a TIN the survivor lacks. The merged row
 * stays, marked merged and pointing at the survivor; a customer_merge row lists what moved.
 * Receivable items reference accounts, not customers, so money history moves with its account.
 * Errors: invalid_input (field named: survivorId, mergedId, reason), not_found, conflict (merged
 * already, or a merge of it is already waiting), forbidden (approving one's own request).
 */
import { sql, type RawBuilder } from 'kysely';
import {
  requestApproval,
  type ApprovalHandler,
  type ApprovalHandlers,
  type ApprovalRequest,
} from '../approvals/index.js';
import type { Principal } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import type { Database, Executor, Tx } from '../shared/db.js';
import { AppError, invalidInput } from '../shared/errors.js';
import { normalizeName, ProblemList, requirePositiveId } from './rules.js';
import { refreshCustomerSearch } from './search-text.js';
import { findCustomer, type CustomerRow } from './store.js';

export const CUSTOMER_MERGE_KIND = 'customers.merge';

export interface CustomerMergePayload {
  survivorId: number;
  mergedId: number;
  reason: string;
}

export function parseMergePayload(payload: unknown): CustomerMergePayload {
  const value = (payload ?? {}) as Record<string, unknown>;
  const problems = new ProblemList();
  const survivorId = problems.check(() => requirePositiveId(value.survivorId, 'survivorId'));
  const mergedId = problems.check(() => requirePositiveId(value.mergedId, 'mergedId'));
  const reason = problems.check(() => normalizeName(value.reason, 'reason'));
  if (survivorId !== undefined && survivorId === mergedId) problems.add('mergedId', 'a customer cannot be merged into itself');
  problems.throwIfAny();
  return { survivorId: survivorId as number, mergedId: mergedId as number, reason: reason as string };
}

function assertMergeable(survivor: CustomerRow, merged: CustomerRow): void {
  if (merged.status === 'merged') {
    throw new AppError('conflict', `Customer ${merged.customerNumber} was already merged into customer id ${merged.mergedIntoId}`, {
      field: 'mergedId',
    });
  }
  if (survivor.status === 'merged') {
    throw new AppError('conflict', `Customer ${survivor.customerNumber} was itself merged into customer id ${survivor.mergedIntoId}; merge into that one`, {
      field: 'survivorId',
    });
  }
}

async function checkMerge(db: Executor, request: CustomerMergePayload): Promise<{ survivor: CustomerRow; merged: CustomerRow }> {
  const survivor = await findCustomer(db, request.survivorId).catch(() => {
    throw invalidInput('survivorId', `customer ${request.survivorId} does not exist`);
  });
  const merged = await findCustomer(db, request.mergedId).catch(() => {
    throw invalidInput('mergedId', `customer ${request.mergedId} does not exist`);
  });
  assertMergeable(survivor, merged);
  return { survivor, merged };
}

/** Files a merge for someone else to approve (the requester needs customers.edit). */
export async function requestCustomerMerge(
  database: Database,
  options: { input: CustomerMergePayload; principal: Principal; handlers: ApprovalHandlers },
): Promise<ApprovalRequest> {
  const payload = parseMergePayload(options.input);
  const waiting = await sql<{ id: number }>`select id from approval_request
    where kind = ${CUSTOMER_MERGE_KIND} and status = 'pending'
      and ((payload->>'mergedId')::bigint in (${payload.mergedId}, ${payload.survivorId})
        or (payload->>'survivorId')::bigint = ${payload.mergedId})`.execute(database.kysely);
  if (waiting.rows[0]) {
    throw new AppError('conflict', `A merge involving this customer is already waiting for approval (request ${waiting.rows[0].id})`, {
      field: 'mergedId',
      requestId: waiting.rows[0].id,
    });
  }
  return requestApproval(database, {
    kind: CUSTOMER_MERGE_KIND,
    payload,
    principal: options.principal,
    handlers: options.handlers,
    requestPermission: 'customers.edit',
  });
}

export function customerMergeHandler(): ApprovalHandler {
  return {
    kind: CUSTOMER_MERGE_KIND,
    requiredPermission: 'receivables.approve',
    async validate(payload, database) {
      const request = parseMergePayload(payload);
      const { survivor, merged } = await checkMerge(database.kysely, request);
      return {
        summary: `Merge customer ${merged.customerNumber} ${merged.legalName} into ${survivor.customerNumber} ${survivor.legalName}: ${request.reason}`,
        amountCents: null,
      };
    },
    async execute(payload, execution) {
      const request = parseMergePayload(payload);
      return mergeCustomers(execution.tx, {
        request,
        approver: execution.approver,
        requestedBy: execution.requestedBy.username,
        requestId: execution.requestId,
      });
    },
  };
}

interface MergeOptions {
  request: CustomerMergePayload;
  approver: Principal;
  requestedBy: string;
  requestId: number | null;
}

/** The merge itself, in the approval's transaction. */
async function mergeCustomers(tx: Tx, options: MergeOptions): Promise<Record<string, unknown>> {
  const { survivorId, mergedId } = options.request;
  // Lock both rows in id order, so two merges touching the same customers cannot deadlock.
  await sql`select id from customer where id in (${survivorId}, ${mergedId}) order by id for update`.execute(tx);
  const { survivor, merged } = await checkMerge(tx, options.request);
  const ids = async (query: RawBuilder<{ id: number }>) => (await query.execute(tx)).rows.map((row) => row.id);
  const contacts = await ids(sql<{ id: number }>`update customer_contact set customer_id = ${survivorId}
    where customer_id = ${mergedId} returning id`);
  // A phone or email the survivor already has stays on file, inactive.
  const duplicateContacts = await ids(sql<{ id: number }>`update customer_contact m set is_active = false
    where m.id = any(${contacts}::bigint[]) and m.is_active and exists (select 1 from customer_contact s
      where s.customer_id = ${survivorId} and s.is_active and s.kind = m.kind and s.value = m.value
        and not (s.id = any(${contacts}::bigint[])))
    returning m.id`);
  const survivorHasAddress = (await sql`select 1 from customer_address where customer_id = ${survivorId} and valid_to is null`.execute(tx)).rows.length > 0;
  if (survivorHasAddress) {
    await sql`update customer_address set valid_to = greatest(valid_from, current_date)
      where customer_id = ${mergedId} and valid_to is null`.execute(tx);
  }
  const addresses = await ids(sql<{ id: number }>`update customer_address set customer_id = ${survivorId}
    where customer_id = ${mergedId} returning id`);
  const properties = await ids(sql<{ id: number }>`update customer_property set customer_id = ${survivorId}
    where customer_id = ${mergedId} returning id`);
  const interactions = await ids(sql<{ id: number }>`update interaction set customer_id = ${survivorId}
    where customer_id = ${mergedId} returning id`);
  const accounts = await ids(sql<{ id: number }>`update receivable_account set customer_id = ${survivorId}
    where customer_id = ${mergedId} returning id`);
  const isTinCopied = survivor.tinType === null && merged.tinType !== null;
  await sql`update customer s set
      is_cash_only = s.is_cash_only or m.is_cash_only, in_bankruptcy = s.in_bankruptcy or m.in_bankruptcy,
      collections_hold = s.collections_hold or m.collections_hold, is_deceased = s.is_deceased or m.is_deceased,
      tin_type = case when ${isTinCopied} then m.tin_type else s.tin_type end,
      tin_ciphertext = case when ${isTinCopied} then m.tin_ciphertext else s.tin_ciphertext end,
      tin_last4 = case when ${isTinCopied} then m.tin_last4 else s.tin_last4 end,
      updated_at = now()
    from customer m where s.id = ${survivorId} and m.id = ${mergedId}`.execute(tx);
  await sql`update customer set status = 'merged', merged_into_id = ${survivorId}, updated_at = now()
    where id = ${mergedId}`.execute(tx);
  const moved = { contacts, deactivatedDuplicateContacts: duplicateContacts, addresses, properties, interactions,
    receivableAccounts: accounts, taxIdCopied: isTinCopied, reason: options.request.reason };
  const inserted = await sql<{ id: number }>`insert into customer_merge
      (survivor_id, merged_id, approval_request_id, requested_by, approved_by, moved)
    values (${survivorId}, ${mergedId}, ${options.requestId}, ${options.requestedBy}, ${options.approver.username},
      ${JSON.stringify(moved)}::jsonb)
    returning id`.execute(tx);
  await refreshCustomerSearch(tx, [survivorId, mergedId]);
  const mergeId = inserted.rows[0]?.id as number;
  await recordAudit(tx, {
    actor: options.approver,
    action: 'customers.merge',
    entityType: 'customer',
    entityId: survivorId,
    before: { survivor: survivor.customerNumber, merged: merged.customerNumber, mergedStatus: merged.status },
    after: { customerMergeId: mergeId, mergedStatus: 'merged', mergedIntoId: survivorId, ...moved },
    details: { approvalRequestId: options.requestId, requestedBy: options.requestedBy },
  });
  return { customerMergeId: mergeId, survivorId, mergedId, survivorNumber: survivor.customerNumber, mergedNumber: merged.customerNumber };
}

/**
 * Maker-checker: one person requests, another holding the approving permission approves or
 * rejects with a comment. Nobody approves their own request (refused here and by a database
 * check). Approval carries the request out in the same transaction, so an approved request has
 * always done its work, and a request whose work fails stays pending with the error shown.
 * Errors: invalid_input, not_found, forbidden, conflict, and whatever the handler's work returns.
 */
import { sql } from 'kysely';
import { hasPermission, type Principal } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import { inTransaction, type Database, type Executor } from '../shared/db.js';
import { AppError, invalidInput, isAppError, notFound } from '../shared/errors.js';
import type { ApprovalHandler, ApprovalHandlers } from './handlers.js';

export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'cancelled';

export interface ApprovalRequest {
  id: number;
  kind: string;
  status: ApprovalStatus;
  summary: string;
  payload: unknown;
  amountCents: number | null;
  requiredPermission: string;
  requestedByUserId: number | null;
  requestedBy: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionComment: string | null;
  result: Record<string, unknown> | null;
  lastError: string | null;
}

interface RequestRow extends Omit<ApprovalRequest, 'requestedAt' | 'decidedAt'> {
  requestedAt: Date;
  decidedAt: Date | null;
}

const columns = sql`id, kind, status, summary, payload, amount_cents as "amountCents",
  required_permission as "requiredPermission", requested_by_user_id as "requestedByUserId",
  requested_by as "requestedBy", requested_at as "requestedAt", decided_by as "decidedBy",
  decided_at as "decidedAt", decision_comment as "decisionComment", result, last_error as "lastError"`;

function toRequest(row: RequestRow): ApprovalRequest {
  return { ...row, requestedAt: row.requestedAt.toISOString(), decidedAt: row.decidedAt?.toISOString() ?? null };
}

function handlerFor(handlers: ApprovalHandlers, kind: string): ApprovalHandler {
  const handler = handlers.get(kind);
  if (!handler) throw invalidInput('kind', `"${kind}" is not a kind of request`);
  return handler;
}

export async function getApprovalRequest(db: Executor, id: number, forUpdate = false): Promise<ApprovalRequest> {
  const lock = forUpdate ? sql`for update` : sql``;
  const result = await sql<RequestRow>`select ${columns} from approval_request where id = ${id} ${lock}`.execute(db);
  const row = result.rows[0];
  if (!row) throw notFound('approval request', id);
  return toRequest(row);
}

/** Files a request after checking its payload with the handler's own rules. */
export async function requestApproval(
  database: Database,
  options: { kind: string; payload: unknown; principal: Principal; handlers: ApprovalHandlers; requestPermission: string },
): Promise<ApprovalRequest> {
  if (!hasPermission(options.principal, options.requestPermission)) {
    throw new AppError('forbidden', `This needs the permission ${options.requestPermission}`, { permission: options.requestPermission });
  }
  const handler = handlerFor(options.handlers, options.kind);
  const { summary, amountCents } = await handler.validate(options.payload, database);
  return inTransaction(database, async (tx) => {
    const inserted = await sql<{ id: number }>`insert into approval_request
        (kind, summary, payload, amount_cents, required_permission, requested_by_user_id, requested_by)
      values (${options.kind}, ${summary}, ${JSON.stringify(options.payload)}::jsonb, ${amountCents},
        ${handler.requiredPermission}, ${options.principal.userId}, ${options.principal.username})
      returning id`.execute(tx);
    const request = await getApprovalRequest(tx, inserted.rows[0]?.id as number);
    await recordAudit(tx, { actor: options.principal, action: 'approvals.request', entityType: 'approval_request', entityId: request.id,
      after: { kind: request.kind, summary: request.summary, amountCents: request.amountCents } });
    return request;
  });
}

function isOwnRequest(request: ApprovalRequest, principal: Principal): boolean {
  if (request.requestedByUserId !== null && principal.userId !== null) return request.requestedByUserId === principal.userId;
  return request.requestedBy === principal.username;
}

export async function approveRequest(
  database: Database,
  options: { requestId: number; principal: Principal; comment?: string | null; handlers: ApprovalHandlers },
): Promise<ApprovalRequest> {
  const { principal } = options;
  try {
    return await inTransaction(database, async (tx) => {
      const request = await getApprovalRequest(tx, options.requestId, true);
      const handler = handlerFor(options.handlers, request.kind);
      checkDecidable(request, principal);
      const result = await handler.execute(request.payload, {
        approver: principal,
        requestedBy: { userId: request.requestedByUserId, username: request.requestedBy },
        requestId: request.id,
        tx,
        database,
      });
      await sql`update approval_request set status = 'approved', decided_by_user_id = ${principal.userId},
          decided_by = ${principal.username}, decided_at = now(), decision_comment = ${options.comment?.trim() || null},
          result = ${JSON.stringify(result)}::jsonb, last_error = null
        where id = ${request.id}`.execute(tx);
      await recordAudit(tx, { actor: principal, action: 'approvals.approve', entityType: 'approval_request', entityId: request.id,
        before: { status: 'pending' }, after: { status: 'approved', result }, details: { kind: request.kind, comment: options.comment ?? null } });
      return getApprovalRequest(tx, request.id);
    });
  } catch (error) {
    // The work failed (say, its period closed meanwhile): the request stays pending, with why.
    if (isAppError(error) && !['forbidden', 'not_found', 'conflict'].includes(error.code)) {
      await sql`update approval_request set last_error = ${error.message} where id = ${options.requestId}
        and status = 'pending'`.execute(database.kysely);
    }
    throw error;
  }
}

function checkDecidable(request: ApprovalRequest, principal: Principal): void {
  if (request.status !== 'pending') {
    throw new AppError('conflict', `Request ${request.id} is already ${request.status}`, { status: request.status });
  }
  if (isOwnRequest(request, principal)) {
    throw new AppError('forbidden', 'Nobody approves or rejects their own request; another person must decide it', {
      reason: 'own_request',
    });
  }
  if (!hasPermission(principal, request.requiredPermission)) {
    throw new AppError('forbidden', `Deciding this request needs the permission ${request.requiredPermission}`, {
      permission: request.requiredPermission,
    });
  }
}

export async function rejectRequest(
  database: Database,
  options: { requestId: number; principal: Principal; comment: string; handlers: ApprovalHandlers },
): Promise<ApprovalRequest> {
  const comment = options.comment?.trim();
  if (!comment) throw invalidInput('comment', 'say why the request is rejected');
  return inTransaction(database, async (tx) => {
    const request = await getApprovalRequest(tx, options.requestId, true);
    checkDecidable(request, options.principal);
    await sql`update approval_request set status = 'rejected', decided_by_user_id = ${options.principal.userId},
        decided_by = ${options.principal.username}, decided_at = now(), decision_comment = ${comment}
      where id = ${request.id}`.execute(tx);
    await recordAudit(tx, { actor: options.principal, action: 'approvals.reject', entityType: 'approval_request', entityId: request.id,
      before: { status: 'pending' }, after: { status: 'rejected' }, details: { kind: request.kind, comment } });
    return getApprovalRequest(tx, request.id);
  });
}

/** The requester withdraws a pending request. */
export async function cancelRequest(
  database: Database,
  options: { requestId: number; principal: Principal; comment?: string | null },
): Promise<ApprovalRequest> {
  return inTransaction(database, async (tx) => {
    const request = await getApprovalRequest(tx, options.requestId, true);
    if (request.status !== 'pending') throw new AppError('conflict', `Request ${request.id} is already ${request.status}`, {});
    if (!isOwnRequest(request, options.principal)) {
      throw new AppError('forbidden', 'Only the person who made a request can withdraw it', { reason: 'not_own_request' });
    }
    await sql`update approval_request set status = 'cancelled', decided_by_user_id = ${options.principal.userId},
        decided_by = ${options.principal.username}, decided_at = now(), decision_comment = ${options.comment?.trim() || null}
      where id = ${request.id}`.execute(tx);
    await recordAudit(tx, { actor: options.principal, action: 'approvals.cancel', entityType: 'approval_request', entityId: request.id,
      before: { status: 'pending' }, after: { status: 'cancelled' } });
    return getApprovalRequest(tx, request.id);
  });
}

export interface ListRequestsOptions {
  principal: Principal;
  /** to_decide: pending requests by others that this person may decide; mine: their own; all. */
  view: 'to_decide' | 'mine' | 'all';
  status?: ApprovalStatus | null;
  limit?: number;
  beforeId?: number | null;
}

export async function listApprovalRequests(db: Executor, options: ListRequestsOptions): Promise<ApprovalRequest[]> {
  const { principal } = options;
  const permissions = principal.permissions.has('*') ? null : [...principal.permissions];
  const canSeeAll = hasPermission(principal, 'approvals.read_all');
  const limit = Math.min(Math.max(options.limit ?? 100, 1), 500);
  const status = options.view === 'to_decide' ? 'pending' : options.status ?? null;
  const result = await sql<RequestRow>`select ${columns} from approval_request
    where (${status}::text is null or status = ${status})
      and (${options.beforeId ?? null}::bigint is null or id < ${options.beforeId ?? null})
      and case ${options.view}
        when 'to_decide' then (${permissions}::text[] is null or required_permission = any(${permissions}::text[]))
          and requested_by is distinct from ${principal.username}
          and (requested_by_user_id is null or requested_by_user_id is distinct from ${principal.userId}::bigint)
        when 'mine' then requested_by = ${principal.username}
        else ${canSeeAll} or requested_by = ${principal.username}
          or (${permissions}::text[] is null or required_permission = any(${permissions}::text[]))
      end
    order by id desc limit ${limit}`.execute(db);
  return result.rows.map(toRequest);
}

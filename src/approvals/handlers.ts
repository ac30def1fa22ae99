/**
 * What an approved request does. Modules describe their kinds of request; the composition root
 * (src/app) hands the registry to the approvals module, which never imports the modules it serves.
 */
import type { Principal } from '../shared/actor.js';
import type { Database, Tx } from '../shared/db.js';

export interface ApprovalExecution {
  /** The approver, and the person who asked. */
  approver: Principal;
  requestedBy: { userId: number | null; username: string };
  requestId: number;
  tx: Tx;
  database: Database;
}

export interface ApprovalHandler {
  kind: string;
  /** Who may approve (and reject) this kind of request. */
  requiredPermission: string;
  /** Checks the payload before a request is filed (same rules as execution, nothing written). */
  validate(payload: unknown, database: Database): Promise<{ summary: string; amountCents: number | null }>;
  /** Carries out the approved request inside the approval's transaction; returns what it made. */
  execute(payload: unknown, execution: ApprovalExecution): Promise<Record<string, unknown>>;
}

export type ApprovalHandlers = ReadonlyMap<string, ApprovalHandler>;

export function approvalRegistry(handlers: readonly ApprovalHandler[]): ApprovalHandlers {
  return new Map(handlers.map((handler) => [handler.kind, handler]));
}

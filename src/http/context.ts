/** What every route plugin is given: the database, the clock, and the approval kinds on offer. */
import type { ApprovalHandlers } from '../approvals/index.js';
import type { Clock } from '../shared/dates.js';
import type { Database } from '../shared/db.js';

export interface RouteContext {
  database: Database;
  clock: Clock;
  approvalHandlers: ApprovalHandlers;
}

/**
 * The composition root: wires modules together for the top layers (http, cli). Modules never
 * import this; it imports their doors.
 */
export { buildApprovalHandlers } from './approval-handlers.js';
export { prepareDatabase } from './prepare-database.js';

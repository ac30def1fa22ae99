/** Maker-checker approvals: the one service every module uses for "one asks, another decides". */
export { approvalRegistry, type ApprovalExecution, type ApprovalHandler, type ApprovalHandlers } from './handlers.js';
export {
  approveRequest,
  cancelRequest,
  getApprovalRequest,
  listApprovalRequests,
  rejectRequest,
  requestApproval,
  type ApprovalRequest,
  type ApprovalStatus,
  type ListRequestsOptions,
} from './requests.js';

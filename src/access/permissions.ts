/**
 * The permission catalog and the built-in roles. Roles are editable sets of permissions (kept in
 * the database); these are the defaults the database is seeded with. Every API route and CLI
 * command declares one permission (or `public` / `signed_in`); a route without one is refused.
 */
export const permissionCatalog = {
  'ledger.read': 'See the chart of accounts, journal entries, trial balance and account activity',
  'ledger.request': 'Enter journal entries and reversals for approval',
  'ledger.approve': 'Approve or reject journal entries and reversals entered by others',
  'ledger.post_direct': 'Post journal entries without approval (system integrations only)',
  'ledger.chart': 'Add and change funds, departments and accounts; import the chart',
  'ledger.periods': 'Open and close fiscal periods',
  'ledger.export': 'Export the journal and the chart',
  'audit.read': 'Browse the audit trail',
  'audit.export': 'Export the audit trail',
  'users.manage': 'Create, disable and reset users; assign roles',
  'roles.manage': 'Change which permissions a role has',
  'settings.manage': 'Change settings such as approval thresholds and session limits',
  'approvals.read_all': 'See every approval request, not only ones you may decide or made',
  'customers.read': 'Find customers; see their accounts, balances, aging, history and notes',
  'customers.edit': 'Add and change customers, contacts, addresses and properties; note interactions; ask to merge duplicates',
  'customers.tin': 'See a customer\'s full SSN/TIN (everyone else sees it masked)',
  'receivables.charge': 'Post charges and invoices to receivable accounts',
  'receivables.payment': 'Apply payments to receivable accounts',
  'receivables.adjust': 'Enter debit and credit memos, payment transfers, refund requests and write-off requests',
  'receivables.approve': 'Approve adjustments over the threshold, write-offs, refunds and customer merges entered by others',
  'receivables.setup': 'Keep receivable kinds, control accounts, allocation orders and reason codes',
  'billing.invoice': 'Invoice catalog items, keep recurring invoices, reverse invoices, run dunning notices',
  'billing.catalog': 'Keep the billing catalog and the penalty and interest rules',
  'conversion.import': 'Import customers, parcels, accounts and opening balances from a legacy system',
  'cashiering.counter': 'Open and close a drawer, take payments, print and email receipts, ask for voids',
  'cashiering.supervise': 'Approve voids and sign off drawer over/short entered by others',
  'cashiering.batch': 'Key mail payment batches, import lockbox files, resolve lockbox exceptions',
  'cashiering.deposit': 'Prepare deposits and verify deposits prepared by others',
  'cashiering.returns': 'Record returned checks and ACH returns (reversal, Civil Code 1719 fee, notice)',
  'cashiering.setup': 'Keep drawers, counter items, cashiering accounts and lockbox layouts',
  'cashiering.reports': 'Read the daily cash receipts report, batches, deposits and receipts of every cashier',
  'mail.outbox': 'See the outgoing email queue (receipts, notices) and send what is due',
  'utility.read': 'See utility accounts, meters, reads, bill runs, bills and service orders',
  'utility.service': 'Start, stop and transfer utility service; keep meters and service agreements',
  'utility.reads': 'Import meter read files, enter manual reads and re-reads, estimate reads, see the read review queue',
  'utility.reads.review': 'Accept (override, with a reason) or reject meter reads held by the range checks',
  'utility.bills': 'Run bill cycles, review the pre-bill register, hold and release bills, cancel and rebill',
  'utility.bills.finalize': 'Finalize bill runs: post their charges to the accounts and the ledger',
  'utility.rates': 'Keep rate schedules, customer classes, billing cycles and routes',
  'utility.orders': 'Create, assign and cancel service orders',
  'utility.field': 'See the service orders assigned to you and complete them with notes and reads',
  'collections.read': 'See collection cases, timelines, notices, arrangements, holds, shutoff orders and liens, and why an account may or may not be shut off',
  'collections.work': 'Record calls, appeals, medical certifications and income documents; make and cancel payment arrangements; place and release holds; print notices; run the daily collection job',
  'collections.shutoff': 'Release shutoff orders to the field (only when every SB 998 rule allows it) and order reconnections',
  'collections.setup': 'Keep the delinquency chain, penalty rules, reconnection fees and office closures',
  'collections.liens': 'Prepare the annual lien list, record, pay off and release liens; transfer, refer or write off closed accounts\' balances',
} as const;

export type Permission = keyof typeof permissionCatalog;

export const allPermissions = Object.keys(permissionCatalog) as Permission[];

/** Declared by routes that need no permission: anyone (public) or any signed-in user. */
export const PUBLIC = 'public';
export const SIGNED_IN = 'signed_in';

export interface BuiltinRole {
  code: string;
  name: string;
  description: string;
  requiresTotp: boolean;
  permissions: Permission[];
}

const readEverything: Permission[] = ['ledger.read', 'audit.read', 'approvals.read_all', 'customers.read'];

export const builtinRoles: BuiltinRole[] = [
  {
    code: 'cashier',
    name: 'Cashier',
    description: 'Takes payments at the counter, issues receipts, counts the drawer',
    requiresTotp: false,
    permissions: ['customers.read', 'receivables.payment', 'cashiering.counter'],
  },
  {
    code: 'senior_cashier',
    name: 'Senior cashier',
    description: 'Counter supervisor: approves voids and drawer over/short',
    requiresTotp: false,
    permissions: ['customers.read', 'customers.edit', 'receivables.payment', 'receivables.adjust', 'cashiering.counter',
      'cashiering.supervise', 'cashiering.batch', 'cashiering.deposit', 'cashiering.returns', 'cashiering.reports'],
  },
  {
    code: 'billing_clerk',
    name: 'Customer service / billing clerk',
    description: 'Starts and stops service, reviews bills, payment arrangements and notices',
    requiresTotp: false,
    permissions: ['customers.read', 'customers.edit', 'receivables.charge', 'receivables.adjust', 'billing.invoice', 'cashiering.batch',
      'utility.read', 'utility.service', 'utility.reads', 'utility.bills', 'utility.bills.finalize', 'utility.orders',
      'collections.read', 'collections.work'],
  },
  {
    code: 'utility_supervisor',
    name: 'Utility billing supervisor',
    description: 'Supervises utility billing and collections: releases shutoff orders, keeps the delinquency chain, liens',
    requiresTotp: false,
    permissions: ['customers.read', 'customers.edit', 'receivables.charge', 'receivables.adjust', 'utility.read', 'utility.service',
      'utility.reads', 'utility.bills', 'utility.bills.finalize', 'utility.orders', 'collections.read', 'collections.work',
      'collections.shutoff', 'collections.setup', 'collections.liens'],
  },
  {
    code: 'field_worker',
    name: 'Utility field worker',
    description: 'Reads meters, works service orders in the field',
    requiresTotp: false,
    permissions: ['utility.field'],
  },
  {
    code: 'licensing_clerk',
    name: 'Licensing and permits clerk',
    description: 'Business licenses, permits and dog licenses',
    requiresTotp: false,
    permissions: ['customers.read', 'customers.edit', 'receivables.charge'],
  },
  {
    code: 'accountant',
    name: 'Accountant',
    description: 'Journal entries, reconciliations, chart of accounts',
    requiresTotp: false,
    permissions: ['ledger.read', 'ledger.request', 'ledger.chart', 'ledger.export', 'customers.read',
      'receivables.setup', 'billing.catalog', 'conversion.import', 'cashiering.deposit', 'cashiering.returns', 'cashiering.setup',
      'cashiering.reports', 'utility.read', 'utility.rates', 'collections.read', 'collections.setup'],
  },
  {
    code: 'finance_manager',
    name: 'Finance manager',
    description: 'Approves journal entries and adjustments, closes periods, reads reports',
    requiresTotp: true,
    permissions: [
      'ledger.read',
      'ledger.request',
      'ledger.approve',
      'ledger.periods',
      'ledger.export',
      'audit.read',
      'audit.export',
      'approvals.read_all',
      'settings.manage',
      'customers.read',
      'customers.tin',
      'receivables.approve',
      'cashiering.supervise',
      'cashiering.reports',
      'utility.read',
      'utility.bills.finalize',
      'utility.reads',
      'utility.reads.review',
      'collections.read',
      'collections.shutoff',
      'collections.liens',
    ],
  },
  {
    code: 'auditor',
    name: 'Auditor',
    description: 'Reads everything, changes nothing, follows every dollar',
    requiresTotp: false,
    permissions: [...readEverything, 'ledger.export', 'audit.export', 'cashiering.reports', 'utility.read', 'collections.read'],
  },
  {
    code: 'administrator',
    name: 'Administrator',
    description: 'Users, roles and settings; moves no money',
    requiresTotp: true,
    permissions: ['users.manage', 'roles.manage', 'settings.manage', 'audit.read', 'mail.outbox'],
  },
];

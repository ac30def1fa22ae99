/**
 * The demo city's staff: one user per built-in role, all with the demo password, and the two
 * roles that require a second factor already enrolled with published demo secrets (any
 * authenticator app, or `npx civic demo totp USERNAME`, gives the current code). Also files two
 * journal entries for approval as the accountant, so the finance manager has work waiting.
 * Idempotent: existing users are left alone.
 */
import { sql } from 'kysely';
import { createUser, currentTotpCode, getUser } from '../access/index.js';
import { requestApproval, type ApprovalHandlers } from '../approvals/index.js';
import { systemPrincipal, type Principal } from '../shared/actor.js';
import type { Database } from '../shared/db.js';

export const DEMO_PASSWORD = 'civic-ledger-demo';

export interface DemoUser {
  username: string;
  displayName: string;
  role: string;
  /** Base32 TOTP secret, for the roles that require a second factor. */
  totpSecret: string | null;
}

export const demoUsers: readonly DemoUser[] = [
  { username: 'rosa.martinez', displayName: 'Rosa Martinez', role: 'cashier', totpSecret: null },
  { username: 'david.kim', displayName: 'David Kim', role: 'senior_cashier', totpSecret: null },
  { username: 'linh.nguyen', displayName: 'Linh Nguyen', role: 'billing_clerk', totpSecret: null },
  { username: 'grace.wong', displayName: 'Grace Wong', role: 'utility_supervisor', totpSecret: null },
  { username: 'marco.diaz', displayName: 'Marco Diaz', role: 'field_worker', totpSecret: null },
  { username: 'james.oconnor', displayName: "James O'Connor", role: 'licensing_clerk', totpSecret: null },
  { username: 'priya.shah', displayName: 'Priya Shah', role: 'accountant', totpSecret: null },
  { username: 'maria.lopez', displayName: 'Maria Lopez', role: 'finance_manager', totpSecret: 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U' },
  { username: 'tom.becker', displayName: 'Tom Becker', role: 'auditor', totpSecret: null },
  { username: 'admin', displayName: 'Alex Rivera (IT)', role: 'administrator', totpSecret: 'KRSXG5CTMVRXEZLUKN2XAZLSONSWG4TF' },
];

/** The current code for a demo user's published secret (never for real users' secrets). */
export function demoTotpCode(username: string, at = Date.now()): string | null {
  const user = demoUsers.find((candidate) => candidate.username === username);
  return user?.totpSecret ? currentTotpCode(user.totpSecret, user.username, at) : null;
}

export async function loadDemoUsers(
  database: Database,
  options: { handlers?: ApprovalHandlers; actor?: Principal } = {},
): Promise<{ created: string[] }> {
  const actor = options.actor ?? systemPrincipal('system');
  const created: string[] = [];
  for (const user of demoUsers) {
    const existing = await sql<{ id: number }>`select id from app_user where username = ${user.username}`.execute(database.kysely);
    if (existing.rows.length > 0) continue;
    const made = await createUser(database, {
      input: { username: user.username, displayName: user.displayName, password: DEMO_PASSWORD, roles: [user.role] },
      principal: actor,
    });
    if (user.totpSecret) {
      await sql`update app_user set totp_secret = ${user.totpSecret}, is_totp_enabled = true where id = ${made.id}`.execute(database.kysely);
    }
    created.push(user.username);
  }
  if (options.handlers && created.includes('priya.shah')) await fileDemoRequests(database, options.handlers);
  return { created };
}

async function fileDemoRequests(database: Database, handlers: ApprovalHandlers): Promise<void> {
  const accountant = await sql<{ id: number }>`select id from app_user where username = 'priya.shah'`.execute(database.kysely);
  const user = await getUser(database.kysely, accountant.rows[0]?.id as number);
  const principal: Principal = {
    userId: user.id, username: user.username, via: 'system', roles: user.roles,
    permissions: new Set(['ledger.request']),
  };
  const requests = [
    {
      entryDate: '2026-11-20',
      description: 'Reclassify October copier lease from supplies to contract services',
      source: { module: 'gl', reference: 'AP invoice 88213' },
      lines: [
        { account: '100-1510-53200', debit: '412.50', memo: 'Copier lease, October' },
        { account: '100-1510-53100', credit: '412.50', memo: 'Posted to supplies in error' },
      ],
    },
    {
      entryDate: '2026-11-21',
      description: 'Accrue November street-light electricity (PG&E bill not yet received)',
      source: { module: 'gl', reference: 'accrual 2026-11' },
      lines: [
        { account: '220-3100-53300', debit: '8640.00' },
        { account: '220-0000-20100', credit: '8640.00' },
      ],
    },
  ];
  for (const payload of requests) {
    try {
      await requestApproval(database, { kind: 'ledger.journal_entry', payload, principal, handlers, requestPermission: 'ledger.request' });
    } catch {
      // The demo chart may lack one of these accounts if it changes; a missing example is fine.
    }
  }
}

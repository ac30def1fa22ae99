/**
 * The billing catalog: what the city bills (facility rental, false alarm response, copies...),
 * each with its price (or "price entered at invoicing"), unit and revenue account. The item's
 * fund is its revenue account's fund. Items are deactivated, never deleted (invoices name them).
 * Errors: invalid_input (naming the field), not_found, conflict (a code already taken).
 */
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import { inTransaction, type Database, type Executor, type Tx } from '../shared/db.js';
import { AppError, notFound } from '../shared/errors.js';
import type { Cents } from '../shared/money.js';
import { getAccount } from '../ledger/index.js';
import { listReceivableControls, listReceivableKinds } from '../receivables/index.js';
import { asRecord, Problems, readBoolean, readOptionalAmount, readText } from './input.js';

export interface BillingItem {
  id: number;
  code: string;
  name: string;
  description: string | null;
  /** Null: the price is entered at invoicing. */
  unitPriceCents: Cents | null;
  unit: string;
  revenueAccountCode: string;
  revenueAccountName: string;
  fundCode: string;
  receivableKind: string;
  isPenaltyEligible: boolean;
  isActive: boolean;
}

export interface BillingItemInput {
  code: string;
  name: string;
  description?: string | null;
  unitPriceCents?: number | null;
  unitPrice?: string | null;
  unit?: string;
  revenueAccount: string;
  receivableKind?: string;
  isPenaltyEligible?: boolean;
  isActive?: boolean;
}

const itemColumns = sql`b.id, b.code, b.name, b.description, b.unit_price_cents as "unitPriceCents", b.unit,
  a.code as "revenueAccountCode", a.name as "revenueAccountName", a.fund_code as "fundCode",
  b.receivable_kind as "receivableKind", b.is_penalty_eligible as "isPenaltyEligible", b.is_active as "isActive"`;

export async function listBillingItems(db: Executor, options: { includeInactive?: boolean } = {}): Promise<BillingItem[]> {
  const result = await sql<BillingItem>`select ${itemColumns} from billing_item b join account a on a.id = b.revenue_account_id
    where ${options.includeInactive ?? false}::boolean or b.is_active order by b.code`.execute(db);
  return result.rows;
}

export async function findBillingItems(db: Executor, codes: readonly string[]): Promise<Map<string, BillingItem>> {
  const result = await sql<BillingItem>`select ${itemColumns} from billing_item b join account a on a.id = b.revenue_account_id
    where b.code = any(${[...new Set(codes.map((code) => code.toUpperCase()))]}::text[])`.execute(db);
  return new Map(result.rows.map((row) => [row.code, row]));
}

export async function getBillingItem(db: Executor, code: string): Promise<BillingItem> {
  const item = (await findBillingItems(db, [code])).get(code.toUpperCase());
  if (!item) throw notFound('billing item', code);
  return item;
}

const codePattern = /^[A-Z][A-Z0-9_]{1,29}$/;
const unitPattern = /^[a-z][a-z_]{1,19}$/;

interface ParsedItem {
  code: string | null;
  name: string | null;
  description: string | null | undefined;
  unitPriceCents: Cents | null | undefined;
  unit: string | null;
  revenueAccount: string | null;
  receivableKind: string | null;
  isPenaltyEligible: boolean | null;
  isActive: boolean | null;
}

function parseItem(raw: Record<string, unknown>, problems: Problems, isNew: boolean): ParsedItem {
  const code = typeof raw.code === 'string' ? raw.code.trim().toUpperCase() : raw.code;
  const price = readOptionalAmount(raw, 'unitPrice', '', problems);
  const explicitNoPrice = raw.unitPriceCents === null || raw.unitPrice === null;
  return {
    code: isNew ? readText(code, 'code', problems, { required: true, max: 30, pattern: codePattern, hint: 'capital letters, digits and _ (e.g. FALSE_ALARM)' }) : null,
    name: readText(raw.name, 'name', problems, { required: isNew, max: 100 }),
    description: raw.description === null ? null : readText(raw.description, 'description', problems, { required: false, max: 500 }) ?? undefined,
    unitPriceCents: price === undefined && explicitNoPrice ? null : price,
    unit: readText(raw.unit, 'unit', problems, { required: false, max: 20, pattern: unitPattern, hint: 'a lower-case word such as each, hour, page' }),
    revenueAccount: readText(raw.revenueAccount, 'revenueAccount', problems, { required: isNew, max: 20 }),
    receivableKind: readText(raw.receivableKind, 'receivableKind', problems, { required: false, max: 31 }),
    isPenaltyEligible: readBoolean(raw.isPenaltyEligible, 'isPenaltyEligible', problems),
    isActive: readBoolean(raw.isActive, 'isActive', problems),
  };
}

/** The revenue account must be a revenue account (not a control account) billed through a set-up receivable kind. */
async function checkRevenueAccount(tx: Tx, code: string, kind: string, problems: Problems): Promise<number | null> {
  const account = await getAccount(tx, code).catch(() => null);
  if (!account) {
    problems.add('revenueAccount', `account ${code} does not exist`);
    return null;
  }
  if (account.accountType !== 'revenue') problems.add('revenueAccount', `account ${account.code} is a ${account.accountType} account, not a revenue account`);
  else if (account.subledger) problems.add('revenueAccount', `account ${account.code} is a control account`);
  else if (!account.isActive) problems.add('revenueAccount', `account ${account.code} is inactive`);
  const kinds = await listReceivableKinds(tx);
  if (!kinds.some((row) => row.code === kind)) {
    problems.add('receivableKind', `"${kind}" is not a receivable kind`);
    return null;
  }
  const controls = await listReceivableControls(tx);
  if (!controls.some((row) => row.kind === kind && row.fundCode === account.fundCode)) {
    problems.add('revenueAccount', `no receivable control account is set up for ${kind} in fund ${account.fundCode}`);
  }
  return account.id;
}

export async function createBillingItem(database: Database, options: { input: unknown; actor: Actor; inTx?: Tx }): Promise<BillingItem> {
  const problems = new Problems();
  const parsed = parseItem(asRecord(options.input, 'item'), problems, true);
  problems.throwIfAny();
  const work = async (tx: Tx): Promise<BillingItem> => {
    const kind = parsed.receivableKind ?? 'misc_billing';
    const accountId = await checkRevenueAccount(tx, parsed.revenueAccount as string, kind, problems);
    problems.throwIfAny();
    const inserted = await sql<{ id: number }>`insert into billing_item (code, name, description, unit_price_cents, unit,
        revenue_account_id, receivable_kind, is_penalty_eligible, is_active, created_by, updated_by)
      values (${parsed.code}, ${parsed.name}, ${parsed.description ?? null}, ${parsed.unitPriceCents ?? null}, ${parsed.unit ?? 'each'},
        ${accountId}, ${kind}, ${parsed.isPenaltyEligible ?? true}, ${parsed.isActive ?? true}, ${options.actor.username}, ${options.actor.username})
      on conflict (code) do nothing returning id`.execute(tx);
    if (!inserted.rows[0]) throw new AppError('conflict', `Billing item ${parsed.code} already exists`, { field: 'code' });
    const item = await getBillingItem(tx, parsed.code as string);
    await recordAudit(tx, { actor: options.actor, action: 'billing.create_item', entityType: 'billing_item', entityId: item.code, after: item });
    return item;
  };
  return options.inTx ? work(options.inTx) : inTransaction(database, work);
}

/** Changes what is given (name, price, unit, account, flags); `isActive: false` deactivates. */
export async function updateBillingItem(database: Database, options: { code: string; changes: unknown; actor: Actor }): Promise<BillingItem> {
  const problems = new Problems();
  const raw = asRecord(options.changes, 'changes');
  if ('code' in raw) problems.add('code', 'an item code cannot change; deactivate the item and add a new one');
  const parsed = parseItem(raw, problems, false);
  problems.throwIfAny();
  return inTransaction(database, async (tx) => {
    const before = await getBillingItem(tx, options.code);
    const kind = parsed.receivableKind ?? before.receivableKind;
    const accountId = parsed.revenueAccount || parsed.receivableKind
      ? await checkRevenueAccount(tx, parsed.revenueAccount ?? before.revenueAccountCode, kind, problems)
      : null;
    problems.throwIfAny();
    const isPriceGiven = parsed.unitPriceCents !== undefined;
    await sql`update billing_item set
        name = coalesce(${parsed.name}, name),
        description = case when ${parsed.description !== undefined}::boolean then ${parsed.description ?? null} else description end,
        unit_price_cents = case when ${isPriceGiven}::boolean then ${parsed.unitPriceCents ?? null}::bigint else unit_price_cents end,
        unit = coalesce(${parsed.unit}, unit),
        revenue_account_id = coalesce(${accountId}::bigint, revenue_account_id),
        receivable_kind = ${kind},
        is_penalty_eligible = coalesce(${parsed.isPenaltyEligible}::boolean, is_penalty_eligible),
        is_active = coalesce(${parsed.isActive}::boolean, is_active),
        updated_at = now(), updated_by = ${options.actor.username}
      where id = ${before.id}`.execute(tx);
    const after = await getBillingItem(tx, before.code);
    const action = before.isActive && !after.isActive ? 'billing.deactivate_item' : 'billing.update_item';
    await recordAudit(tx, { actor: options.actor, action, entityType: 'billing_item', entityId: after.code, before, after });
    return after;
  });
}

export function deactivateBillingItem(database: Database, options: { code: string; actor: Actor }): Promise<BillingItem> {
  return updateBillingItem(database, { code: options.code, changes: { isActive: false }, actor: options.actor });
}

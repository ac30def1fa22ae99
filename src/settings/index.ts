/**
 * Settings: named values with defaults, changed by people holding settings.manage, every change
 * audited. Amounts are integer cents; durations say their unit in the name.
 */
import { sql } from 'kysely';
import type { Principal } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import { inTransaction, type Database, type Executor } from '../shared/db.js';
import { AppError, invalidInput } from '../shared/errors.js';

export const settingDefinitions = {
  'access.session_idle_minutes': { default: 30, min: 5, max: 240, label: 'Sign out after this many idle minutes' },
  'access.session_absolute_hours': { default: 12, min: 1, max: 24, label: 'Sign out after this many hours in any case' },
  'access.sign_in_failures_per_user': { default: 5, min: 3, max: 20, label: 'Failed sign-ins per user name before a 15-minute pause' },
  'access.sign_in_failures_per_ip': { default: 30, min: 5, max: 500, label: 'Failed sign-ins per address before a 15-minute pause' },
  'approvals.journal_entry_threshold_cents': { default: 0, min: 0, max: 1_000_000_000_00, label: 'Hand-entered journal entries above this total need approval (0 = all)' },
  'approvals.adjustment_threshold_cents': { default: 10_000, min: 0, max: 1_000_000_000_00, label: 'Account adjustments above this amount need approval' },
  'cashiering.over_short_signoff_cents': { default: 500, min: 0, max: 1_000_000_00, label: 'A drawer over or short by more than this needs a supervisor\'s sign-off' },
  'cashiering.returns_before_cash_only': { default: 2, min: 1, max: 10, label: 'Returned payments (NSF, ACH returns) after which a customer may pay only in cash or certified funds' },
  'collections.minimum_past_due_cents': { default: 1_000, min: 0, max: 1_000_000_00, label: 'Collection starts on a utility account once this much is past due' },
  'collections.arrangement_max_months': { default: 12, min: 1, max: 60, label: 'Payment arrangements may run at most this many months' },
  'collections.low_income_valid_months': { default: 12, min: 1, max: 36, label: 'Documented low household income counts for this many months' },
  'collections.water_system_connections': { default: 0, min: 0, max: 10_000_000, label: 'Service connections of the water system for SB 998 (0 = count the active water accounts)' },
  'billing.invoice_terms_days': { default: 30, min: 0, max: 365, label: 'Invoices are due this many days after the invoice date unless a due date is given' },
} as const;

export type SettingKey = keyof typeof settingDefinitions;
export type Settings = Record<SettingKey, number>;

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(settingDefinitions, key);
}

export async function getSettings(db: Executor): Promise<Settings> {
  const rows = await sql<{ key: string; value: unknown }>`select key, value from setting`.execute(db);
  const settings = Object.fromEntries(
    Object.entries(settingDefinitions).map(([key, definition]) => [key, definition.default]),
  ) as Settings;
  for (const { key, value } of rows.rows) {
    if (isSettingKey(key) && typeof value === 'number') settings[key] = value;
  }
  return settings;
}

export async function updateSetting(
  database: Database,
  options: { key: string; value: unknown; principal: Principal },
): Promise<Settings> {
  if (!isSettingKey(options.key)) throw invalidInput('key', `"${options.key}" is not a setting`);
  const key: SettingKey = options.key;
  const definition = settingDefinitions[key];
  const value = options.value;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < definition.min || value > definition.max) {
    throw invalidInput('value', `must be a whole number from ${definition.min} to ${definition.max}`);
  }
  if (!options.principal.permissions.has('*') && !options.principal.permissions.has('settings.manage')) {
    throw new AppError('forbidden', 'Changing settings needs the permission settings.manage', { permission: 'settings.manage' });
  }
  return inTransaction(database, async (tx) => {
    const before = (await getSettings(tx))[key];
    await sql`insert into setting (key, value, updated_by) values (${key}, ${JSON.stringify(value)}::jsonb, ${options.principal.username})
      on conflict (key) do update set value = excluded.value, updated_by = excluded.updated_by, updated_at = now()`.execute(tx);
    await recordAudit(tx, { actor: options.principal, action: 'settings.update', entityType: 'setting', entityId: key, before: { value: before }, after: { value } });
    return getSettings(tx);
  });
}

/**
 * Accruing penalties and interest as of a date (`civic billing accrue`): finds, set-based, every
 * unpaid penalty-eligible charge past due of a kind with an active rule, works out what is owed
 * and not yet charged (late-charges.ts), and posts it per receivable account as one charge entry
 * (charge class penalty or interest, through receivables postCharges) with a late_charge row per
 * charge, month and class. Those rows' unique key makes accrual safe to repeat: a second run as
 * of the same date posts nothing. Each account is its own transaction; an account whose fund has
 * no penalty/interest accounts set up is reported, not charged.
 * Errors (per account, reported): period_closed, conflict.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import type { IsoDate } from '../shared/dates.js';
import { inTransaction, type Database, type Executor } from '../shared/db.js';
import { isAppError } from '../shared/errors.js';
import { sumCents, type Cents } from '../shared/money.js';
import { postCharges } from '../receivables/index.js';
import { recordAudit } from '../shared/audit.js';
import { listLateChargeAccounts, listLateChargeRules } from './late-charge-setup.js';
import { accrualKey, computeLateCharges, type LateChargeLine, type OpenPrincipal } from './late-charges.js';

export interface AccrualResult {
  asOf: IsoDate;
  accountCount: number;
  penaltyCents: Cents;
  interestCents: Cents;
  charges: Array<LateChargeLine & { accountNumber: string; journalEntryId: number }>;
  skipped: Array<{ accountNumber: string; reason: string }>;
}

interface PrincipalRow extends OpenPrincipal {
  accountNumber: string;
  fundCode: string;
  description: string;
}

async function findOpenPrincipals(db: Executor, asOf: IsoDate, kinds: readonly string[]): Promise<PrincipalRow[]> {
  const result = await sql<PrincipalRow>`
    select i.id as "itemId", i.receivable_account_id as "accountId", r.account_number as "accountNumber", r.kind,
      r.fund_code as "fundCode", i.charge_class as "chargeClass", i.penalty_eligible as "isPenaltyEligible",
      i.due_date as "dueDate", i.description,
      (i.amount_cents - coalesce((select sum(a.amount_cents) from receivable_application a where a.debit_item_id = i.id), 0))::bigint as "openCents"
    from receivable_item i join receivable_account r on r.id = i.receivable_account_id
    where r.kind = any(${[...kinds]}::text[]) and i.charge_class = 'charge' and i.penalty_eligible
      and i.amount_cents > 0 and i.due_date < ${asOf}::date and i.item_date <= ${asOf}::date
      and i.amount_cents > coalesce((select sum(a.amount_cents) from receivable_application a where a.debit_item_id = i.id), 0)
    order by i.receivable_account_id, i.id`.execute(db);
  return result.rows;
}

async function findAccrued(db: Executor, itemIds: readonly number[]): Promise<Set<string>> {
  const result = await sql<{ itemId: number; chargeClass: 'penalty' | 'interest'; monthNumber: number }>`
    select charge_item_id as "itemId", charge_class as "chargeClass", month_number as "monthNumber"
    from late_charge where charge_item_id = any(${[...itemIds]}::bigint[])`.execute(db);
  return new Set(result.rows.map((row) => accrualKey(row.itemId, row.chargeClass, row.monthNumber)));
}

export async function accrueLateCharges(
  database: Database,
  options: { asOf: IsoDate; actor: Actor; onProgress?: (done: number, total: number) => void },
): Promise<AccrualResult> {
  const rules = new Map((await listLateChargeRules(database.kysely)).filter((rule) => rule.isActive).map((rule) => [rule.kind, rule]));
  const accounts = new Map((await listLateChargeAccounts(database.kysely)).map((row) => [row.fundCode, row]));
  const principals = rules.size === 0 ? [] : await findOpenPrincipals(database.kysely, options.asOf, [...rules.keys()]);
  const accrued = await findAccrued(database.kysely, principals.map((row) => row.itemId));
  const lines = computeLateCharges(principals, rules, options.asOf, accrued);
  const byItem = new Map(principals.map((row) => [row.itemId, row]));
  const byAccount = new Map<number, LateChargeLine[]>();
  for (const line of lines) byAccount.set(line.accountId, [...(byAccount.get(line.accountId) ?? []), line]);
  const result: AccrualResult = { asOf: options.asOf, accountCount: 0, penaltyCents: sumCents([]), interestCents: sumCents([]), charges: [], skipped: [] };
  let done = 0;
  for (const [accountId, accountLines] of byAccount) {
    const first = byItem.get(accountLines[0]?.itemId as number) as PrincipalRow;
    const revenue = accounts.get(first.fundCode);
    done += 1;
    if (!revenue) {
      result.skipped.push({ accountNumber: first.accountNumber, reason: `no penalty and interest accounts are set up for fund ${first.fundCode}` });
      continue;
    }
    try {
      const journalEntryId = await postAccountLateCharges(database, options, accountId, accountLines, byItem, revenue);
      result.accountCount += 1;
      result.charges.push(...accountLines.map((line) => ({ ...line, accountNumber: first.accountNumber, journalEntryId })));
    } catch (error) {
      if (!isAppError(error)) throw error;
      result.skipped.push({ accountNumber: first.accountNumber, reason: `${error.code}: ${error.message}` });
    }
    options.onProgress?.(done, byAccount.size);
  }
  result.penaltyCents = sumCents(result.charges.filter((line) => line.chargeClass === 'penalty').map((line) => line.amountCents));
  result.interestCents = sumCents(result.charges.filter((line) => line.chargeClass === 'interest').map((line) => line.amountCents));
  return result;
}

async function postAccountLateCharges(
  database: Database,
  options: { asOf: IsoDate; actor: Actor },
  accountId: number,
  lines: readonly LateChargeLine[],
  byItem: ReadonlyMap<number, PrincipalRow>,
  revenue: { penaltyAccountCode: string; interestAccountCode: string },
): Promise<number> {
  // The key names exactly these charges, so a retry of this posting replays it and a later run
  // (with other charges) posts its own.
  const keys = lines.map((line) => accrualKey(line.itemId, line.chargeClass, line.monthNumber)).sort();
  const digest = createHash('sha256').update(keys.join(',')).digest('hex').slice(0, 32);
  return inTransaction(database, async (tx) => {
    const posted = await postCharges(database, {
      input: {
        account: accountId,
        chargeDate: options.asOf,
        dueDate: options.asOf,
        description: `Late charges as of ${options.asOf}`,
        documentRef: `LATE-${options.asOf}`,
        idempotencyKey: `late:${accountId}:${digest}`,
        lines: lines.map((line) => {
          const principal = byItem.get(line.itemId) as PrincipalRow;
          const what = line.chargeClass === 'penalty' ? 'Late penalty' : `Interest, month ${line.monthNumber} past due`;
          return {
            revenueAccount: line.chargeClass === 'penalty' ? revenue.penaltyAccountCode : revenue.interestAccountCode,
            amountCents: line.amountCents,
            chargeClass: line.chargeClass,
            description: `${what} on ${principal.description} (due ${principal.dueDate})`.slice(0, 200),
            penaltyEligible: false,
          };
        }),
      },
      actor: options.actor,
      inTx: tx,
    });
    if (posted.isReplay) return posted.entry.id;
    await sql`insert into late_charge (charge_item_id, charge_class, month_number, principal_cents, amount_cents, accrued_on, receivable_item_id, created_by)
      select item, class, month, principal, amount, ${options.asOf}::date, receivable_item, ${options.actor.username}::text
      from unnest(${lines.map((line) => line.itemId)}::bigint[], ${lines.map((line) => line.chargeClass)}::text[],
        ${lines.map((line) => line.monthNumber)}::int[], ${lines.map((line) => line.principalCents)}::bigint[],
        ${lines.map((line) => line.amountCents)}::bigint[], ${posted.items.map((item) => item.id)}::bigint[])
        as t(item, class, month, principal, amount, receivable_item)`.execute(tx);
    await recordAudit(tx, { actor: options.actor, action: 'billing.accrue_late_charges', entityType: 'receivable_account',
      entityId: posted.account.accountNumber, after: { journalEntryId: posted.entry.id, charges: keys }, details: { asOf: options.asOf } });
    return posted.entry.id;
  });
}

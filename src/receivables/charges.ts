/**
 * Posting charges to a receivable account: one journal entry (receivable debited per charge,
 * revenue credited), one receivable item per charge, then any credit on the account pays them.
 * Errors: invalid_input (naming the field), not_found, conflict (a closed account),
 * period_closed, idempotency_conflict.
 */
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import { inTransaction, type Database, type Tx } from '../shared/db.js';
import { AppError } from '../shared/errors.js';
import { cents, sumCents } from '../shared/money.js';
import { findAccounts } from '../ledger/index.js';
import { asRecord, optionalDate, positiveAmount, Problems, requiredDate, text } from '../shared/input.js';
import { postReceivableEntry, type ReceivableEntryResult } from './posting.js';
import { parseChargeClass } from './setup.js';
import { getAccountRow, type NewItem, type ReceivableAccountRow } from './store.js';

export interface ChargeLineInput {
  revenueAccount: string;
  amountCents?: number | string;
  amount?: string;
  description: string;
  chargeClass?: 'charge' | 'penalty' | 'interest';
  /** Defaults to the charges' dueDate. */
  dueDate?: string;
  penaltyEligible?: boolean;
}

export interface PostChargesInput {
  account: number | string;
  chargeDate: string;
  dueDate: string;
  description?: string;
  documentRef?: string | null;
  idempotencyKey?: string | null;
  lines: ChargeLineInput[];
}

export async function postCharges(
  database: Database,
  options: { input: unknown; actor: Actor; inTx?: Tx; itemType?: 'charge' | 'opening_balance' | 'debit_memo'; reasonCode?: string | null },
): Promise<ReceivableEntryResult & { account: ReceivableAccountRow }> {
  const raw = asRecord(options.input, 'charges');
  const problems = new Problems();
  const chargeDate = requiredDate(raw.chargeDate, 'chargeDate', problems);
  const dueDate = requiredDate(raw.dueDate, 'dueDate', problems);
  const description = text(raw.description, 'description', problems, { required: false });
  const documentRef = text(raw.documentRef, 'documentRef', problems, { required: false, max: 100 });
  const idempotencyKey = text(raw.idempotencyKey, 'idempotencyKey', problems, { required: false });
  if (!Array.isArray(raw.lines) || raw.lines.length === 0) problems.add('lines', 'at least one charge is required');
  if (Array.isArray(raw.lines) && raw.lines.length > 1000) problems.add('lines', 'at most 1,000 charges at once');
  const lines = (Array.isArray(raw.lines) ? raw.lines : []).map((value: unknown, index) => {
    const field = `lines[${index}].`;
    if (typeof value !== 'object' || value === null) {
      problems.add(`lines[${index}]`, 'must be an object');
      return undefined;
    }
    const line = value as Record<string, unknown>;
    return {
      revenueAccount: text(line.revenueAccount, `${field}revenueAccount`, problems, { required: true, max: 20 }),
      amountCents: positiveAmount(line, field, problems),
      description: text(line.description, `${field}description`, problems, { required: true, max: 200 }),
      chargeClass: problems.attempt(() => parseChargeClass(line.chargeClass, `${field}chargeClass`)),
      dueDate: optionalDate(line.dueDate, `${field}dueDate`, problems),
      penaltyEligible: line.penaltyEligible === true,
    };
  });
  if (dueDate && chargeDate && dueDate < chargeDate) problems.add('dueDate', 'cannot be before the charge date');
  problems.throwIfAny();
  const work = async (tx: Tx) => {
    const account = await getAccountRow(tx, raw.account as number | string);
    if (account.status === 'closed') {
      throw new AppError('conflict', `Receivable account ${account.accountNumber} is closed`, { field: 'account' });
    }
    const items: NewItem[] = [];
    const offsets = new Map<string, number>();
    // Every line's revenue account in one query (an invoice may have hundreds of lines).
    const revenues = await findAccounts(tx, lines.flatMap((line) => (line?.revenueAccount ? [line.revenueAccount] : [])));
    for (const [index, line] of lines.entries()) {
      if (!line?.revenueAccount || line.amountCents === undefined || !line.description || !line.chargeClass) continue;
      const revenue = revenues.get(line.revenueAccount) ?? null;
      if (!revenue) problems.add(`lines[${index}].revenueAccount`, `account ${line.revenueAccount} does not exist`);
      else if (revenue.fundCode !== account.fundCode) {
        problems.add(`lines[${index}].revenueAccount`, `account ${revenue.code} is in fund ${revenue.fundCode}; account ${account.accountNumber} bills fund ${account.fundCode}`);
      } else if (revenue.subledger) problems.add(`lines[${index}].revenueAccount`, `account ${revenue.code} is a control account`);
      if (!revenue) continue;
      items.push({
        accountId: account.id,
        itemType: options.itemType ?? 'charge',
        chargeClass: line.chargeClass,
        amountCents: line.amountCents,
        itemDate: chargeDate as NonNullable<typeof chargeDate>,
        dueDate: line.dueDate ?? dueDate ?? null,
        penaltyEligible: line.penaltyEligible,
        offsetAccountCode: revenue.code,
        description: line.description,
        reasonCode: options.reasonCode ?? null,
        documentRef,
        reversesItemId: null,
      });
      offsets.set(revenue.code, (offsets.get(revenue.code) ?? 0) - line.amountCents);
    }
    problems.throwIfAny();
    const total = sumCents(items.map((item) => item.amountCents));
    const result = await postReceivableEntry(database, tx, options.actor, {
      entryDate: chargeDate as NonNullable<typeof chargeDate>,
      description: description ?? `Charges to ${account.accountNumber} (${account.customerName})`,
      documentRef: documentRef ?? account.accountNumber,
      idempotencyKey,
      items,
      offsetLines: [...offsets].map(([accountCode, amount]) => ({ accountCode, amountCents: cents(amount) })),
    });
    if (!result.isReplay) {
      await recordAudit(tx, { actor: options.actor, action: `receivables.post_${options.itemType ?? 'charge'}`, entityType: 'receivable_account',
        entityId: account.accountNumber, after: { journalEntryId: result.entry.id, totalCents: total, items: result.items.map((i) => i.id) } });
    }
    return { ...result, account };
  };
  return options.inTx ? work(options.inTx) : inTransaction(database, work);
}

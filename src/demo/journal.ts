/**
 * Collects the demo city's journal entries as the ledger's API takes them. Lines are signed
 * (debits positive) while the generators work; `add` turns them into debit and credit amounts
 * and checks each fund balances, so a mistake in a generator fails here, naming the entry, instead
 * of failing the whole batch inside the ledger.
 */
import type { JournalEntryInput } from '../ledger/index.js';
import type { IsoDate } from '../shared/dates.js';
import { assert } from '../shared/errors.js';

export interface DemoLine {
  account: string;
  /** Debits positive, credits negative; zero lines are dropped. */
  amountCents: number;
  memo?: string;
}

export interface DemoEntrySpec {
  /** Unique within the demo; becomes the idempotency key `demo:<key>`. */
  key: string;
  date: IsoDate;
  description: string;
  module: string;
  reference?: string;
  lines: readonly DemoLine[];
  /** The opening-balance entry goes before everything else dated the same day. */
  isOpening?: boolean;
}

export const DEMO_KEY_PREFIX = 'demo:';

export class DemoJournal {
  readonly #entries = new Map<string, JournalEntryInput & { entryDate: IsoDate }>();
  #openingKey: string | null = null;

  add(spec: DemoEntrySpec): void {
    const idempotencyKey = `${DEMO_KEY_PREFIX}${spec.key}`;
    assert(!this.#entries.has(idempotencyKey), `demo entry ${spec.key} is generated twice`);
    const lines = spec.lines.filter((line) => line.amountCents !== 0);
    assert(lines.length >= 2, `demo entry ${spec.key} needs two lines`);
    const byFund = new Map<string, number>();
    for (const line of lines) {
      assert(Number.isSafeInteger(line.amountCents), `demo entry ${spec.key}: whole cents only`);
      const fund = line.account.slice(0, 3);
      byFund.set(fund, (byFund.get(fund) ?? 0) + line.amountCents);
    }
    for (const [fund, net] of byFund) {
      assert(net === 0, `demo entry ${spec.key} is off by ${net} cents in fund ${fund}`);
    }
    if (spec.isOpening) this.#openingKey = idempotencyKey;
    this.#entries.set(idempotencyKey, {
      entryDate: spec.date,
      description: spec.description,
      source: { module: spec.module, reference: spec.reference ?? null },
      idempotencyKey,
      lines: lines.map((line) => ({
        account: line.account,
        ...(line.amountCents > 0
          ? { debitCents: line.amountCents }
          : { creditCents: -line.amountCents }),
        ...(line.memo ? { memo: line.memo } : {}),
      })),
    });
  }

  /** An entry already generated, as signed lines (a correction generator copies it). */
  linesOf(key: string): DemoLine[] {
    const entry = this.#entries.get(`${DEMO_KEY_PREFIX}${key}`);
    assert(entry !== undefined, `demo entry ${key} does not exist`);
    return entry.lines.map((line) => ({
      account: line.account,
      amountCents:
        line.debitCents !== undefined ? Number(line.debitCents) : -Number(line.creditCents),
    }));
  }

  /** Takes an entry back out (a correction generator replaces it with a mistaken one). */
  take(key: string): { date: IsoDate; description: string; lines: DemoLine[] } {
    const lines = this.linesOf(key);
    const idempotencyKey = `${DEMO_KEY_PREFIX}${key}`;
    const entry = this.#entries.get(idempotencyKey);
    assert(entry !== undefined, `demo entry ${key} does not exist`);
    this.#entries.delete(idempotencyKey);
    return { date: entry.entryDate, description: entry.description, lines };
  }

  /** Entries in date order; entries of one day keep the order they were generated in. */
  entries(): JournalEntryInput[] {
    return [...this.#entries.values()]
      .map((entry, index) => ({
        entry,
        index: entry.idempotencyKey === this.#openingKey ? -1 : index,
      }))
      .sort((a, b) => a.entry.entryDate.localeCompare(b.entry.entryDate) || a.index - b.index)
      .map(({ entry }) => entry);
  }
}

/**
 * Balances at July 1 that the activity relies on: July's receipts clear June's receivables, July's
 * warrant runs pay June's invoices. Generators declare them here; the opening-balance entry then
 * carries them, and each fund's unassigned fund balance (or unrestricted net position) takes the rest.
 */
export class OpeningBalances {
  readonly #balances = new Map<string, number>();

  /** Debit positive, credit negative (a receivable is positive, a payable negative). */
  add(account: string, amountCents: number): void {
    assert(Number.isSafeInteger(amountCents), 'opening balances are whole cents');
    this.#balances.set(account, (this.#balances.get(account) ?? 0) + amountCents);
  }

  lines(): DemoLine[] {
    return [...this.#balances].map(([account, amountCents]) => ({ account, amountCents }));
  }
}

/** Whole dollars to cents, for the round figures of budgets and opening balances. */
export function dollars(amount: number): number {
  assert(Number.isSafeInteger(amount), 'dollars() takes whole dollars; use cents for the rest');
  return amount * 100;
}

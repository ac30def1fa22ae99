/** A deposit straight to the bank (taxes and fees remitted by wire or ACH): cash against credits. */
import type { IsoDate } from '../../shared/dates.js';
import { account } from '../city.js';
import { objects } from '../chart.js';
import type { DemoJournal, DemoLine } from '../journal.js';

export interface ReceiptSpec {
  key: string;
  date: IsoDate;
  description: string;
  module?: string;
  reference?: string;
  /** Accounts credited and the amounts, in cents; each fund's pooled cash takes the debit. */
  credits: ReadonlyArray<readonly [string, number]>;
}

export function addReceipt(journal: DemoJournal, spec: ReceiptSpec): void {
  const byFund = new Map<string, number>();
  for (const [accountCode, amount] of spec.credits) {
    const fund = accountCode.slice(0, 3);
    byFund.set(fund, (byFund.get(fund) ?? 0) + amount);
  }
  const lines: DemoLine[] = [
    ...[...byFund].map(([fund, amount]) => ({
      account: account(fund, '0000', objects.pooledCash),
      amountCents: amount,
    })),
    ...spec.credits.map(([accountCode, amount]) => ({
      account: accountCode,
      amountCents: -amount,
    })),
  ];
  journal.add({
    key: spec.key,
    date: spec.date,
    description: spec.description,
    module: spec.module ?? 'gl',
    ...(spec.reference ? { reference: spec.reference } : {}),
    lines,
  });
}

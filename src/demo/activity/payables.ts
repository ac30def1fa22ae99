/**
 * Accounts payable: vendor invoices (expense or capital outlay against accounts payable, with
 * retention held back on construction pay applications) and the biweekly warrant runs that pay
 * them once audited (Gov. Code 37202: demands are audited, listed and approved before payment).
 */
import type { IsoDate } from '../../shared/dates.js';
import { addDays } from '../../shared/dates.js';
import { account } from '../city.js';
import { objects } from '../chart.js';
import type { DemoJournal, DemoLine, OpeningBalances } from '../journal.js';

interface OpenInvoice {
  fund: string;
  date: IsoDate;
  payableCents: number;
}

export interface InvoiceSpec {
  key: string;
  date: IsoDate;
  vendor: string;
  invoiceNumber: string;
  account: string;
  amountCents: number;
  description: string;
  /** Held back from a contractor until the work is accepted (typically 5%). */
  retentionCents?: number;
}

/** Warrant runs every other Thursday (Tuesday before Thanksgiving, when Thursday is a holiday). */
export const warrantRunDates: readonly IsoDate[] = [
  '2026-07-09',
  '2026-07-23',
  '2026-08-06',
  '2026-08-20',
  '2026-09-03',
  '2026-09-17',
  '2026-10-01',
  '2026-10-15',
  '2026-10-29',
  '2026-11-12',
  '2026-11-24',
] as IsoDate[];

/** Invoices are paid on the first warrant run at least this many days after their date. */
const AUDIT_DAYS = 6;

export class Payables {
  readonly #journal: DemoJournal;
  readonly #open: OpenInvoice[] = [];

  constructor(journal: DemoJournal) {
    this.#journal = journal;
  }

  invoice(spec: InvoiceSpec): void {
    const fund = spec.account.slice(0, 3);
    const retention = spec.retentionCents ?? 0;
    const payable = spec.amountCents - retention;
    this.#journal.add({
      key: spec.key,
      date: spec.date,
      description: `${spec.vendor} invoice ${spec.invoiceNumber}: ${spec.description}`,
      module: 'payables',
      reference: `INV ${spec.invoiceNumber}`,
      lines: [
        { account: spec.account, amountCents: spec.amountCents },
        { account: account(fund, '0000', objects.accountsPayable), amountCents: -payable },
        { account: account(fund, '0000', objects.retention), amountCents: -retention },
      ],
    });
    this.#open.push({ fund, date: spec.date, payableCents: payable });
  }

  /** June's unpaid invoices, paid by July's warrant runs. */
  openingPayable(opening: OpeningBalances, fund: string, date: IsoDate, amountCents: number): void {
    opening.add(account(fund, '0000', objects.accountsPayable), -amountCents);
    this.#open.push({ fund, date, payableCents: amountCents });
  }

  /** One entry per warrant run: each fund's payables paid from its pooled cash. */
  postWarrantRuns(): void {
    for (const runDate of warrantRunDates) {
      const cutoff = addDays(runDate, -AUDIT_DAYS);
      const byFund = new Map<string, number>();
      for (let index = this.#open.length - 1; index >= 0; index -= 1) {
        const invoice = this.#open[index];
        if (!invoice || invoice.date > cutoff) continue;
        byFund.set(invoice.fund, (byFund.get(invoice.fund) ?? 0) + invoice.payableCents);
        this.#open.splice(index, 1);
      }
      const lines: DemoLine[] = [...byFund]
        .sort(([a], [b]) => a.localeCompare(b))
        .flatMap(([fund, amount]) => [
          { account: account(fund, '0000', objects.accountsPayable), amountCents: amount },
          { account: account(fund, '0000', objects.pooledCash), amountCents: -amount },
        ]);
      if (lines.length === 0) continue;
      this.#journal.add({
        key: `warrants:${runDate}`,
        date: runDate,
        description: `Warrant register ${runDate}: vendor payments by check and ACH`,
        module: 'payables',
        reference: `WR ${runDate}`,
        lines,
      });
    }
  }
}

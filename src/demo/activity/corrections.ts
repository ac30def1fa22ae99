/**
 * Three mistakes a finance office really makes, each corrected the way the ledger requires: a
 * reversing entry linked to the mistaken one (which stays in the journal), then the right entry.
 * - An invoice charged to the wrong department (Police instead of Fire), caught two days later.
 * - A hotel's TOT return keyed with transposed digits in September, found by the September bank
 *   reconciliation and corrected in October, after September had closed.
 * - A lockbox payment file imported twice, reversed the next morning.
 * The mistaken entries post with the rest; the reversals are posted afterwards through
 * `reverseJournalEntry`, as a person would, and are described here.
 */
import type { IsoDate } from '../../shared/dates.js';
import { formatDollars, cents } from '../../shared/money.js';
import { account } from '../city.js';
import { objects } from '../chart.js';
import { DEMO_KEY_PREFIX, type DemoJournal } from '../journal.js';
import type { Payables } from './payables.js';
import { totReceiptKey } from './taxes.js';
import { utilityPaymentsKey } from './utility-billing.js';

export interface DemoReversal {
  /** Idempotency key of the entry to reverse. */
  originalKey: string;
  /** Text in its description or source reference, to find it through the journal search. */
  search: string;
  idempotencyKey: string;
  date: IsoDate;
  description: string;
}

export function generateMistakes(journal: DemoJournal, payables: Payables): DemoReversal[] {
  return [
    misdirectedInvoice(journal, payables),
    transposedTotReceipt(journal),
    duplicateLockboxFile(journal),
  ];
}

function misdirectedInvoice(journal: DemoJournal, payables: Payables): DemoReversal {
  const amount = 684_219;
  const what = 'Oak Valley Uniforms invoice 77214: station uniforms for Fire, August 2026';
  journal.add({
    key: 'mistake:uniforms-2026-08',
    date: '2026-08-12' as IsoDate,
    description: what,
    module: 'payables',
    reference: 'INV 77214',
    lines: [
      { account: account('100', '2100', objects.supplies), amountCents: amount },
      { account: account('100', '0000', objects.accountsPayable), amountCents: -amount },
    ],
  });
  payables.invoice({
    key: 'correction:uniforms-2026-08',
    date: '2026-08-14' as IsoDate,
    vendor: 'Oak Valley Uniforms',
    invoiceNumber: '77214',
    account: account('100', '2200', objects.supplies),
    amountCents: amount,
    description: 'station uniforms for Fire, August 2026 (re-entered to Fire after the reversal)',
  });
  return {
    originalKey: `${DEMO_KEY_PREFIX}mistake:uniforms-2026-08`,
    search: 'INV 77214',
    idempotencyKey: `${DEMO_KEY_PREFIX}reversal:uniforms-2026-08`,
    date: '2026-08-14' as IsoDate,
    description:
      'Reversal: Oak Valley Uniforms invoice 77214 was charged to Police; it belongs to Fire',
  };
}

function transposedTotReceipt(journal: DemoJournal): DemoReversal {
  const original = journal.take(totReceiptKey('2026-09', 'Creekside Lodge'));
  const right = original.lines.find((line) => line.amountCents > 0)?.amountCents ?? 0;
  const wrong = transposeLeadingDigits(right);
  const scale = (factor: number) =>
    original.lines.map((line) => ({ ...line, amountCents: Math.sign(line.amountCents) * factor }));
  journal.add({
    key: 'mistake:tot-creekside-2026-09',
    date: original.date,
    description: original.description,
    module: 'tot',
    reference: 'TOT CREEKSIDE 2026-08',
    lines: scale(wrong),
  });
  journal.add({
    key: 'correction:tot-creekside-2026-09',
    date: '2026-10-06' as IsoDate,
    description: `${original.description}, re-entered at the correct amount ${formatDollars(cents(right))}`,
    module: 'tot',
    reference: 'TOT CREEKSIDE 2026-08',
    lines: scale(right),
  });
  return {
    originalKey: `${DEMO_KEY_PREFIX}mistake:tot-creekside-2026-09`,
    search: 'TOT CREEKSIDE 2026-08',
    idempotencyKey: `${DEMO_KEY_PREFIX}reversal:tot-creekside-2026-09`,
    date: '2026-10-06' as IsoDate,
    description:
      `Reversal: Creekside Lodge August TOT keyed as ${formatDollars(cents(wrong))} instead of ` +
      `${formatDollars(cents(right))} (found in the September bank reconciliation)`,
  };
}

function duplicateLockboxFile(journal: DemoJournal): DemoReversal {
  const date = '2026-10-07' as IsoDate;
  journal.add({
    key: 'mistake:lockbox-2026-10-07-duplicate',
    date,
    description:
      'Utility payments 2026-10-07: lockbox, online and autopay (file LBX20261007 (1).txt)',
    module: 'utility_billing',
    reference: 'LBX20261007',
    lines: journal.linesOf(utilityPaymentsKey(date)),
  });
  return {
    originalKey: `${DEMO_KEY_PREFIX}mistake:lockbox-2026-10-07-duplicate`,
    search: 'LBX20261007',
    idempotencyKey: `${DEMO_KEY_PREFIX}reversal:lockbox-2026-10-07-duplicate`,
    date: '2026-10-08' as IsoDate,
    description:
      'Reversal: lockbox file LBX20261007 was imported twice; the second import is reversed',
  };
}

/** 25,180.00 keyed as 52,180.00: the first two digits of the dollars swapped. */
function transposeLeadingDigits(amountCents: number): number {
  const digits = String(amountCents).split('');
  const [first, second] = digits;
  if (first === undefined || second === undefined || first === second || second === '0') {
    return amountCents + 900_000;
  }
  digits[0] = second;
  digits[1] = first;
  return Number(digits.join(''));
}

/**
 * Generates the demo city's journal for July-November 2026: the opening balances and five months
 * of activity, in date order, plus the reversals to post afterwards. Pure: no database, the same
 * entries every time.
 */
import type { JournalEntryInput } from '../ledger/index.js';
import { generateCounterActivity } from './activity/counter.js';
import { generateMistakes, type DemoReversal } from './activity/corrections.js';
import { generateDebtAndReceivables } from './activity/debt-and-receivables.js';
import { generateInterfundActivity } from './activity/interfund.js';
import { addOpeningEntry } from './activity/opening.js';
import {
  generateFranchiseFees,
  generateGasTax,
  generateInvestmentEarnings,
} from './activity/other-revenues.js';
import { Payables } from './activity/payables.js';
import { generatePayroll } from './activity/payroll.js';
import {
  generatePropertyTaxes,
  generateSalesTax,
  generateTransientOccupancyTax,
} from './activity/taxes.js';
import { generateUtilityBilling } from './activity/utility-billing.js';
import { generateVendorInvoices } from './activity/vendor-invoices.js';
import { DemoJournal, OpeningBalances } from './journal.js';

export interface DemoJournalPlan {
  /** Every entry, opening balances first, in date order. */
  entries: JournalEntryInput[];
  reversals: DemoReversal[];
}

export function buildDemoJournal(): DemoJournalPlan {
  const journal = new DemoJournal();
  const opening = new OpeningBalances();
  const payables = new Payables(journal);
  generateSalesTax(journal, opening);
  generateTransientOccupancyTax(journal, opening);
  generatePropertyTaxes(journal, opening);
  generateFranchiseFees(journal);
  generateInvestmentEarnings(journal, opening);
  generateGasTax(journal, opening);
  const utilityAtCounter = generateUtilityBilling(journal, opening);
  generateCounterActivity(journal, opening, utilityAtCounter);
  generatePayroll(journal);
  generateVendorInvoices(payables, opening);
  generateInterfundActivity(journal);
  generateDebtAndReceivables(journal, opening);
  const reversals = generateMistakes(journal, payables);
  // Warrant runs come last: they pay every invoice generated above, corrections included.
  payables.postWarrantRuns();
  addOpeningEntry(journal, opening);
  return { entries: journal.entries(), reversals };
}

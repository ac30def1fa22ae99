/**
 * The opening balances of FY 2026-27 on July 1, 2026, as the audited FY 2025-26 statements left
 * them. Round figures here; receivables and payables the activity settles come from the
 * generators (see OpeningBalances); unassigned fund balance (governmental funds) and unrestricted
 * net position (proprietary funds) take what is left, so every fund balances.
 */
import type { IsoDate } from '../../shared/dates.js';
import { assert } from '../../shared/errors.js';
import { account, demoFunds } from '../city.js';
import { objects } from '../chart.js';
import { dollars, type DemoJournal, type OpeningBalances } from '../journal.js';

/** [fund, object, dollars]: debit positive (assets), credit negative (liabilities, equity). */
const fixedBalances: ReadonlyArray<readonly [string, string, number]> = [
  ['100', objects.pooledCash, 24_600_000],
  ['100', objects.fiscalAgentCash, 12_400],
  ['100', objects.pettyCash, 3_500],
  ['100', objects.dueFromGovernments, 412_000],
  ['100', objects.prepaid, 96_000],
  ['100', objects.nonspendable, -96_000],
  ['100', objects.committed, -6_500_000],
  ['100', objects.assigned, -2_400_000],
  ['220', objects.pooledCash, 1_820_000],
  ['510', objects.pooledCash, 9_850_000],
  ['510', objects.fiscalAgentCash, 1_650_000],
  ['510', objects.inventory, 312_000],
  ['510', objects.land, 2_100_000],
  ['510', objects.infrastructure, 86_400_000],
  ['510', objects.equipment, 4_200_000],
  ['510', objects.constructionInProgress, 1_350_000],
  ['510', objects.accumulatedDepreciation, -38_600_000],
  ['510', objects.bondsPayable, -16_500_000],
  ['510', objects.compensatedAbsences, -412_000],
  ['510', objects.netInvestmentInCapitalAssets, -38_950_000],
  ['510', objects.restrictedNetPosition, -1_650_000],
  ['520', objects.pooledCash, 6_240_000],
  ['520', objects.land, 850_000],
  ['520', objects.infrastructure, 61_300_000],
  ['520', objects.equipment, 2_600_000],
  ['520', objects.constructionInProgress, 420_000],
  ['520', objects.accumulatedDepreciation, -29_900_000],
  ['520', objects.loansPayable, -5_960_000],
  ['520', objects.compensatedAbsences, -268_000],
  ['520', objects.netInvestmentInCapitalAssets, -29_310_000],
  ['610', objects.pooledCash, 2_380_000],
  ['610', objects.inventory, 164_000],
  ['610', objects.equipment, 11_800_000],
  ['610', objects.accumulatedDepreciation, -6_950_000],
  ['610', objects.compensatedAbsences, -96_000],
  ['610', objects.netInvestmentInCapitalAssets, -4_850_000],
];

export const OPENING_DATE = '2026-07-01' as IsoDate;

export function addOpeningEntry(journal: DemoJournal, opening: OpeningBalances): void {
  for (const [fund, object, amount] of fixedBalances) {
    opening.add(account(fund, '0000', object), dollars(amount));
  }
  const lines = opening.lines();
  for (const fund of demoFunds) {
    const net = lines
      .filter((line) => line.account.startsWith(fund.code))
      .reduce((sum, line) => sum + line.amountCents, 0);
    // Assets exceed liabilities in every fund: the remainder is a credit to fund balance.
    assert(net > 0, `opening balances of fund ${fund.code} leave a deficit`);
    const remainder = fund.isProprietary
      ? objects.unrestrictedNetPosition
      : fund.code === '100'
        ? objects.unassigned
        : objects.restricted;
    lines.push({ account: account(fund.code, '0000', remainder), amountCents: -net });
  }
  journal.add({
    key: 'opening-balances:fy2027',
    date: OPENING_DATE,
    description: 'Opening balances for FY 2026-27 (audited FY 2025-26 closing balances)',
    module: 'gl',
    reference: 'OB FY2027',
    isOpening: true,
    lines: lines.sort((a, b) => a.account.localeCompare(b.account)),
  });
}

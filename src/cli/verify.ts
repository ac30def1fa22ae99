/**
 * The one list of invariant checks `civic verify` runs. Each module exports its own checks
 * (the ledger's `ledgerChecks`); as receivables, cashiering and the rest arrive, add their lists
 * here and nothing else changes.
 */
import { auditChecks } from '../audit/index.js';
import { cashieringChecks } from '../cashiering/index.js';
import { collectionChecks } from '../collections/index.js';
import { customerChecks } from '../customers/index.js';
import { ledgerChecks, type InvariantCheck, type InvariantViolation } from '../ledger/index.js';
import { receivableChecks } from '../receivables/index.js';
import { utilityChecks } from '../utility/index.js';
import type { Executor } from '../shared/db.js';

export interface CheckGroup {
  module: string;
  checks: readonly InvariantCheck[];
}

export const invariantCheckGroups: readonly CheckGroup[] = [
  { module: 'ledger', checks: ledgerChecks },
  { module: 'receivables', checks: receivableChecks },
  { module: 'utility', checks: utilityChecks },
  { module: 'collections', checks: collectionChecks },
  { module: 'customers', checks: customerChecks },
  { module: 'cashiering', checks: cashieringChecks },
  { module: 'audit', checks: auditChecks },
];

export interface CheckOutcome {
  module: string;
  invariant: string;
  description: string;
  violations: InvariantViolation[];
}

/** Runs every check, one after another (they are read-only and each scans a whole table). */
export async function runInvariantChecks(
  db: Executor,
  groups: readonly CheckGroup[] = invariantCheckGroups,
  onOutcome?: (outcome: CheckOutcome) => void,
): Promise<CheckOutcome[]> {
  const outcomes: CheckOutcome[] = [];
  for (const group of groups) {
    for (const check of group.checks) {
      const outcome = {
        module: group.module,
        invariant: check.invariant,
        description: check.description,
        violations: await check.run(db),
      };
      outcomes.push(outcome);
      onOutcome?.(outcome);
    }
  }
  return outcomes;
}

/**
 * Dunning: past-due notices at configurable stages (reminder at 30 days past due, second notice
 * at 60, final at 90 by default; data, edited by billing.catalog). The rule, pure: an invoice
 * gets the highest stage its days past due have reached, if it has not had a notice at that stage
 * or a later one; a customer gets one letter per run naming all their invoices noticed, headed by
 * the highest stage among them.
 */
export interface DunningStage {
  stage: number;
  code: string;
  name: string;
  daysPastDue: number;
  nextStep: string;
  isActive: boolean;
}

/** The highest active stage reached at this many days past due, or null. */
export function stageReached(stages: readonly DunningStage[], daysPastDue: number): DunningStage | null {
  let reached: DunningStage | null = null;
  for (const stage of stages) {
    if (stage.isActive && daysPastDue >= stage.daysPastDue && (!reached || stage.stage > reached.stage)) reached = stage;
  }
  return reached;
}

/** The stage to notice an invoice at now, given the highest stage it was noticed at (0: none). */
export function stageToNotice(stages: readonly DunningStage[], daysPastDue: number, highestNoticed: number): DunningStage | null {
  const reached = stageReached(stages, daysPastDue);
  return reached && reached.stage > highestNoticed ? reached : null;
}

export const dunningSkipReasons = ['collections_hold', 'deceased', 'bankruptcy'] as const;
export type DunningSkipReason = (typeof dunningSkipReasons)[number];
export type DunningHoldReason = 'returned_mail' | 'no_mailing_address';

export interface CustomerDunningFlags {
  hasCollectionsHold: boolean;
  isDeceased: boolean;
  inBankruptcy: boolean;
  hasReturnedMail: boolean;
  hasMailingAddress: boolean;
}

/** Skipped: no notice at all. Held: the notice is recorded but the letter waits for an address. */
export function dunningDisposition(flags: CustomerDunningFlags): { skip: DunningSkipReason | null; hold: DunningHoldReason | null } {
  if (flags.hasCollectionsHold) return { skip: 'collections_hold', hold: null };
  if (flags.isDeceased) return { skip: 'deceased', hold: null };
  if (flags.inBankruptcy) return { skip: 'bankruptcy', hold: null };
  if (flags.hasReturnedMail) return { skip: null, hold: 'returned_mail' };
  if (!flags.hasMailingAddress) return { skip: null, hold: 'no_mailing_address' };
  return { skip: null, hold: null };
}

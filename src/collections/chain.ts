/**
 * The delinquency chain, the pure part: what the daily job does for one utility account on one day.
 *
 * A case opens when at least the minimum (setting collections.minimum_past_due_cents) is past due
 * and is cured when less than that is. While a case is open its class's steps come in order, at
 * most one a day: a step is due when the oldest unpaid bill is at least `daysPastDue` past its due
 * date and at least `waitBusinessDays` business days have passed since the previous step. Nothing
 * advances while the account is on hold or a payment arrangement is in good standing (it protects
 * the account; its defaults are the arrangements' own job). A shutoff step asks the SB 998 rules
 * first (eligibility.ts); when they refuse, the case waits on that step and says why.
 */
import type { IsoDate } from '../shared/dates.js';
import type { Cents } from '../shared/money.js';
import { daysPastDue } from './delinquency.js';
import type { StepType } from './types.js';

export interface ChainStep {
  stepOrder: number;
  stepType: StepType;
  name: string;
  daysPastDue: number;
  waitBusinessDays: number;
  isActive: boolean;
}

export interface OpenCase {
  caseId: number;
  stepOrder: number;
  stepDoneOn: IsoDate | null;
}

export interface AccountSituation {
  utilityAccountId: number;
  classCode: string;
  pastDueCents: Cents;
  oldestUnpaidDueDate: IsoDate | null;
  openCase: OpenCase | null;
  onHold: boolean;
  arrangementProtects: boolean;
}

export type ChainDecision =
  | { kind: 'none' }
  | { kind: 'open_case'; delinquentSince: IsoDate }
  | { kind: 'cure'; caseId: number }
  | { kind: 'wait'; caseId: number; reason: 'hold' | 'arrangement' | 'not_due' | 'chain_done' }
  | { kind: 'step'; caseId: number; step: ChainStep };

export interface ChainContext {
  asOf: IsoDate;
  minimumPastDueCents: Cents;
  /** Business days after `from` up to and including `to` (0 when `to` <= `from`). */
  businessDaysBetween: (from: IsoDate, to: IsoDate) => number;
}

/** The next active step after the one done, or null at the end of the chain. */
export function nextStep(steps: readonly ChainStep[], doneStepOrder: number): ChainStep | null {
  let next: ChainStep | null = null;
  for (const step of steps) {
    if (!step.isActive || step.stepOrder <= doneStepOrder) continue;
    if (next === null || step.stepOrder < next.stepOrder) next = step;
  }
  return next;
}

/** What happens to one account today. A case opened today takes its first step on the next run (the same run, phase two). */
export function decide(situation: AccountSituation, steps: readonly ChainStep[], context: ChainContext): ChainDecision {
  const delinquent = situation.oldestUnpaidDueDate !== null && situation.pastDueCents > 0
    && situation.pastDueCents >= context.minimumPastDueCents;
  const open = situation.openCase;
  if (open === null) {
    return delinquent ? { kind: 'open_case', delinquentSince: situation.oldestUnpaidDueDate as IsoDate } : { kind: 'none' };
  }
  if (!delinquent) return { kind: 'cure', caseId: open.caseId };
  if (situation.onHold) return { kind: 'wait', caseId: open.caseId, reason: 'hold' };
  if (situation.arrangementProtects) return { kind: 'wait', caseId: open.caseId, reason: 'arrangement' };
  const step = nextStep(steps, open.stepOrder);
  if (step === null) return { kind: 'wait', caseId: open.caseId, reason: 'chain_done' };
  const late = daysPastDue(situation.oldestUnpaidDueDate as IsoDate, context.asOf);
  const waited = open.stepDoneOn === null ? Number.POSITIVE_INFINITY : context.businessDaysBetween(open.stepDoneOn, context.asOf);
  if (late < step.daysPastDue || waited < step.waitBusinessDays || open.stepDoneOn === context.asOf) {
    return { kind: 'wait', caseId: open.caseId, reason: 'not_due' };
  }
  return { kind: 'step', caseId: open.caseId, step };
}

export interface ChainProblem {
  field: string;
  message: string;
}

/**
 * A class's chain is refused when steps repeat an order, come due earlier than the step before,
 * or (residential) a shutoff order comes without an SB 998 notice before it or sooner than 60
 * days past due — the rules would refuse every such shutoff anyway; the set-up says so at once.
 */
export function validateChain(steps: readonly Omit<ChainStep, 'isActive'>[], isResidential: boolean): ChainProblem[] {
  const problems: ChainProblem[] = [];
  const seen = new Set<number>();
  const sorted = [...steps].map((step, index) => ({ step, index })).sort((a, b) => a.step.stepOrder - b.step.stepOrder);
  let previous: Omit<ChainStep, 'isActive'> | null = null;
  let sb998NoticeSeen = false;
  for (const { step, index } of sorted) {
    const at = `steps[${index}]`;
    if (!Number.isInteger(step.stepOrder) || step.stepOrder < 1 || step.stepOrder > 20) problems.push({ field: `${at}.stepOrder`, message: 'must be a whole number from 1 to 20' });
    if (seen.has(step.stepOrder)) problems.push({ field: `${at}.stepOrder`, message: `step ${step.stepOrder} is listed twice` });
    seen.add(step.stepOrder);
    if (!Number.isInteger(step.daysPastDue) || step.daysPastDue < 0 || step.daysPastDue > 3650) problems.push({ field: `${at}.daysPastDue`, message: 'must be a whole number of days from 0 to 3650' });
    if (!Number.isInteger(step.waitBusinessDays) || step.waitBusinessDays < 0 || step.waitBusinessDays > 60) problems.push({ field: `${at}.waitBusinessDays`, message: 'must be a whole number of business days from 0 to 60' });
    if (step.name.trim() === '' || step.name.length > 60) problems.push({ field: `${at}.name`, message: 'name the step (at most 60 characters)' });
    if (previous !== null && step.daysPastDue < previous.daysPastDue) {
      problems.push({ field: `${at}.daysPastDue`, message: `comes due at ${step.daysPastDue} days, before step ${previous.stepOrder} (${previous.daysPastDue} days)` });
    }
    if (step.stepType === 'sb998_notice') sb998NoticeSeen = true;
    if (step.stepType === 'shutoff_order' && isResidential) {
      if (!sb998NoticeSeen) problems.push({ field: `${at}.stepType`, message: 'a residential shutoff order needs an SB 998 notice step before it (Health and Safety Code 116908)' });
      if (step.daysPastDue < 60) problems.push({ field: `${at}.daysPastDue`, message: 'a residential shutoff cannot come before 60 days past due (Health and Safety Code 116908(a)(1))' });
    }
    previous = step;
  }
  return problems;
}

/**
 * One account's bill for one period, from what the bill run read about it: its agreements, the
 * consumption each metered agreement's reads add up to, the rate versions in force, and its bill
 * history. Pure: the rate arithmetic is the rate engine's (`rates.ts`); this decides the bill's
 * kind, its lines in order, and its exceptions for the pre-bill register.
 *
 * Exceptions (listed on the register; no_rate, no_read, read_exception and negative also hold the bill
 * until a clerk releases it):
 * - `no_rate`: a service's rate schedule has no version in force for the whole period;
 * - `no_read`: a metered service has no accepted read in the period (billed at zero use);
 * - `read_exception`: a read in the period waits in the review queue;
 * - `estimated`: a read in the period is estimated;
 * - `zero`: the bill comes to $0.00; `negative`: below zero;
 * - `high`: more than HIGH_BILL_FACTOR times the account's average bill of the last 12 months.
 */
import { Decimal } from 'decimal.js';
import type { IsoDate } from '../shared/dates.js';
import { sumCents, type Cents } from '../shared/money.js';
import { calculateCharges, type RateDefinition } from './rates.js';
import type { BillingUnit, ChargeLine, MeterSize, RateVersionRow, ServiceType } from './types.js';

/** A bill above this many times the 12-month average bill is flagged `high`. */
export const HIGH_BILL_FACTOR = '1.5';

export const billExceptions = ['no_rate', 'no_read', 'read_exception', 'estimated', 'zero', 'negative', 'high'] as const;
export type BillException = (typeof billExceptions)[number];
/** Exceptions that hold a bill out of finalization until a clerk releases it. */
export const holdingExceptions: readonly BillException[] = ['no_rate', 'no_read', 'read_exception', 'negative'];

export interface AgreementSnapshot {
  agreementId: number;
  serviceType: ServiceType;
  rateCode: string;
  startedOn: IsoDate;
  endedOn: IsoDate | null;
  meterId: number | null;
  meterSize: MeterSize | null;
  meterUnit: BillingUnit | null;
  /** Sum of the live reads' consumption in the period (meter unit, multiplier applied); null if no read. */
  consumption: string | null;
  fromReadId: number | null;
  toReadId: number | null;
  hasEstimated: boolean;
  hasPendingException: boolean;
  winterAverage: string | null;
}

export interface AccountSnapshot {
  accountId: number;
  accountNumber: string;
  classCode: string;
  isResidential: boolean;
  tiersPerUnit: boolean;
  dwellingUnits: number;
  startedOn: IsoDate;
  stoppedOn: IsoDate | null;
  periodFrom: IsoDate;
  periodTo: IsoDate;
  hasPreviousBill: boolean;
  /** Average of the last 12 months' bills, in cents, or null. */
  averageBillCents: number | null;
  agreements: AgreementSnapshot[];
}

export interface BillDraft {
  accountId: number;
  billKind: 'regular' | 'first' | 'final';
  periodFrom: IsoDate;
  periodTo: IsoDate;
  consumption: string | null;
  isEstimated: boolean;
  totalCents: Cents;
  exceptions: BillException[];
  holdReason: string | null;
  lines: ChargeLine[];
  reads: Array<{ meterId: number; fromReadId: number | null; toReadId: number | null; consumption: string }>;
}

const holdReasons: Record<string, string> = {
  no_rate: 'A service has no rate in force for the whole period',
  no_read: 'No accepted read for a metered service',
  read_exception: 'A read in the period awaits review',
  negative: 'The bill comes to less than zero',
};

export type RatesByCode = ReadonlyMap<string, readonly RateVersionRow<RateDefinition>[]>;

const noVersions: readonly RateVersionRow<RateDefinition>[] = [];

function coversThrough(versions: readonly RateVersionRow<RateDefinition>[], date: IsoDate): boolean {
  const last = versions[versions.length - 1] as RateVersionRow<RateDefinition>;
  return last.effectiveTo === null || last.effectiveTo >= date;
}

function laterOf(a: IsoDate, b: IsoDate): IsoDate {
  return a > b ? a : b;
}
function earlierOf(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? a : b;
}

export function calculateBill(account: AccountSnapshot, rates: RatesByCode, options: { periodMonths?: number } = {}): BillDraft {
  const lines: ChargeLine[] = [];
  const exceptions = new Set<BillException>();
  const reads: BillDraft['reads'] = [];
  let waterUse: Decimal | null = null;
  const isFinal = account.stoppedOn !== null && account.stoppedOn <= account.periodTo;
  for (const agreement of account.agreements) {
    const serviceFrom = laterOf(account.periodFrom, agreement.startedOn);
    const serviceTo = agreement.endedOn ? earlierOf(account.periodTo, agreement.endedOn) : account.periodTo;
    if (serviceTo < serviceFrom) continue;
    const isMetered = agreement.meterId !== null;
    if (isMetered) {
      // A read waiting in the review queue is the reason, not a missing read.
      if (agreement.consumption === null && !agreement.hasPendingException) exceptions.add('no_read');
      if (agreement.hasPendingException) exceptions.add('read_exception');
      if (agreement.hasEstimated) exceptions.add('estimated');
      const use = agreement.consumption ?? '0';
      reads.push({ meterId: agreement.meterId as number, fromReadId: agreement.fromReadId, toReadId: agreement.toReadId, consumption: use });
      if (agreement.serviceType === 'water' || agreement.serviceType === 'irrigation') waterUse = (waterUse ?? new Decimal(0)).plus(use);
    }
    const versions = rates.get(agreement.rateCode) ?? noVersions;
    if (versions.length === 0 || versions[0]!.effectiveFrom > serviceFrom || !coversThrough(versions, serviceTo)) {
      exceptions.add('no_rate');
      continue;
    }
    lines.push(...calculateCharges(versions, {
      serviceType: agreement.serviceType,
      classCode: account.classCode,
      isResidential: account.isResidential,
      tiersPerUnit: account.tiersPerUnit,
      dwellingUnits: account.dwellingUnits,
      meterSize: agreement.meterSize,
      periodFrom: account.periodFrom,
      periodTo: account.periodTo,
      periodMonths: options.periodMonths ?? 1,
      serviceFrom,
      serviceTo,
      consumption: isMetered ? (agreement.consumption ?? '0') : null,
      consumptionUnit: agreement.meterUnit ?? 'HCF',
      winterAverage: agreement.winterAverage,
    }));
  }
  const totalCents = sumCents(lines.map((line) => line.amountCents));
  if (totalCents === 0) exceptions.add('zero');
  if (totalCents < 0) exceptions.add('negative');
  if (account.averageBillCents !== null && account.averageBillCents > 0
    && new Decimal(totalCents).greaterThan(new Decimal(account.averageBillCents).times(HIGH_BILL_FACTOR))) exceptions.add('high');
  const ordered = billExceptions.filter((code) => exceptions.has(code));
  const holding = ordered.filter((code) => holdingExceptions.includes(code));
  return {
    accountId: account.accountId,
    billKind: isFinal ? 'final' : !account.hasPreviousBill && account.startedOn >= account.periodFrom ? 'first' : 'regular',
    periodFrom: account.periodFrom,
    periodTo: account.periodTo,
    consumption: waterUse === null ? null : waterUse.toFixed(4),
    isEstimated: exceptions.has('estimated'),
    totalCents,
    exceptions: ordered,
    holdReason: holding.length === 0 ? null
      : holding.map((code) => holdReasons[code]).join('; '),
    lines,
    reads,
  };
}

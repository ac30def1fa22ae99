/**
 * Utility billing's shared vocabulary: what the rate engine, the read validation, the bill run and
 * the service orders agree on. Pure types and small constants only.
 */
import type { IsoDate } from '../shared/dates.js';
import type { Cents } from '../shared/money.js';

export const serviceTypes = ['water', 'sewer', 'refuse', 'fire_line', 'irrigation', 'stormwater'] as const;
export type ServiceType = (typeof serviceTypes)[number];

/** Meter sizes in inches, as the trade writes them (5/8" to 8"). */
export const meterSizes = ['5/8', '3/4', '1', '1-1/2', '2', '3', '4', '6', '8'] as const;
export type MeterSize = (typeof meterSizes)[number];

/** HCF: hundred cubic feet (748.052 gallons); GAL: gallons. */
export const billingUnits = ['HCF', 'GAL'] as const;
export type BillingUnit = (typeof billingUnits)[number];
export const GALLONS_PER_HCF = '748.052';

export const chargeComponents = ['fixed', 'tier', 'uniform', 'minimum', 'flat', 'surcharge', 'winter_average', 'percent_fee'] as const;
export type ChargeComponent = (typeof chargeComponents)[number];

/** What the bill run knows about one service agreement for one bill, handed to the rate engine. */
export interface ChargeContext {
  serviceType: ServiceType;
  classCode: string;
  isResidential: boolean;
  /** Multi-family classes: tier widths are multiplied by the dwelling units. */
  tiersPerUnit: boolean;
  dwellingUnits: number;
  /** Null for unmetered service (flat sewer, refuse). */
  meterSize: MeterSize | null;
  /** The bill's period, inclusive; rates are per month and a full period of a monthly cycle is one month. */
  periodFrom: IsoDate;
  periodTo: IsoDate;
  /** 1 for monthly cycles, 2 for bimonthly. */
  periodMonths: number;
  /** The days of the period the account was in service (first and final bills are prorated by them). */
  serviceFrom: IsoDate;
  serviceTo: IsoDate;
  /** Consumption over the period in `consumptionUnit`, a decimal string; null when unmetered. */
  consumption: string | null;
  consumptionUnit: BillingUnit;
  /** Average monthly water use over the last winter (December–March), for sewer; a decimal string or null. */
  winterAverage: string | null;
}

/** One line of a bill, rounded once to cents by the rate engine. */
export interface ChargeLine {
  serviceType: ServiceType;
  component: ChargeComponent;
  description: string;
  /** Decimal strings, for the bill and the register. */
  quantity: string | null;
  unitPrice: string | null;
  amountCents: Cents;
  /** The GL account credited, by code (510-7100-44100). */
  revenueAccount: string;
}

export interface RateVersionRow<Definition = unknown> {
  id: number;
  rateCode: string;
  effectiveFrom: IsoDate;
  effectiveTo: IsoDate | null;
  definition: Definition;
}

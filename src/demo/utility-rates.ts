/**
 * The demo city's water and sewer rates, as data: the schedules a California city adopts after a
 * Prop 218 hearing. Each has the FY2026 rates (2025-07-01 to 2026-06-30) and the FY2027 increase
 * (about 5%, from 2026-07-01, open-ended), so a bill crossing July 1 is prorated between them.
 * Water revenue goes to the Water Utility Fund (510), sewer revenue to the Sewer Fund (520).
 * Meter charges follow the AWWA meter-capacity ratios (5/8" = 1, 1" = 2.5, 2" = 8, 8" = 100).
 * Loaded once (a schedule that exists is skipped), through the utility module's use cases.
 */
import type { Actor } from '../shared/actor.js';
import { inTransaction, type Database } from '../shared/db.js';
import {
  addRateVersion,
  createRateSchedule,
  listRateSchedules,
  type MeterSize,
  type RateDefinition,
  type ServiceType,
  type TierBlock,
} from '../utility/index.js';

export interface DemoRateSchedule {
  code: string;
  name: string;
  serviceType: ServiceType;
  versions: Array<{ effectiveFrom: string; effectiveTo: string | null; definition: RateDefinition }>;
}

const revenue = {
  waterSales: '510-7100-44100',
  waterMeter: '510-7100-44200',
  sewer: '520-7200-44600',
} as const;

/** Cents a month by meter size. */
const meterChargesFy2026: Record<MeterSize, number> = {
  '5/8': 2850, '3/4': 4275, '1': 7125, '1-1/2': 14_250, '2': 22_800, '3': 49_875, '4': 85_500, '6': 178_125, '8': 285_000,
};
const meterChargesFy2027: Record<MeterSize, number> = {
  '5/8': 2995, '3/4': 4493, '1': 7488, '1-1/2': 14_975, '2': 23_960, '3': 52_413, '4': 89_850, '6': 187_188, '8': 299_500,
};

function water(
  meterCharges: Record<MeterSize, number>,
  use: { blocks: TierBlock[] } | { rate: string },
  capitalSurchargeCents: number,
): RateDefinition {
  return {
    billingUnit: 'HCF',
    fixed: { revenueAccount: revenue.waterMeter, amountCentsPerMonthBySize: meterCharges },
    ...('blocks' in use
      ? { tiers: { revenueAccount: revenue.waterSales, blocks: use.blocks } }
      : { uniform: { revenueAccount: revenue.waterSales, rate: use.rate } }),
    surcharges: [{
      code: 'CIP', description: 'Capital improvement surcharge', revenueAccount: revenue.waterMeter, per: 'account', amountCentsPerMonth: capitalSurchargeCents,
    }],
  };
}

const tiers = (bounds: [string, string], rates: [string, string, string]): TierBlock[] => [
  { from: '0', to: bounds[0], rate: rates[0] },
  { from: bounds[0], to: bounds[1], rate: rates[1] },
  { from: bounds[1], to: null, rate: rates[2] },
];

const fy2026 = { effectiveFrom: '2025-07-01', effectiveTo: '2026-06-30' };
const fy2027 = { effectiveFrom: '2026-07-01', effectiveTo: null };

export const demoRateSchedules: readonly DemoRateSchedule[] = [
  {
    code: 'WATER-RES', name: 'Water - single-family residential', serviceType: 'water',
    versions: [
      { ...fy2026, definition: water(meterChargesFy2026, { blocks: tiers(['10', '25'], ['3.45', '4.12', '5.38']) }, 400) },
      { ...fy2027, definition: water(meterChargesFy2027, { blocks: tiers(['10', '25'], ['3.62', '4.33', '5.65']) }, 400) },
    ],
  },
  {
    // Tier widths per dwelling unit: a fourplex's first tier is 24 HCF a month.
    code: 'WATER-MFR', name: 'Water - multi-family residential (tiers per dwelling unit)', serviceType: 'water',
    versions: [
      { ...fy2026, definition: water(meterChargesFy2026, { blocks: tiers(['6', '12'], ['3.45', '4.12', '5.38']) }, 400) },
      { ...fy2027, definition: water(meterChargesFy2027, { blocks: tiers(['6', '12'], ['3.62', '4.33', '5.65']) }, 400) },
    ],
  },
  {
    code: 'WATER-COM', name: 'Water - commercial and institutional', serviceType: 'water',
    versions: [
      { ...fy2026, definition: water(meterChargesFy2026, { rate: '4.05' }, 400) },
      { ...fy2027, definition: water(meterChargesFy2027, { rate: '4.25' }, 400) },
    ],
  },
  {
    code: 'WATER-IRR', name: 'Water - dedicated irrigation meters', serviceType: 'irrigation',
    versions: [
      { ...fy2026, definition: water(meterChargesFy2026, { rate: '4.48' }, 400) },
      { ...fy2027, definition: water(meterChargesFy2027, { rate: '4.70' }, 400) },
    ],
  },
  {
    code: 'SEWER-RES', name: 'Sewer - single-family residential', serviceType: 'sewer',
    versions: [
      { ...fy2026, definition: { billingUnit: 'HCF', flat: { revenueAccount: revenue.sewer, description: 'Sewer service charge', amountCentsPerMonth: 5240 } } },
      { ...fy2027, definition: { billingUnit: 'HCF', flat: { revenueAccount: revenue.sewer, description: 'Sewer service charge', amountCentsPerMonth: 5502 } } },
    ],
  },
  {
    code: 'SEWER-MFR', name: 'Sewer - multi-family residential (per dwelling unit)', serviceType: 'sewer',
    versions: [
      { ...fy2026, definition: { billingUnit: 'HCF', flat: { revenueAccount: revenue.sewer, description: 'Sewer service charge', amountCentsPerMonth: 3810, perDwellingUnit: true } } },
      { ...fy2027, definition: { billingUnit: 'HCF', flat: { revenueAccount: revenue.sewer, description: 'Sewer service charge', amountCentsPerMonth: 4001, perDwellingUnit: true } } },
    ],
  },
  {
    // Commercial sewer from the average water use of December to March (water that reaches the
    // sewer rather than landscaping), with a monthly minimum.
    code: 'SEWER-COM', name: 'Sewer - commercial (winter average water use)', serviceType: 'sewer',
    versions: [
      { ...fy2026, definition: { billingUnit: 'HCF', winterAverage: { revenueAccount: revenue.sewer, rate: '5.12', defaultPerMonth: '10' }, minimum: { revenueAccount: revenue.sewer, amountCentsPerMonth: 3000 } } },
      { ...fy2027, definition: { billingUnit: 'HCF', winterAverage: { revenueAccount: revenue.sewer, rate: '5.38', defaultPerMonth: '10' }, minimum: { revenueAccount: revenue.sewer, amountCentsPerMonth: 3150 } } },
    ],
  },
];

export interface DemoRatesReport {
  schedules: number;
  versions: number;
  wasAlreadyLoaded: boolean;
}

/** Creates the demo schedules that do not exist yet and their versions, in one transaction. */
export async function loadDemoRates(database: Database, actor: Actor): Promise<DemoRatesReport> {
  return inTransaction(database, async (tx) => {
    const existing = new Set((await listRateSchedules(tx)).map((schedule) => schedule.code));
    const missing = demoRateSchedules.filter((schedule) => !existing.has(schedule.code));
    let versions = 0;
    for (const schedule of missing) {
      await createRateSchedule(database, { input: { code: schedule.code, name: schedule.name, serviceType: schedule.serviceType }, actor, inTx: tx });
      for (const version of schedule.versions) {
        await addRateVersion(database, { rateCode: schedule.code, input: version, actor, inTx: tx });
        versions += 1;
      }
    }
    return { schedules: missing.length, versions, wasAlreadyLoaded: missing.length === 0 };
  });
}

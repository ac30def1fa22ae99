import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, type IsoDate } from '../shared/dates.js';
import { AppError } from '../shared/errors.js';
import { roundToCents } from '../shared/money.js';
import {
  calculateCharges,
  compileRates,
  calculateCompiledCharges,
  totalOfLines,
  validateRateDefinition,
  validateRateVersions,
  type RateDefinition,
  type TierBlock,
} from './rates.js';
import type { ChargeContext, ChargeLine, RateVersionRow } from './types.js';

const d = (text: string) => text as IsoDate;
const accounts = { use: '510-7100-44100', meter: '510-7100-44200', sewer: '520-7200-44600' };

const residentialTiers: TierBlock[] = [
  { from: '0', to: '10', rate: '3.45' },
  { from: '10', to: '25', rate: '4.12' },
  { from: '25', to: null, rate: '5.38' },
];

function waterResidential(overrides: Partial<RateDefinition> = {}): RateDefinition {
  return {
    billingUnit: 'HCF',
    fixed: { revenueAccount: accounts.meter, amountCentsPerMonthBySize: { '5/8': 2850, '3/4': 4275, '1': 7125 } },
    tiers: { revenueAccount: accounts.use, blocks: residentialTiers },
    ...overrides,
  };
}

let versionId = 0;
function version(definition: RateDefinition, effectiveFrom = '2025-07-01', effectiveTo: string | null = null, rateCode = 'WATER-RES'): RateVersionRow<RateDefinition> {
  versionId += 1;
  return { id: versionId, rateCode, effectiveFrom: d(effectiveFrom), effectiveTo: effectiveTo === null ? null : d(effectiveTo), definition };
}

function context(overrides: Partial<ChargeContext> = {}): ChargeContext {
  return {
    serviceType: 'water',
    classCode: 'single_family',
    isResidential: true,
    tiersPerUnit: false,
    dwellingUnits: 1,
    meterSize: '5/8',
    periodFrom: d('2026-03-01'),
    periodTo: d('2026-03-31'),
    periodMonths: 1,
    serviceFrom: d('2026-03-01'),
    serviceTo: d('2026-03-31'),
    consumption: '18',
    consumptionUnit: 'HCF',
    winterAverage: null,
    ...overrides,
  };
}

const brief = (lines: ChargeLine[]) => lines.map((line) => [line.description, line.amountCents]);

function problems(work: () => unknown): Array<{ field: string; message: string }> {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    const details = (error as AppError).details;
    return (details.problems as Array<{ field: string; message: string }> | undefined) ?? [{ field: String(details.field), message: (error as Error).message }];
  }
  throw new Error('expected invalid_input');
}

describe('worked examples (check them by hand)', () => {
  it('a single-family bill across three tiers: 28 HCF on a 5/8" meter', () => {
    const lines = calculateCharges([version(waterResidential())], context({ consumption: '28' }));
    expect(brief(lines)).toEqual([
      ['Meter service charge, 5/8" meter: 1 month at $28.50', 2850],
      ['Water use, tier 1: 10.0000 HCF at $3.4500', 3450], // 10 × 3.45 = 34.50
      ['Water use, tier 2: 15.0000 HCF at $4.1200', 6180], // 15 × 4.12 = 61.80
      ['Water use, tier 3: 3.0000 HCF at $5.3800', 1614], // 3 × 5.38 = 16.14
    ]);
    expect(totalOfLines(lines)).toBe(14_094);
    expect(lines.map((line) => line.revenueAccount)).toEqual([accounts.meter, accounts.use, accounts.use, accounts.use]);
    expect(lines[1]).toMatchObject({ component: 'tier', quantity: '10.0000', unitPrice: '3.4500', serviceType: 'water' });
  });

  it('leaves out tiers that get no use, and shows tier 1 even at zero use', () => {
    expect(brief(calculateCharges([version(waterResidential())], context({ consumption: '8' })))).toEqual([
      ['Meter service charge, 5/8" meter: 1 month at $28.50', 2850],
      ['Water use, tier 1: 8.0000 HCF at $3.4500', 2760],
    ]);
    expect(brief(calculateCharges([version(waterResidential())], context({ consumption: '0' })))).toEqual([
      ['Meter service charge, 5/8" meter: 1 month at $28.50', 2850],
      ['Water use, tier 1: 0.0000 HCF at $3.4500', 0],
    ]);
  });

  it('a bimonthly cycle doubles monthly amounts and tier widths', () => {
    const lines = calculateCharges([version(waterResidential())], context({ periodFrom: d('2026-03-01'), periodTo: d('2026-04-30'), serviceFrom: d('2026-03-01'), serviceTo: d('2026-04-30'), periodMonths: 2, consumption: '30' }));
    expect(brief(lines)).toEqual([
      ['Meter service charge, 5/8" meter: 2 months at $28.50', 5700],
      ['Water use, tier 1: 20.0000 HCF at $3.4500', 6900],
      ['Water use, tier 2: 10.0000 HCF at $4.1200', 4120],
    ]);
  });

  it('multi-family: tier widths are multiplied by the dwelling units', () => {
    const definition = waterResidential({
      fixed: { revenueAccount: accounts.meter, amountCentsPerMonthBySize: { '2': 22_800 } },
      tiers: { revenueAccount: accounts.use, blocks: [{ from: '0', to: '6', rate: '3.45' }, { from: '6', to: '15', rate: '4.12' }, { from: '15', to: null, rate: '5.38' }] },
    });
    // 4 units: tier 1 is 0–24 HCF, tier 2 24–60 HCF.
    const lines = calculateCharges([version(definition)], context({ classCode: 'multi_family', tiersPerUnit: true, dwellingUnits: 4, meterSize: '2', consumption: '50' }));
    expect(brief(lines)).toEqual([
      ['Meter service charge, 2" meter: 1 month at $228.00', 22_800],
      ['Water use, tier 1: 24.0000 HCF at $3.4500', 8280], // 24 × 3.45 = 82.80
      ['Water use, tier 2: 26.0000 HCF at $4.1200', 10_712], // 26 × 4.12 = 107.12
    ]);
  });

  it('tiers by class: a class named in byClass gets its own blocks', () => {
    const definition = waterResidential({
      tiers: { revenueAccount: accounts.use, blocks: residentialTiers, byClass: { low_income: [{ from: '0', to: '12', rate: '2.90' }, { from: '12', to: null, rate: '4.12' }] } },
    });
    const lines = calculateCharges([version(definition)], context({ classCode: 'low_income', consumption: '15' }));
    expect(brief(lines).slice(1)).toEqual([
      ['Water use, tier 1: 12.0000 HCF at $2.9000', 3480],
      ['Water use, tier 2: 3.0000 HCF at $4.1200', 1236],
    ]);
  });

  it('a rate change on July 1 inside the period: each version charges its share of the days', () => {
    const before = waterResidential({ fixed: { revenueAccount: accounts.meter, amountCentsPerMonthBySize: { '5/8': 2850 } } });
    const after = waterResidential({
      fixed: { revenueAccount: accounts.meter, amountCentsPerMonthBySize: { '5/8': 3000 } },
      tiers: { revenueAccount: accounts.use, blocks: [{ from: '0', to: '10', rate: '3.60' }, { from: '10', to: '25', rate: '4.30' }, { from: '25', to: null, rate: '5.60' }] },
    });
    // 30 days, 15 under each version: half a month each; 20 HCF split 10 / 10; tier 1 is 5 HCF wide in each half.
    const lines = calculateCharges([version(before, '2025-07-01', '2026-06-30'), version(after, '2026-07-01')], context({
      periodFrom: d('2026-06-16'), periodTo: d('2026-07-15'), serviceFrom: d('2026-06-16'), serviceTo: d('2026-07-15'), consumption: '20',
    }));
    expect(brief(lines)).toEqual([
      ['Meter service charge, 5/8" meter (Jun 16–Jun 30): 0.5 months at $28.50', 1425],
      ['Water use, tier 1 (Jun 16–Jun 30): 5.0000 HCF at $3.4500', 1725],
      ['Water use, tier 2 (Jun 16–Jun 30): 5.0000 HCF at $4.1200', 2060],
      ['Meter service charge, 5/8" meter (Jul 1–Jul 15): 0.5 months at $30.00', 1500],
      ['Water use, tier 1 (Jul 1–Jul 15): 5.0000 HCF at $3.6000', 1800],
      ['Water use, tier 2 (Jul 1–Jul 15): 5.0000 HCF at $4.3000', 2150],
    ]);
    expect(totalOfLines(lines)).toBe(10_660);
  });

  it('a first bill (service from March 17) is prorated by its 15 of 31 days', () => {
    const lines = calculateCharges([version(waterResidential())], context({ serviceFrom: d('2026-03-17'), consumption: '9' }));
    expect(brief(lines)).toEqual([
      ['Meter service charge, 5/8" meter (Mar 17–Mar 31): 0.4839 months at $28.50', 1379], // 28.50 × 15/31 = 13.7903
      ['Water use, tier 1 (Mar 17–Mar 31): 4.8387 HCF at $3.4500', 1669], // 10 × 15/31 = 150/31 HCF; × 3.45 = 16.6935
      ['Water use, tier 2 (Mar 17–Mar 31): 4.1613 HCF at $4.1200', 1714], // 9 − 150/31 = 129/31 HCF; × 4.12 = 17.1445
    ]);
  });

  it('a final bill (service to March 10) is prorated by its 10 of 31 days', () => {
    const lines = calculateCharges([version(waterResidential())], context({ serviceTo: d('2026-03-10'), consumption: '3' }));
    expect(brief(lines)).toEqual([
      ['Meter service charge, 5/8" meter (Mar 1–Mar 10): 0.3226 months at $28.50', 919], // 28.50 × 10/31 = 9.1935
      ['Water use, tier 1 (Mar 1–Mar 10): 3.0000 HCF at $3.4500', 1035], // tier 1 is 3.2258 HCF wide
    ]);
  });

  it('a minimum charge raises use and meter charges to it, and is prorated', () => {
    const definition: RateDefinition = {
      billingUnit: 'HCF',
      uniform: { revenueAccount: accounts.use, rate: '4.05' },
      minimum: { revenueAccount: accounts.meter, amountCentsPerMonth: 2500 },
      surcharges: [{ code: 'CIP', description: 'Capital improvement surcharge', revenueAccount: accounts.meter, per: 'account', amountCentsPerMonth: 400 }],
    };
    const at = (consumption: string, overrides: Partial<ChargeContext> = {}) => brief(calculateCharges([version(definition, '2025-07-01', null, 'WATER-COM')], context({ consumption, meterSize: null, ...overrides })));
    expect(at('3')).toEqual([
      ['Water use: 3.0000 HCF at $4.0500', 1215],
      ['Minimum charge: brings the charges above to the minimum of $25.00 a month ($25.00)', 1285],
      ['Capital improvement surcharge: 1 month at $4.00', 400],
    ]);
    expect(at('10')).toEqual([
      ['Water use: 10.0000 HCF at $4.0500', 4050],
      ['Capital improvement surcharge: 1 month at $4.00', 400],
    ]);
    // A final bill of 10 days: the minimum is 25.00 × 10/31 = 8.06.
    expect(at('1', { serviceTo: d('2026-03-10') })).toEqual([
      ['Water use (Mar 1–Mar 10): 1.0000 HCF at $4.0500', 405],
      ['Minimum charge (Mar 1–Mar 10): brings the charges above to the minimum of $25.00 a month ($8.06)', 401],
      ['Capital improvement surcharge (Mar 1–Mar 10): 0.3226 months at $4.00', 129],
    ]);
  });

  it('sewer from winter-average water use, capped, with a minimum; the class average without history', () => {
    const definition: RateDefinition = {
      billingUnit: 'HCF',
      winterAverage: { revenueAccount: accounts.sewer, rate: '5.12', capPerMonth: '12', defaultPerMonth: '10' },
      minimum: { revenueAccount: accounts.sewer, amountCentsPerMonth: 3000 },
    };
    const at = (winterAverage: string | null) => brief(calculateCharges([version(definition, '2025-07-01', null, 'SEWER-COM')], context({ serviceType: 'sewer', meterSize: null, consumption: null, winterAverage })));
    expect(at('8')).toEqual([['Sewer service, winter average use: 8.0000 HCF at $5.1200', 4096]]);
    expect(at('20')).toEqual([['Sewer service, winter average use: 12.0000 HCF at $5.1200', 6144]]);
    expect(at('4')).toEqual([
      ['Sewer service, winter average use: 4.0000 HCF at $5.1200', 2048],
      ['Minimum charge: brings the charges above to the minimum of $30.00 a month ($30.00)', 952],
    ]);
    expect(at(null)).toEqual([['Sewer service, winter average use (no winter history: the class average): 10.0000 HCF at $5.1200', 5120]]);
  });

  it('flat sewer, per account and per dwelling unit', () => {
    const flat = (perDwellingUnit: boolean): RateDefinition => ({ billingUnit: 'HCF', flat: { revenueAccount: accounts.sewer, amountCentsPerMonth: perDwellingUnit ? 3810 : 5240, perDwellingUnit } });
    expect(brief(calculateCharges([version(flat(false), '2025-07-01', null, 'SEWER-RES')], context({ serviceType: 'sewer', meterSize: null, consumption: null }))))
      .toEqual([['Sewer service charge: 1 month at $52.40', 5240]]);
    expect(brief(calculateCharges([version(flat(true), '2025-07-01', null, 'SEWER-MFR')], context({ serviceType: 'sewer', meterSize: null, consumption: null, dwellingUnits: 4 }))))
      .toEqual([['Sewer service charge: 4 dwelling units × 1 month at $38.10', 15_240]]);
  });

  it('percent fees: of every other line, or of named components', () => {
    const definition = waterResidential({
      percentFees: [
        { code: 'UUT', description: 'Utility users tax', revenueAccount: accounts.meter, percent: '5' },
        { code: 'CONS', description: 'Conservation program', revenueAccount: accounts.use, percent: '2.5', of: ['tier'] },
      ],
    });
    const lines = calculateCharges([version(definition)], context({ consumption: '18' }));
    expect(brief(lines)).toEqual([
      ['Meter service charge, 5/8" meter: 1 month at $28.50', 2850],
      ['Water use, tier 1: 10.0000 HCF at $3.4500', 3450],
      ['Water use, tier 2: 8.0000 HCF at $4.1200', 3296],
      ['Utility users tax: 5% of $95.96', 480], // 4.798
      ['Conservation program: 2.5% of $67.46', 169], // 1.6865
    ]);
    expect(lines[3]).toMatchObject({ quantity: '95.96', unitPrice: '0.050000', component: 'percent_fee' });
  });

  it('a negative percent is a discount (a customer-assistance credit of 20% of use)', () => {
    const definition = waterResidential({
      percentFees: [{ code: 'CAP', description: 'Customer assistance credit', revenueAccount: accounts.use, percent: '-20', of: ['tier'] }],
    });
    const lines = calculateCharges([version(definition)], context({ consumption: '18' }));
    expect(brief(lines).at(-1)).toEqual(['Customer assistance credit: -20% of $67.46', -1349]); // -13.492
    expect(totalOfLines(lines)).toBe(2850 + 6746 - 1349);
  });

  it('converts gallons to HCF (748.052 gallons = 1 HCF) and HCF to gallons', () => {
    const inGallons = (consumption: string) => brief(calculateCharges([version(waterResidential({ fixed: undefined }))], context({ consumption, consumptionUnit: 'GAL' })));
    expect(inGallons('7480.52')).toEqual([['Water use, tier 1: 10.0000 HCF at $3.4500', 3450]]);
    expect(inGallons('1000')).toEqual([['Water use, tier 1: 1.3368 HCF at $3.4500', 461]]); // 1000/748.052 × 3.45 = 4.6120
    const perGallon: RateDefinition = { billingUnit: 'GAL', uniform: { revenueAccount: accounts.use, rate: '0.0046' } };
    expect(brief(calculateCharges([version(perGallon, '2025-07-01', null, 'WATER-IRR')], context({ consumption: '10', meterSize: null }))))
      .toEqual([['Water use: 7480.5200 gallons at $0.0046', 3441]]); // 7480.52 × 0.0046 = 34.4104
  });

  it('rounds each line once, half up unless the schedule says half even', () => {
    const definition = (rounding?: 'half_even'): RateDefinition => ({ billingUnit: 'HCF', uniform: { revenueAccount: accounts.use, rate: '0.125' }, ...(rounding ? { rounding } : {}) });
    const amount = (consumption: string, rounding?: 'half_even') => calculateCharges([version(definition(rounding))], context({ consumption, meterSize: null }))[0]?.amountCents;
    expect(amount('1')).toBe(13); // 12.5 cents
    expect(amount('1', 'half_even')).toBe(12);
    expect(amount('3', 'half_even')).toBe(38); // 37.5 cents
    expect(amount('0.0399')).toBe(0); // 0.49875 cents
    expect(amount('0.04')).toBe(1); // 0.5 cents
  });

  it('surcharges per dwelling unit and per billing unit', () => {
    const definition: RateDefinition = {
      billingUnit: 'HCF',
      surcharges: [
        { code: 'FIRE', description: 'Fire protection surcharge', revenueAccount: accounts.meter, per: 'dwelling_unit', amountCentsPerMonth: 150 },
        { code: 'DROUGHT', description: 'Drought surcharge', revenueAccount: accounts.use, per: 'billing_unit', rate: '0.35' },
      ],
    };
    expect(brief(calculateCharges([version(definition)], context({ consumption: '12', dwellingUnits: 3 })))).toEqual([
      ['Fire protection surcharge: 3 dwelling units × 1 month at $1.50', 450],
      ['Drought surcharge: 12.0000 HCF at $0.3500', 420],
    ]);
  });

  it('refuses contexts the schedule cannot bill, naming the field', () => {
    const versions = [version(waterResidential(), '2026-03-10', null)];
    expect(problems(() => calculateCharges(versions, context()))).toEqual([
      { field: 'serviceFrom', message: 'serviceFrom: rate WATER-RES has no version in effect on 2026-03-01 to 2026-03-09' },
    ]);
    const open = [version(waterResidential())];
    expect(problems(() => calculateCharges(open, context({ meterSize: '8' })))[0]?.field).toBe('meterSize');
    expect(problems(() => calculateCharges(open, context({ consumption: null })))[0]?.field).toBe('consumption');
    expect(problems(() => calculateCharges(open, context({ consumption: '1.23456' })))[0]?.field).toBe('consumption');
    expect(problems(() => calculateCharges(open, context({ serviceFrom: d('2026-02-28') })))[0]?.field).toBe('serviceFrom');
    expect(problems(() => calculateCharges(open, context({ serviceTo: d('2026-02-28'), serviceFrom: d('2026-03-02') })))[0]?.field).toBe('serviceTo');
  });

  it('refuses stored versions that no longer validate, naming the schedule and version', () => {
    const broken = { ...version(waterResidential()), definition: { billingUnit: 'HCF', uniform: { revenueAccount: accounts.use, rate: '-1' } } };
    expect(problems(() => compileRates([broken]))).toEqual([
      { field: 'WATER-RES[2025-07-01].definition.uniform.rate', message: 'must be a rate in dollars as a decimal text (e.g. "4.2517"), 0 to 10000, at most 6 decimals' },
    ]);
    const overlapping = [version(waterResidential(), '2025-07-01', null), version(waterResidential(), '2026-07-01', null)];
    expect(problems(() => compileRates(overlapping))[0]?.field).toBe('WATER-RES.versions[0].effectiveTo');
  });

  it('compiled rates give the same lines as calculateCharges', () => {
    const versions = [version(waterResidential(), '2025-07-01', '2026-06-30'), version(waterResidential(), '2026-07-01')];
    const compiled = compileRates(versions);
    const bill = context({ periodFrom: d('2026-06-20'), periodTo: d('2026-07-19'), serviceFrom: d('2026-06-20'), serviceTo: d('2026-07-19') });
    expect(calculateCompiledCharges(compiled, bill)).toEqual(calculateCharges(versions, bill));
  });
});

describe('validating definitions', () => {
  it('accepts a full definition and returns it trimmed and typed', () => {
    const definition = validateRateDefinition({ ...waterResidential(), tiers: { revenueAccount: ` ${accounts.use} `, blocks: [{ from: 0, to: '10', rate: ' 3.45 ' }, { from: '10', to: null, rate: '4.12' }] } });
    expect(definition.tiers).toEqual({ revenueAccount: accounts.use, blocks: [{ from: '0', to: '10', rate: '3.45' }, { from: '10', to: null, rate: '4.12' }] });
  });

  it('names a gap between tiers, an overlap, a tier not starting at 0, and open-ended tiers', () => {
    const tiers = (blocks: unknown[]) => ({ billingUnit: 'HCF', tiers: { revenueAccount: accounts.use, blocks } });
    expect(problems(() => validateRateDefinition(tiers([{ from: '0', to: '10', rate: '3.45' }, { from: '12', to: null, rate: '4.12' }])))).toEqual([
      { field: 'definition.tiers.blocks[1].from', message: 'tier 2 starts at 12 HCF but tier 1 ends at 10 HCF: a gap of 2 HCF' },
    ]);
    expect(problems(() => validateRateDefinition(tiers([{ from: '0', to: '10', rate: '3.45' }, { from: '8.5', to: null, rate: '4.12' }])))).toEqual([
      { field: 'definition.tiers.blocks[1].from', message: 'tier 2 starts at 8.5 HCF but tier 1 ends at 10 HCF: an overlap of 1.5 HCF' },
    ]);
    expect(problems(() => validateRateDefinition(tiers([{ from: '1', to: '10', rate: '3.45' }, { from: '10', to: '20', rate: '4.12' }]))).map((problem) => problem.field)).toEqual([
      'definition.tiers.blocks[0].from', 'definition.tiers.blocks[1].to',
    ]);
    expect(problems(() => validateRateDefinition(tiers([{ from: '0', to: null, rate: '3.45' }, { from: '10', to: null, rate: '4.12' }])))[0]).toEqual(
      { field: 'definition.tiers.blocks[0].to', message: 'only the last tier may be open-ended; tier 1 needs an end' },
    );
  });

  it('names every problem at once, with its path', () => {
    const fields = problems(() => validateRateDefinition({
      billingUnit: 'CCF',
      fixed: { revenueAccount: '5107100', amountCentsPerMonthBySize: { '5/8': 28.5, '7/8': 100 } },
      uniform: { revenueAccount: accounts.use, rate: 4.05 },
      surcharges: [{ code: 'CIP', description: '', revenueAccount: accounts.meter, per: 'parcel', amountCentsPerMonth: -1 }],
      percentFees: [{ code: 'UUT', description: 'Tax', revenueAccount: accounts.meter, percent: '150', of: ['percent_fee'] }],
      extra: true,
    })).map((problem) => problem.field);
    expect(fields).toEqual([
      'definition.extra',
      'definition.billingUnit',
      'definition.fixed.revenueAccount',
      'definition.fixed.amountCentsPerMonthBySize.7/8',
      'definition.fixed.amountCentsPerMonthBySize.5/8',
      'definition.uniform.rate',
      'definition.surcharges[0].description',
      'definition.surcharges[0].per',
      'definition.surcharges[0].amountCentsPerMonth',
      'definition.percentFees[0].percent',
      'definition.percentFees[0].of[0]',
    ]);
  });

  it('refuses tiers and a uniform rate together, and a definition that charges nothing', () => {
    expect(problems(() => validateRateDefinition(waterResidential({ uniform: { revenueAccount: accounts.use, rate: '4' } })))[0]?.field).toBe('definition.uniform');
    expect(problems(() => validateRateDefinition({ billingUnit: 'HCF' }))[0]?.field).toBe('definition');
  });
});

describe('validating effective dates', () => {
  it('accepts versions that follow one another, in any order', () => {
    expect(() => validateRateVersions([
      { effectiveFrom: '2026-07-01', effectiveTo: null },
      { effectiveFrom: '2025-07-01', effectiveTo: '2026-06-30' },
    ])).not.toThrow();
  });

  it('names gaps, overlaps and an open-ended version that is not the last', () => {
    expect(problems(() => validateRateVersions([
      { effectiveFrom: '2025-07-01', effectiveTo: '2026-06-30' },
      { effectiveFrom: '2026-07-05', effectiveTo: null },
    ]))).toEqual([{ field: 'versions[1].effectiveFrom', message: 'the version from 2026-07-05 starts after the version from 2025-07-01 ends on 2026-06-30: a gap from 2026-07-01 to 2026-07-04 with no rate' }]);
    expect(problems(() => validateRateVersions([
      { effectiveFrom: '2025-07-01', effectiveTo: '2026-06-30' },
      { effectiveFrom: '2026-06-01', effectiveTo: null },
    ]))).toEqual([{ field: 'versions[1].effectiveFrom', message: 'the version from 2026-06-01 starts before the version from 2025-07-01 ends on 2026-06-30: both are in effect from 2026-06-01 to 2026-06-30' }]);
    expect(problems(() => validateRateVersions([
      { effectiveFrom: '2025-07-01', effectiveTo: null },
      { effectiveFrom: '2026-07-01', effectiveTo: null },
    ]))).toEqual([{ field: 'versions[0].effectiveTo', message: 'only the last version may be open-ended, but the version from 2025-07-01 is followed by the version from 2026-07-01' }]);
    expect(problems(() => validateRateVersions([{ effectiveFrom: '2026-07-01', effectiveTo: '2026-06-30' }]))[0]?.field).toBe('versions[0].effectiveTo');
  });
});

describe('invariants (properties)', () => {
  const tierBlocksArb = fc.array(fc.record({ width: fc.integer({ min: 1, max: 400_000 }), rate: fc.integer({ min: 0, max: 20_000_000 }) }), { minLength: 1, maxLength: 5 })
    .map((raw) => {
      let from = 0;
      return raw.map((tier, index): TierBlock => {
        const block = { from: scaled(from, 4), to: index === raw.length - 1 ? null : scaled(from + tier.width, 4), rate: scaled(tier.rate, 6) };
        from += tier.width;
        return block;
      });
    });
  const consumptionArb = fc.integer({ min: 0, max: 5_000_000 }).map((value) => scaled(value, 4));

  it('tier quantities add up to the consumption, and every line is whole cents', () => {
    fc.assert(fc.property(tierBlocksArb, consumptionArb, fc.integer({ min: 1, max: 6 }), (blocks, consumption, units) => {
      const definition: RateDefinition = { billingUnit: 'HCF', tiers: { revenueAccount: accounts.use, blocks } };
      const lines = calculateCharges([version(definition)], context({ consumption, tiersPerUnit: true, dwellingUnits: units, meterSize: null }));
      expect(lines.every((line) => Number.isSafeInteger(line.amountCents))).toBe(true);
      const total = lines.reduce((sum, line) => sum + Number(line.quantity?.replace('.', '')), 0);
      expect(total).toBe(Number(consumption.replace('.', '')));
    }));
  });

  it('a period split between two identical versions charges the unsplit amount within a cent per line', () => {
    fc.assert(fc.property(tierBlocksArb, consumptionArb, fc.integer({ min: 0, max: 29 }), fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 10 }), fc.boolean(),
      (blocks, consumption, split, startLate, stopEarly, withMinimum) => {
        const definition = waterResidential({
          tiers: { revenueAccount: accounts.use, blocks },
          flat: { revenueAccount: accounts.meter, amountCentsPerMonth: 1234 },
          ...(withMinimum ? { minimum: { revenueAccount: accounts.meter, amountCentsPerMonth: 9_999 } } : {}),
        });
        const bill = context({ consumption, periodFrom: d('2026-06-01'), periodTo: d('2026-06-30'), serviceFrom: addDays(d('2026-06-01'), startLate), serviceTo: addDays(d('2026-06-30'), -stopEarly) });
        const changeOn = addDays(d('2026-06-01'), split + 1);
        const whole = calculateCharges([version(definition)], bill);
        const parts = calculateCharges([version(definition, '2025-07-01', addDays(changeOn, -1)), version(definition, changeOn)], bill);
        expect(Math.abs(totalOfLines(parts) - totalOfLines(whole))).toBeLessThanOrEqual(parts.length);
        expect(parts.every((line) => Number.isSafeInteger(line.amountCents))).toBe(true);
      }));
  });

  it('charges what a plain decimal.js calculation of the same rules charges, cent for cent', () => {
    // The reference: each part's months, consumption and tier widths as decimals, rounded once.
    const reference = (definition: RateDefinition, bill: ChargeContext, changeOn: string | null): number[] => {
      const days = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
      const periodDays = days(bill.periodFrom, bill.periodTo);
      const serviceDays = days(bill.serviceFrom, bill.serviceTo);
      const toBilling = bill.consumptionUnit === definition.billingUnit ? new Decimal(1)
        : bill.consumptionUnit === 'GAL' ? new Decimal(1).dividedBy('748.052') : new Decimal('748.052');
      const parts = changeOn === null || changeOn <= bill.serviceFrom || changeOn > bill.serviceTo
        ? [[bill.serviceFrom, bill.serviceTo]]
        : [[bill.serviceFrom, addDays(d(changeOn), -1)], [changeOn, bill.serviceTo]];
      const amounts: number[] = [];
      for (const [from = '', to = ''] of parts) {
        const share = new Decimal(days(from, to));
        const months = share.times(bill.periodMonths).dividedBy(periodDays);
        const fixed = definition.fixed?.amountCentsPerMonthBySize[bill.meterSize ?? '5/8'];
        if (fixed !== undefined) amounts.push(roundToCents(months.times(fixed)));
        let remaining = new Decimal(bill.consumption ?? '0').times(toBilling).times(share).dividedBy(serviceDays);
        for (const [index, block] of (definition.tiers?.blocks ?? []).entries()) {
          const width = block.to === null ? null : new Decimal(block.to).minus(block.from).times(months).times(bill.tiersPerUnit ? bill.dwellingUnits : 1);
          const quantity = width === null || remaining.lessThan(width) ? remaining : width;
          if (quantity.isZero() && index > 0) break;
          amounts.push(roundToCents(quantity.times(block.rate).times(100)));
          remaining = remaining.minus(quantity);
        }
      }
      return amounts;
    };
    const dayArb = fc.integer({ min: 0, max: 60 });
    fc.assert(fc.property(tierBlocksArb, fc.integer({ min: 0, max: 50_000_000 }), fc.constantFrom('HCF' as const, 'GAL' as const), fc.constantFrom('HCF' as const, 'GAL' as const),
      fc.integer({ min: 1, max: 2 }), dayArb, dayArb, dayArb, fc.integer({ min: 1, max: 40 }), fc.boolean(),
      (blocks, use, consumptionUnit, billingUnit, periodMonths, startLate, stopEarly, change, units, tiersPerUnit) => {
        const periodFrom = d('2026-06-01');
        const periodTo = addDays(periodFrom, periodMonths * 30 + 0);
        const serviceFrom = addDays(periodFrom, Math.min(startLate, periodMonths * 30));
        const serviceTo = addDays(periodTo, -Math.min(stopEarly, dayNumberOf(periodTo) - dayNumberOf(serviceFrom)));
        const changeOn = addDays(periodFrom, change);
        const definition: RateDefinition = {
          billingUnit, fixed: { revenueAccount: accounts.meter, amountCentsPerMonthBySize: { '5/8': 2850 } }, tiers: { revenueAccount: accounts.use, blocks },
        };
        const bill = context({ periodFrom, periodTo, serviceFrom, serviceTo, periodMonths, consumption: scaled(use, 4), consumptionUnit, tiersPerUnit, dwellingUnits: units });
        const lines = calculateCharges([version(definition, '2025-07-01', addDays(changeOn, -1)), version(definition, changeOn)], bill);
        expect(lines.map((line) => line.amountCents)).toEqual(reference(definition, bill, changeOn));
      }), { numRuns: 300 });
  });

  it('inclining tiers never charge less for more use', () => {
    const incliningArb = tierBlocksArb.map((blocks) => {
      const rates = blocks.map((block) => block.rate).sort((a, b) => Number(a) - Number(b));
      return blocks.map((block, index) => ({ ...block, rate: rates[index] ?? block.rate }));
    });
    fc.assert(fc.property(incliningArb, fc.integer({ min: 0, max: 2_000_000 }), fc.integer({ min: 0, max: 2_000_000 }), fc.integer({ min: 1, max: 31 }), (blocks, a, b, serviceDays) => {
      const definition = waterResidential({ tiers: { revenueAccount: accounts.use, blocks } });
      const charge = (use: number) => totalOfLines(calculateCharges([version(definition)], context({ consumption: scaled(use, 4), serviceTo: addDays(d('2026-03-01'), serviceDays - 1) })));
      const [low, high] = a <= b ? [a, b] : [b, a];
      expect(charge(low)).toBeLessThanOrEqual(charge(high));
    }));
  });

  it('refuses every gap or overlap between tiers, and accepts contiguous tiers', () => {
    fc.assert(fc.property(tierBlocksArb.filter((blocks) => blocks.length > 1), fc.integer({ min: -50_000, max: 50_000 }), fc.nat(), (blocks, shift, pick) => {
      const index = 1 + (pick % (blocks.length - 1));
      const moved = blocks.map((block, position) => position === index ? { ...block, from: scaled(Math.max(1, Number(block.from.replace('.', '')) + shift), 4) } : block);
      const definition = { billingUnit: 'HCF', tiers: { revenueAccount: accounts.use, blocks: moved } };
      const original = moved[index]?.from === blocks[index]?.from;
      const fields = (() => {
        try {
          validateRateDefinition(definition);
          return [];
        } catch (error) {
          return ((error as AppError).details.problems as Array<{ field: string }>).map((problem) => problem.field);
        }
      })();
      if (original) expect(fields).toEqual([]);
      else expect(fields).toContain(`definition.tiers.blocks[${index}].from`);
    }));
  });

  it('refuses every gap or overlap between versions, and accepts versions that follow one another', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 2, maxLength: 5 }), fc.integer({ min: -30, max: 30 }), fc.nat(), (lengths, shift, pick) => {
      let start = d('2024-07-01');
      const versions = lengths.map((length, index) => {
        const effectiveTo = index === lengths.length - 1 ? null : addDays(start, length - 1);
        const row = { effectiveFrom: start as string, effectiveTo: effectiveTo as string | null };
        if (effectiveTo !== null) start = addDays(effectiveTo, 1);
        return row;
      });
      const index = 1 + (pick % (versions.length - 1));
      const target = versions[index];
      if (target === undefined) return;
      target.effectiveFrom = addDays(d(target.effectiveFrom), shift);
      const refused = (() => {
        try {
          validateRateVersions(versions);
          return false;
        } catch {
          return true;
        }
      })();
      expect(refused).toBe(shift !== 0);
    }));
  });
});

function dayNumberOf(date: string): number {
  return Date.parse(date) / 86_400_000;
}

function scaled(value: number, decimals: number): string {
  const text = String(value).padStart(decimals + 1, '0');
  return `${text.slice(0, -decimals)}.${text.slice(-decimals)}`;
}

/**
 * What a rate version says (the JSON stored in rate_version.definition) and the checks that keep
 * it billable: `validateRateDefinition` for one definition, `validateRateVersions` for the
 * effective dates of one schedule. Both name every problem with its field path at once.
 *
 * Units: rates are decimal texts in dollars per billing unit ("4.2517", at most 6 decimals);
 * quantities (tier bounds, caps) decimal texts in billing units per month (at most 4 decimals);
 * amounts whole cents per month; revenue accounts GL codes ("510-7100-44100").
 */
import { invalidFields, type FieldProblem } from '../shared/errors.js';
import { isValidIsoDate } from '../shared/dates.js';
import type { RoundingRule } from '../shared/money.js';
import { dayNumber, formatScaledShort, isoOfDay, parseScaled } from './rate-arithmetic.js';
import { billingUnits, chargeComponents, meterSizes, type BillingUnit, type ChargeComponent, type MeterSize } from './types.js';

/** One inclining block: from `from` up to `to` units a month (the last block is open: `to` null). */
export interface TierBlock {
  from: string;
  to: string | null;
  /** Dollars per billing unit. */
  rate: string;
}

export interface FixedCharge {
  revenueAccount: string;
  description?: string;
  /** Cents per month by meter size; a meter of a size not listed cannot be billed on the schedule. */
  amountCentsPerMonthBySize: Partial<Record<MeterSize, number>>;
}

export interface TieredCharge {
  revenueAccount: string;
  description?: string;
  /** The blocks of every class not named in `byClass`. */
  blocks?: TierBlock[];
  byClass?: Record<string, TierBlock[]>;
}

export interface UniformCharge {
  revenueAccount: string;
  description?: string;
  rate: string;
}

/** Sewer from winter water use: rate × min(winter average, cap) per month. */
export interface WinterAverageCharge {
  revenueAccount: string;
  description?: string;
  rate: string;
  capPerMonth?: string;
  /** Units a month billed when the account has no winter history (a new customer). */
  defaultPerMonth: string;
}

/** The fixed, use and winter-average lines of a bill are raised to this (see rates.ts). */
export interface MinimumCharge {
  revenueAccount: string;
  description?: string;
  amountCentsPerMonth: number;
}

export interface FlatCharge {
  revenueAccount: string;
  description?: string;
  amountCentsPerMonth: number;
  perDwellingUnit?: boolean;
}

export type Surcharge =
  | { code: string; description: string; revenueAccount: string; per: 'account' | 'dwelling_unit'; amountCentsPerMonth: number }
  | { code: string; description: string; revenueAccount: string; per: 'billing_unit'; rate: string };

export interface PercentFee {
  code: string;
  description: string;
  revenueAccount: string;
  /** Percent, e.g. "5" or "2.5" (at most 4 decimals; negative for a discount, down to -100). */
  percent: string;
  /** The components it is a percent of; absent: every other line of the service. */
  of?: Exclude<ChargeComponent, 'percent_fee'>[];
}

export interface RateDefinition {
  /** The unit tiers, caps and volumetric rates are written in (consumption is converted to it). */
  billingUnit: BillingUnit;
  /** Rounding of each line to cents: half up unless the schedule says otherwise. */
  rounding?: RoundingRule;
  fixed?: FixedCharge;
  tiers?: TieredCharge;
  uniform?: UniformCharge;
  winterAverage?: WinterAverageCharge;
  minimum?: MinimumCharge;
  flat?: FlatCharge;
  surcharges?: Surcharge[];
  percentFees?: PercentFee[];
}

export const RATE_DECIMALS = 6;
export const QUANTITY_DECIMALS = 4;
const MAX_RATE_SCALED = 10_000 * 10 ** RATE_DECIMALS;
const MAX_QUANTITY_SCALED = 1_000_000_000 * 10 ** QUANTITY_DECIMALS;
const MAX_MONTHLY_CENTS = 100_000_000;
const accountPattern = /^\d{3}-\d{4}-\d{5}$/;
const codePattern = /^[A-Za-z][A-Za-z0-9_-]{0,29}$/;
const classPattern = /^[a-z][a-z0-9_]{1,30}$/;

type Raw = Record<string, unknown>;

class Checker {
  readonly problems: FieldProblem[] = [];
  add(field: string, message: string): void {
    this.problems.push({ field, message });
  }

  record(value: unknown, field: string, keys: readonly string[]): Raw | null {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.add(field, 'must be an object');
      return null;
    }
    for (const key of Object.keys(value)) {
      if (!keys.includes(key)) this.add(`${field}.${key}`, `is not a field here (expected one of ${keys.join(', ')})`);
    }
    return value as Raw;
  }

  list(value: unknown, field: string): unknown[] | null {
    if (!Array.isArray(value)) {
      this.add(field, 'must be a list');
      return null;
    }
    return value;
  }

  account(value: unknown, field: string): string {
    if (typeof value !== 'string' || !accountPattern.test(value.trim())) {
      this.add(field, 'must be a GL account code such as 510-7100-44100');
      return '';
    }
    return value.trim();
  }

  text(value: unknown, field: string, required: boolean): string | undefined {
    if (value === undefined || value === null) {
      if (required) this.add(field, 'is required');
      return undefined;
    }
    if (typeof value !== 'string' || value.trim() === '' || value.trim().length > 80) {
      this.add(field, 'must be a text of 1 to 80 characters');
      return undefined;
    }
    return value.trim();
  }

  code(value: unknown, field: string): string {
    if (typeof value !== 'string' || !codePattern.test(value)) {
      this.add(field, 'must be a code of letters, digits, - and _ (up to 30, starting with a letter)');
      return '';
    }
    return value;
  }

  /** A rate in dollars per unit: a decimal text, 0 to 10,000, at most 6 decimals. */
  rate(value: unknown, field: string): string {
    const text = typeof value === 'string' ? value.trim() : '';
    const scaled = parseScaled(text, RATE_DECIMALS);
    if (scaled === null || scaled > MAX_RATE_SCALED) {
      this.add(field, 'must be a rate in dollars as a decimal text (e.g. "4.2517"), 0 to 10000, at most 6 decimals');
      return '';
    }
    return text;
  }

  /** A quantity in billing units: a decimal text or number, at least 0, at most 4 decimals. */
  quantity(value: unknown, field: string): { text: string; scaled: number } | null {
    const text = typeof value === 'string' ? value.trim() : typeof value === 'number' && Number.isFinite(value) ? String(value) : '';
    const scaled = parseScaled(text, QUANTITY_DECIMALS);
    if (scaled === null || scaled > MAX_QUANTITY_SCALED) {
      this.add(field, 'must be a quantity of at least 0 with at most 4 decimals (e.g. "10" or "12.5")');
      return null;
    }
    return { text, scaled };
  }

  monthlyCents(value: unknown, field: string): number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > MAX_MONTHLY_CENTS) {
      this.add(field, 'must be whole cents a month, 0 to 100000000 (e.g. 2850 for $28.50)');
      return 0;
    }
    return value;
  }
}

/**
 * Checks a rate version's definition and returns it typed (texts trimmed, absent parts left out).
 * Throws invalid_input listing every problem, each with its path under `field`
 * (e.g. "definition.tiers.blocks[1].from").
 */
export function validateRateDefinition(value: unknown, field = 'definition'): RateDefinition {
  const check = new Checker();
  const definition = readDefinition(check, value, field);
  if (check.problems.length > 0 || definition === null) throw invalidFields(check.problems);
  return definition;
}

const definitionKeys = [
  'billingUnit', 'rounding', 'fixed', 'tiers', 'uniform', 'winterAverage', 'minimum', 'flat', 'surcharges', 'percentFees',
] as const;

function readDefinition(check: Checker, value: unknown, field: string): RateDefinition | null {
  const raw = check.record(value, field, definitionKeys);
  if (raw === null) return null;
  const billingUnit = raw.billingUnit ?? 'HCF';
  if (!billingUnits.includes(billingUnit as BillingUnit)) check.add(`${field}.billingUnit`, 'must be HCF or GAL');
  const unit = billingUnit === 'GAL' ? 'GAL' : 'HCF';
  const definition: RateDefinition = { billingUnit: unit };
  if (raw.rounding !== undefined) {
    if (raw.rounding !== 'half_up' && raw.rounding !== 'half_even') check.add(`${field}.rounding`, 'must be half_up or half_even');
    else definition.rounding = raw.rounding;
  }
  if (raw.fixed !== undefined) definition.fixed = readFixed(check, raw.fixed, `${field}.fixed`);
  if (raw.tiers !== undefined) definition.tiers = readTiered(check, raw.tiers, `${field}.tiers`, unit);
  if (raw.uniform !== undefined) definition.uniform = readUniform(check, raw.uniform, `${field}.uniform`);
  if (raw.winterAverage !== undefined) definition.winterAverage = readWinterAverage(check, raw.winterAverage, `${field}.winterAverage`);
  if (raw.minimum !== undefined) definition.minimum = readMinimum(check, raw.minimum, `${field}.minimum`);
  if (raw.flat !== undefined) definition.flat = readFlat(check, raw.flat, `${field}.flat`);
  if (raw.surcharges !== undefined) definition.surcharges = readSurcharges(check, raw.surcharges, `${field}.surcharges`);
  if (raw.percentFees !== undefined) definition.percentFees = readPercentFees(check, raw.percentFees, `${field}.percentFees`);
  if (definition.tiers && definition.uniform) {
    check.add(`${field}.uniform`, 'a schedule charges use by tiers or by a uniform rate, not both');
  }
  const charges = ['fixed', 'tiers', 'uniform', 'winterAverage', 'flat', 'surcharges'] as const;
  if (!charges.some((key) => definition[key] !== undefined)) {
    check.add(field, 'must have at least one charge: fixed, tiers, uniform, winterAverage, flat or surcharges');
  }
  return definition;
}

function readFixed(check: Checker, value: unknown, field: string): FixedCharge {
  const raw = check.record(value, field, ['revenueAccount', 'description', 'amountCentsPerMonthBySize']) ?? {};
  const fixed: FixedCharge = { revenueAccount: check.account(raw.revenueAccount, `${field}.revenueAccount`), amountCentsPerMonthBySize: {} };
  const description = check.text(raw.description, `${field}.description`, false);
  if (description !== undefined) fixed.description = description;
  const sizes = check.record(raw.amountCentsPerMonthBySize, `${field}.amountCentsPerMonthBySize`, meterSizes);
  if (sizes !== null) {
    for (const size of meterSizes) {
      if (sizes[size] === undefined) continue;
      fixed.amountCentsPerMonthBySize[size] = check.monthlyCents(sizes[size], `${field}.amountCentsPerMonthBySize.${size}`);
    }
    if (Object.keys(sizes).length === 0) check.add(`${field}.amountCentsPerMonthBySize`, 'must give the charge of at least one meter size');
  }
  return fixed;
}

function readTiered(check: Checker, value: unknown, field: string, unit: BillingUnit): TieredCharge {
  const raw = check.record(value, field, ['revenueAccount', 'description', 'blocks', 'byClass']) ?? {};
  const tiered: TieredCharge = { revenueAccount: check.account(raw.revenueAccount, `${field}.revenueAccount`) };
  const description = check.text(raw.description, `${field}.description`, false);
  if (description !== undefined) tiered.description = description;
  if (raw.blocks !== undefined) tiered.blocks = readBlocks(check, raw.blocks, `${field}.blocks`, unit);
  if (raw.byClass !== undefined) {
    const classes = check.record(raw.byClass, `${field}.byClass`, Object.keys(raw.byClass ?? {}));
    if (classes !== null) {
      tiered.byClass = {};
      for (const [classCode, blocks] of Object.entries(classes)) {
        if (!classPattern.test(classCode)) check.add(`${field}.byClass.${classCode}`, 'is not a customer class code (e.g. multi_family)');
        tiered.byClass[classCode] = readBlocks(check, blocks, `${field}.byClass.${classCode}`, unit);
      }
    }
  }
  if (tiered.blocks === undefined && (tiered.byClass === undefined || Object.keys(tiered.byClass).length === 0)) {
    check.add(`${field}.blocks`, 'give the blocks (for every class) or blocks by class');
  }
  return tiered;
}

/** Blocks start at 0, each starts where the one before ends, and only the last is open-ended. */
function readBlocks(check: Checker, value: unknown, field: string, unit: BillingUnit): TierBlock[] {
  const list = check.list(value, field);
  if (list === null) return [];
  if (list.length === 0 || list.length > 20) check.add(field, 'must have 1 to 20 tiers');
  const blocks: TierBlock[] = [];
  let previousEnd: number | null = null;
  list.forEach((item, index) => {
    const path = `${field}[${index}]`;
    const raw = check.record(item, path, ['from', 'to', 'rate']) ?? {};
    const from = check.quantity(raw.from, `${path}.from`);
    const to = raw.to === null || raw.to === undefined ? null : check.quantity(raw.to, `${path}.to`);
    const rate = check.rate(raw.rate, `${path}.rate`);
    const isLast = index === list.length - 1;
    if (isLast && raw.to !== null && raw.to !== undefined) check.add(`${path}.to`, 'the last tier is open-ended: leave "to" empty (null)');
    if (!isLast && (raw.to === null || raw.to === undefined)) {
      check.add(`${path}.to`, `only the last tier may be open-ended; tier ${index + 1} needs an end`);
    }
    if (from !== null && index === 0 && from.scaled !== 0) check.add(`${path}.from`, `tier 1 must start at 0 ${unit}, not ${from.text} ${unit}`);
    if (from !== null && to !== null && to.scaled <= from.scaled) {
      check.add(`${path}.to`, `tier ${index + 1} ends at ${to.text} ${unit}, which is not after where it starts (${from.text} ${unit})`);
    }
    if (from !== null && previousEnd !== null && from.scaled !== previousEnd) {
      const difference = Math.abs(from.scaled - previousEnd);
      const kind = from.scaled > previousEnd ? 'a gap' : 'an overlap';
      const endText = formatScaledShort(previousEnd, QUANTITY_DECIMALS);
      const differenceText = formatScaledShort(difference, QUANTITY_DECIMALS);
      check.add(`${path}.from`, `tier ${index + 1} starts at ${from.text} ${unit} but tier ${index} ends at ${endText} ${unit}: ${kind} of ${differenceText} ${unit}`);
    }
    previousEnd = to?.scaled ?? null;
    blocks.push({ from: from?.text ?? '', to: to?.text ?? null, rate });
  });
  return blocks;
}

function readUniform(check: Checker, value: unknown, field: string): UniformCharge {
  const raw = check.record(value, field, ['revenueAccount', 'description', 'rate']) ?? {};
  const uniform: UniformCharge = {
    revenueAccount: check.account(raw.revenueAccount, `${field}.revenueAccount`),
    rate: check.rate(raw.rate, `${field}.rate`),
  };
  const description = check.text(raw.description, `${field}.description`, false);
  if (description !== undefined) uniform.description = description;
  return uniform;
}

function readWinterAverage(check: Checker, value: unknown, field: string): WinterAverageCharge {
  const raw = check.record(value, field, ['revenueAccount', 'description', 'rate', 'capPerMonth', 'defaultPerMonth']) ?? {};
  const charge: WinterAverageCharge = {
    revenueAccount: check.account(raw.revenueAccount, `${field}.revenueAccount`),
    rate: check.rate(raw.rate, `${field}.rate`),
    defaultPerMonth: check.quantity(raw.defaultPerMonth, `${field}.defaultPerMonth`)?.text ?? '',
  };
  const description = check.text(raw.description, `${field}.description`, false);
  if (description !== undefined) charge.description = description;
  if (raw.capPerMonth !== undefined && raw.capPerMonth !== null) {
    const cap = check.quantity(raw.capPerMonth, `${field}.capPerMonth`);
    if (cap !== null) charge.capPerMonth = cap.text;
  }
  return charge;
}

function readMinimum(check: Checker, value: unknown, field: string): MinimumCharge {
  const raw = check.record(value, field, ['revenueAccount', 'description', 'amountCentsPerMonth']) ?? {};
  const minimum: MinimumCharge = {
    revenueAccount: check.account(raw.revenueAccount, `${field}.revenueAccount`),
    amountCentsPerMonth: check.monthlyCents(raw.amountCentsPerMonth, `${field}.amountCentsPerMonth`),
  };
  const description = check.text(raw.description, `${field}.description`, false);
  if (description !== undefined) minimum.description = description;
  return minimum;
}

function readFlat(check: Checker, value: unknown, field: string): FlatCharge {
  const raw = check.record(value, field, ['revenueAccount', 'description', 'amountCentsPerMonth', 'perDwellingUnit']) ?? {};
  const flat: FlatCharge = {
    revenueAccount: check.account(raw.revenueAccount, `${field}.revenueAccount`),
    amountCentsPerMonth: check.monthlyCents(raw.amountCentsPerMonth, `${field}.amountCentsPerMonth`),
  };
  const description = check.text(raw.description, `${field}.description`, false);
  if (description !== undefined) flat.description = description;
  if (raw.perDwellingUnit !== undefined) {
    if (typeof raw.perDwellingUnit !== 'boolean') check.add(`${field}.perDwellingUnit`, 'must be true or false');
    else flat.perDwellingUnit = raw.perDwellingUnit;
  }
  return flat;
}

function readSurcharges(check: Checker, value: unknown, field: string): Surcharge[] {
  const list = check.list(value, field) ?? [];
  const seen = new Set<string>();
  return list.map((item, index) => {
    const path = `${field}[${index}]`;
    const raw = check.record(item, path, ['code', 'description', 'revenueAccount', 'per', 'amountCentsPerMonth', 'rate']) ?? {};
    const code = check.code(raw.code, `${path}.code`);
    if (seen.has(code)) check.add(`${path}.code`, `${code} is used by another surcharge of this version`);
    seen.add(code);
    const common = {
      code,
      description: check.text(raw.description, `${path}.description`, true) ?? '',
      revenueAccount: check.account(raw.revenueAccount, `${path}.revenueAccount`),
    };
    if (raw.per === 'billing_unit') {
      if (raw.amountCentsPerMonth !== undefined) {
        check.add(`${path}.amountCentsPerMonth`, 'a surcharge per billing unit has a rate, not a monthly amount');
      }
      return { ...common, per: 'billing_unit', rate: check.rate(raw.rate, `${path}.rate`) } satisfies Surcharge;
    }
    if (raw.per !== 'account' && raw.per !== 'dwelling_unit') check.add(`${path}.per`, 'must be account, dwelling_unit or billing_unit');
    if (raw.rate !== undefined) check.add(`${path}.rate`, 'a surcharge per account or dwelling unit has a monthly amount, not a rate');
    const per = raw.per === 'dwelling_unit' ? 'dwelling_unit' : 'account';
    return { ...common, per, amountCentsPerMonth: check.monthlyCents(raw.amountCentsPerMonth, `${path}.amountCentsPerMonth`) } satisfies Surcharge;
  });
}

type PercentBase = Exclude<ChargeComponent, 'percent_fee'>;
const percentBaseComponents: readonly string[] = chargeComponents.filter((component) => component !== 'percent_fee');

function readPercentFees(check: Checker, value: unknown, field: string): PercentFee[] {
  const list = check.list(value, field) ?? [];
  const seen = new Set<string>();
  return list.map((item, index) => {
    const path = `${field}[${index}]`;
    const raw = check.record(item, path, ['code', 'description', 'revenueAccount', 'percent', 'of']) ?? {};
    const code = check.code(raw.code, `${path}.code`);
    if (seen.has(code)) check.add(`${path}.code`, `${code} is used by another fee of this version`);
    seen.add(code);
    const percentText = typeof raw.percent === 'string' ? raw.percent.trim() : '';
    const percent = parseScaled(percentText, 4, true);
    if (percent === null || percent < -100 * 10_000 || percent > 100 * 10_000) {
      check.add(`${path}.percent`, 'must be a percent as a decimal text from -100 to 100 with at most 4 decimals (e.g. "5" or "2.5")');
    }
    const fee: PercentFee = {
      code,
      description: check.text(raw.description, `${path}.description`, true) ?? '',
      revenueAccount: check.account(raw.revenueAccount, `${path}.revenueAccount`),
      percent: percentText,
    };
    if (raw.of !== undefined) {
      const of = check.list(raw.of, `${path}.of`) ?? [];
      if (of.length === 0) check.add(`${path}.of`, 'name at least one component, or leave "of" out for every other line');
      of.forEach((component, position) => {
        if (typeof component !== 'string' || !percentBaseComponents.includes(component)) {
          check.add(`${path}.of[${position}]`, `must be one of ${percentBaseComponents.join(', ')}`);
        }
      });
      fee.of = of.filter((component): component is PercentBase => typeof component === 'string' && percentBaseComponents.includes(component));
    }
    return fee;
  });
}

/** The effective dates of a rate version, as validateRateVersions reads them. */
export interface EffectiveDates {
  effectiveFrom: string;
  effectiveTo: string | null;
}

/**
 * The versions of one schedule, in any order, must follow one another with no gap and no overlap
 * (each starts the day after the one before ends), and only the last may be open-ended. Throws
 * invalid_input naming the dates; fields are `${field}[index]` of the list as given.
 */
export function validateRateVersions(versions: readonly EffectiveDates[], field = 'versions'): void {
  const problems: FieldProblem[] = [];
  const valid: Array<{ index: number; from: number; to: number; version: EffectiveDates }> = [];
  versions.forEach((version, index) => {
    if (!isValidIsoDate(version.effectiveFrom)) {
      problems.push({ field: `${field}[${index}].effectiveFrom`, message: 'must be a date (YYYY-MM-DD)' });
      return;
    }
    if (version.effectiveTo !== null && !isValidIsoDate(version.effectiveTo)) {
      problems.push({ field: `${field}[${index}].effectiveTo`, message: 'must be a date (YYYY-MM-DD) or empty (open-ended)' });
      return;
    }
    const from = dayNumber(version.effectiveFrom);
    const to = version.effectiveTo === null ? Number.POSITIVE_INFINITY : dayNumber(version.effectiveTo);
    if (to < from) {
      const message = `the version from ${version.effectiveFrom} ends on ${version.effectiveTo ?? ''}, before it starts`;
      problems.push({ field: `${field}[${index}].effectiveTo`, message });
      return;
    }
    valid.push({ index, from, to, version });
  });
  valid.sort((a, b) => a.from - b.from || a.index - b.index);
  for (let position = 1; position < valid.length; position += 1) {
    const before = valid[position - 1];
    const current = valid[position];
    if (before === undefined || current === undefined) continue;
    const path = `${field}[${current.index}].effectiveFrom`;
    const start = current.version.effectiveFrom;
    const previous = `the version from ${before.version.effectiveFrom}`;
    if (before.to === Number.POSITIVE_INFINITY) {
      const message = `only the last version may be open-ended, but ${previous} is followed by the version from ${start}`;
      problems.push({ field: `${field}[${before.index}].effectiveTo`, message });
    } else if (current.from > before.to + 1) {
      const gap = `a gap from ${isoOfDay(before.to + 1)} to ${isoOfDay(current.from - 1)} with no rate`;
      problems.push({ field: path, message: `the version from ${start} starts after ${previous} ends on ${before.version.effectiveTo ?? ''}: ${gap}` });
    } else if (current.from <= before.to) {
      const both = `both are in effect from ${start} to ${isoOfDay(Math.min(before.to, current.to))}`;
      problems.push({ field: path, message: `the version from ${start} starts before ${previous} ends on ${before.version.effectiveTo ?? ''}: ${both}` });
    }
  }
  if (problems.length > 0) throw invalidFields(problems);
}

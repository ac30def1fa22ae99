/**
 * The rate engine: the charges of one service agreement for one bill, from the versions of its
 * rate schedule. Pure; the bill run calls it once per agreement (about 2 million times a run), so
 * `compileRates` parses and checks the versions once and `calculateCompiledCharges` does only
 * integer arithmetic (rate-arithmetic.ts) per call.
 *
 * Rules (what a clerk checks a bill against):
 * - **Rounding, once per line, half up.** Each line's exact amount (quantity × rate, or monthly
 *   amount × months) is computed exactly and rounded to whole cents once, half up (a half cent
 *   goes away from zero), or half even when the schedule says `rounding: "half_even"`. Nothing
 *   rounded is rounded again. The minimum charge and percent fees are computed from the rounded
 *   lines they are based on, so the lines a resident reads always add up to the bill.
 * - **Proration by days.** The bill's service days are its period, narrowed by the account's start
 *   (first bill) or stop (final bill). They are split into parts at each version's effective date,
 *   and each part is charged by its own version: monthly amounts and tier widths are multiplied by
 *   periodMonths × partDays / periodDays; consumption is split by partDays / serviceDays (all of it
 *   falls in the service days); the winter average, a monthly quantity, is multiplied like a
 *   monthly amount. A full period of a monthly cycle is therefore exactly one month.
 * - **Minimum charge.** In each part, when the fixed, tier, uniform and winter-average lines add up
 *   to less than the minimum (per month, prorated like any monthly amount and rounded once), one
 *   "minimum charge" line adds the difference. Flat charges, surcharges and percent fees neither
 *   count towards the minimum nor are raised by it.
 * - **Percent fees** are a percent of the part's other lines (the minimum line included), or of the
 *   named components only; never of another percent fee.
 * - **Units.** Tiers, caps and volumetric rates are in the schedule's billing unit; consumption and
 *   the winter average come in the context's consumption unit and are converted exactly
 *   (1 HCF = 748.052 gallons).
 * - **Order.** Parts by date; within a part: meter charge, tiers 1, 2, …, uniform use, winter
 *   average, minimum, flat charge, surcharges and percent fees in the definition's order. Tiers
 *   after the first that receive no use are left out.
 *
 * Errors: invalid_input (a context the schedule cannot bill: no version in effect on some service
 * days, a meter size without a meter charge, a metered charge without consumption, dates out of
 * order), naming the context field.
 */
import { assert, invalidInput } from '../shared/errors.js';
import { cents, formatCents, type Cents, type RoundingRule } from '../shared/money.js';
import {
  dayNumber,
  formatDayShort,
  formatScaled,
  formatScaledShort,
  gcd,
  isoOfDay,
  parseScaled,
  roundRatio,
  saturatingProduct,
} from './rate-arithmetic.js';
import {
  QUANTITY_DECIMALS,
  RATE_DECIMALS,
  validateRateDefinition,
  validateRateVersions,
  type RateDefinition,
  type TierBlock,
} from './rate-definition.js';
import {
  GALLONS_PER_HCF,
  type BillingUnit,
  type ChargeComponent,
  type ChargeContext,
  type ChargeLine,
  type RateVersionRow,
  type ServiceType,
} from './types.js';

export {
  validateRateDefinition,
  validateRateVersions,
  type EffectiveDates,
  type FixedCharge,
  type FlatCharge,
  type MinimumCharge,
  type PercentFee,
  type RateDefinition,
  type Surcharge,
  type TierBlock,
  type TieredCharge,
  type UniformCharge,
  type WinterAverageCharge,
} from './rate-definition.js';

const QUANTITY_SCALE = 10 ** QUANTITY_DECIMALS;
/** A quantity (1e-4 unit) times a rate (1e-6 dollar = 1e-4 cent) is in 1e-8 cents. */
const PRODUCT_SCALE = 10 ** (QUANTITY_DECIMALS + RATE_DECIMALS - 2);

/** A rate in dollars per unit, as the exact ratio amountCents = quantityScaled × num / den. */
interface CompiledRate {
  num: number;
  den: number;
  priceText: string;
}

interface CompiledTier {
  number: number;
  /** Width per month in 1e-4 units; Infinity for the open last tier. */
  width: number;
  rate: CompiledRate;
}

interface CompiledMonthly {
  account: string;
  label: string | undefined;
  amountCents: number;
  /** "28.50" for the line's unit price; "1,234.50" for its description. */
  priceText: string;
  priceDisplay: string;
}

interface CompiledVersion {
  id: number;
  dayFrom: number;
  dayTo: number;
  rounding: RoundingRule;
  billingUnit: BillingUnit;
  fixed: { account: string; label: string | undefined; bySize: Map<string, CompiledMonthly> } | null;
  tiers: { account: string; label: string | undefined; blocks: CompiledTier[] | null; byClass: Map<string, CompiledTier[]> } | null;
  uniform: { account: string; label: string | undefined; rate: CompiledRate } | null;
  winterAverage: { account: string; label: string | undefined; rate: CompiledRate; cap: number; fallback: number } | null;
  minimum: CompiledMonthly | null;
  flat: (CompiledMonthly & { perDwellingUnit: boolean }) | null;
  surcharges: Array<
    | (CompiledMonthly & { per: 'account' | 'dwelling_unit' })
    | { per: 'billing_unit'; account: string; label: string; rate: CompiledRate }
  >;
  percentFees: Array<{ account: string; label: string; percent: number; percentText: string; mask: number }>;
}

/** The versions of one schedule, parsed and checked once, for `calculateCompiledCharges`. */
export interface CompiledRates {
  readonly rateCode: string;
  readonly versions: readonly CompiledVersion[];
}

const componentBits: Record<ChargeComponent, number> = {
  fixed: 1, tier: 2, uniform: 4, minimum: 8, flat: 16, surcharge: 32, winter_average: 64, percent_fee: 128,
};
const minimumBaseMask = componentBits.fixed | componentBits.tier | componentBits.uniform | componentBits.winter_average;
const allButPercentMask = 127;

function compileRate(text: string): CompiledRate {
  const scaled = parseScaled(text, RATE_DECIMALS);
  assert(scaled !== null, `a validated rate parses: ${text}`);
  const divisor = gcd(scaled, PRODUCT_SCALE) || PRODUCT_SCALE;
  const dollars = formatScaled(scaled, RATE_DECIMALS).replace(/(\.\d{4}\d*?)0+$/, '$1');
  return { num: scaled / divisor, den: PRODUCT_SCALE / divisor, priceText: dollars };
}

function compileQuantity(text: string): number {
  const scaled = parseScaled(text, QUANTITY_DECIMALS);
  assert(scaled !== null, `a validated quantity parses: ${text}`);
  return scaled;
}

function compileMonthly(account: string, label: string | undefined, amountCents: number): CompiledMonthly {
  const amount = cents(amountCents);
  return { account, label, amountCents, priceText: formatCents(amount, { grouping: false }), priceDisplay: formatCents(amount) };
}

function compileBlocks(blocks: readonly TierBlock[]): CompiledTier[] {
  return blocks.map((block, index) => ({
    number: index + 1,
    width: block.to === null ? Number.POSITIVE_INFINITY : compileQuantity(block.to) - compileQuantity(block.from),
    rate: compileRate(block.rate),
  }));
}

function compileDefinition(definition: RateDefinition, row: RateVersionRow<unknown>): CompiledVersion {
  const { fixed, tiers, uniform, winterAverage, minimum, flat } = definition;
  return {
    id: row.id,
    dayFrom: dayNumber(row.effectiveFrom),
    dayTo: row.effectiveTo === null ? Number.POSITIVE_INFINITY : dayNumber(row.effectiveTo),
    rounding: definition.rounding ?? 'half_up',
    billingUnit: definition.billingUnit,
    fixed: fixed ? {
      account: fixed.revenueAccount,
      label: fixed.description,
      bySize: new Map(Object.entries(fixed.amountCentsPerMonthBySize).map(([size, amount]) => [
        size, compileMonthly(fixed.revenueAccount, fixed.description, amount ?? 0),
      ])),
    } : null,
    tiers: tiers ? {
      account: tiers.revenueAccount,
      label: tiers.description,
      blocks: tiers.blocks ? compileBlocks(tiers.blocks) : null,
      byClass: new Map(Object.entries(tiers.byClass ?? {}).map(([classCode, blocks]) => [classCode, compileBlocks(blocks)])),
    } : null,
    uniform: uniform ? { account: uniform.revenueAccount, label: uniform.description, rate: compileRate(uniform.rate) } : null,
    winterAverage: winterAverage ? {
      account: winterAverage.revenueAccount,
      label: winterAverage.description,
      rate: compileRate(winterAverage.rate),
      cap: winterAverage.capPerMonth === undefined ? Number.POSITIVE_INFINITY : compileQuantity(winterAverage.capPerMonth),
      fallback: compileQuantity(winterAverage.defaultPerMonth),
    } : null,
    minimum: minimum ? compileMonthly(minimum.revenueAccount, minimum.description, minimum.amountCentsPerMonth) : null,
    flat: flat
      ? { ...compileMonthly(flat.revenueAccount, flat.description, flat.amountCentsPerMonth), perDwellingUnit: flat.perDwellingUnit ?? false }
      : null,
    surcharges: (definition.surcharges ?? []).map((surcharge) => surcharge.per === 'billing_unit'
      ? { per: 'billing_unit' as const, account: surcharge.revenueAccount, label: surcharge.description, rate: compileRate(surcharge.rate) }
      : { ...compileMonthly(surcharge.revenueAccount, surcharge.description, surcharge.amountCentsPerMonth), per: surcharge.per }),
    percentFees: (definition.percentFees ?? []).map((fee) => ({
      account: fee.revenueAccount,
      label: fee.description,
      percent: parseScaled(fee.percent, 4, true) ?? 0,
      percentText: fee.percent,
      mask: fee.of === undefined ? allButPercentMask : fee.of.reduce((mask, component) => mask | componentBits[component], 0),
    })),
  };
}

/**
 * Parses and checks the versions of one schedule once (definitions and effective dates), for
 * many calls of `calculateCompiledCharges`. Throws invalid_input naming the version and field.
 */
export function compileRates(versions: readonly RateVersionRow<unknown>[]): CompiledRates {
  const rateCode = versions[0]?.rateCode ?? '';
  assert(versions.every((version) => version.rateCode === rateCode), 'compileRates takes the versions of one schedule');
  validateRateVersions(versions, `${rateCode}.versions`);
  const compiled = versions.map((row) => {
    const definition = validateRateDefinition(row.definition, `${rateCode}[${row.effectiveFrom}].definition`);
    return compileDefinition(definition, row);
  });
  compiled.sort((a, b) => a.dayFrom - b.dayFrom);
  return { rateCode, versions: compiled };
}

/** Compiles the versions of many schedules (as `getRateVersionsFor` reads them), by rate code. */
export function compileRateSchedules(versions: readonly RateVersionRow<unknown>[]): Map<string, CompiledRates> {
  const byCode = new Map<string, RateVersionRow<unknown>[]>();
  for (const version of versions) {
    const list = byCode.get(version.rateCode) ?? [];
    list.push(version);
    byCode.set(version.rateCode, list);
  }
  return new Map([...byCode].map(([code, list]) => [code, compileRates(list)]));
}

const compiledCache = new WeakMap<readonly RateVersionRow<unknown>[], CompiledRates>();

/**
 * The charge lines of one agreement for one bill. Compiles `versions` on first use and remembers
 * the result for the same array, so the bill run may call this for every agreement.
 */
export function calculateCharges(versions: readonly RateVersionRow<RateDefinition>[], context: ChargeContext): ChargeLine[] {
  let compiled = compiledCache.get(versions);
  if (compiled === undefined) {
    compiled = compileRates(versions);
    compiledCache.set(versions, compiled);
  }
  return calculateCompiledCharges(compiled, context);
}

/** Conversion of consumption to the billing unit: billing = consumption × num / den, exactly. */
const conversions = (() => {
  const gallonsPerThousandHcf = parseScaled(GALLONS_PER_HCF, 3);
  assert(gallonsPerThousandHcf !== null, 'GALLONS_PER_HCF is a decimal with at most 3 decimals');
  const divisor = gcd(gallonsPerThousandHcf, 1000);
  const gallons = gallonsPerThousandHcf / divisor;
  const thousand = 1000 / divisor;
  return {
    HCF: { HCF: { num: 1, den: 1 }, GAL: { num: gallons, den: thousand } },
    GAL: { HCF: { num: thousand, den: gallons }, GAL: { num: 1, den: 1 } },
  } as const;
})();

const serviceNouns: Record<ServiceType, string> = {
  water: 'Water', sewer: 'Sewer', refuse: 'Refuse', fire_line: 'Fire line', irrigation: 'Irrigation water', stormwater: 'Stormwater',
};
const unitWords: Record<BillingUnit, string> = { HCF: 'HCF', GAL: 'gallons' };

/** One version's share of the bill's service days, and what every line of it needs. */
interface Part {
  version: CompiledVersion;
  context: ChargeContext;
  lines: ChargeLine[];
  start: number;
  days: number;
  serviceDays: number;
  periodDays: number;
  suffix: string;
  consumption: number | null;
  winterAverage: number | null;
}

export function calculateCompiledCharges(rates: CompiledRates, context: ChargeContext): ChargeLine[] {
  const periodFrom = dayNumber(context.periodFrom);
  const periodTo = dayNumber(context.periodTo);
  const serviceFrom = dayNumber(context.serviceFrom);
  const serviceTo = dayNumber(context.serviceTo);
  checkContext(context, periodFrom, periodTo, serviceFrom, serviceTo);
  const consumption = context.consumption === null ? null : readUse(context.consumption, 'consumption');
  const winterAverage = context.winterAverage === null ? null : readUse(context.winterAverage, 'winterAverage');
  const lines: ChargeLine[] = [];
  let cursor = serviceFrom;
  for (const version of rates.versions) {
    const from = version.dayFrom > serviceFrom ? version.dayFrom : serviceFrom;
    const to = version.dayTo < serviceTo ? version.dayTo : serviceTo;
    if (from > to) continue;
    if (from > cursor) throw noVersion(rates.rateCode, cursor, from - 1);
    const days = to - from + 1;
    const periodDays = periodTo - periodFrom + 1;
    const suffix = days === periodDays ? '' : partLabel(from, to);
    const serviceDays = serviceTo - serviceFrom + 1;
    addPartLines({ version, context, lines, start: lines.length, days, serviceDays, periodDays, suffix, consumption, winterAverage });
    cursor = to + 1;
  }
  if (cursor <= serviceTo) throw noVersion(rates.rateCode, cursor, serviceTo);
  return lines;
}

/** " (Jun 16–Jun 30)" after the lines of a part that is not the whole period. */
function partLabel(from: number, to: number): string {
  return from === to ? ` (${formatDayShort(from)})` : ` (${formatDayShort(from)}–${formatDayShort(to)})`;
}

function checkContext(context: ChargeContext, periodFrom: number, periodTo: number, serviceFrom: number, serviceTo: number): void {
  const { periodMonths, dwellingUnits } = context;
  // Written as !(a >= b) so that a malformed date (NaN) is refused too.
  if (!(periodTo >= periodFrom)) {
    throw invalidInput('periodTo', `the period ends (${context.periodTo}) before it starts (${context.periodFrom})`);
  }
  if (!(serviceFrom >= periodFrom && serviceFrom <= periodTo)) {
    throw invalidInput('serviceFrom', `service from ${context.serviceFrom} is outside the period ${context.periodFrom} to ${context.periodTo}`);
  }
  if (!(serviceTo >= serviceFrom && serviceTo <= periodTo)) {
    throw invalidInput('serviceTo', `service to ${context.serviceTo} is not from ${context.serviceFrom} to the period's end ${context.periodTo}`);
  }
  if (!Number.isInteger(periodMonths) || periodMonths < 1 || periodMonths > 12) {
    throw invalidInput('periodMonths', 'must be a whole number of months from 1 to 12');
  }
  if (!Number.isInteger(dwellingUnits) || dwellingUnits < 1 || dwellingUnits > 10_000) {
    throw invalidInput('dwellingUnits', 'must be a whole number from 1 to 10000');
  }
}

function readUse(text: string, field: string): number {
  const scaled = parseScaled(text, QUANTITY_DECIMALS);
  if (scaled === null) throw invalidInput(field, `"${text}" is not a quantity of at least 0 with at most 4 decimals`);
  return scaled;
}

function noVersion(rateCode: string, from: number, to: number) {
  const days = from === to ? isoOfDay(from) : `${isoOfDay(from)} to ${isoOfDay(to)}`;
  return invalidInput('serviceFrom', `rate ${rateCode} has no version in effect on ${days}`, { rateCode });
}

function addPartLines(part: Part): void {
  const { version } = part;
  if (version.fixed) addFixed(part, version.fixed);
  if (version.tiers || version.uniform) addUse(part);
  if (version.winterAverage) addWinterAverage(part, version.winterAverage);
  if (version.minimum) addMinimum(part, version.minimum);
  if (version.flat) {
    const units = version.flat.perDwellingUnit ? part.context.dwellingUnits : 1;
    addMonthly(part, 'flat', version.flat, version.flat.label ?? `${serviceNouns[part.context.serviceType]} service charge`, units);
  }
  for (const surcharge of version.surcharges) {
    if (surcharge.per === 'billing_unit') addVolumetric(part, 'surcharge', surcharge.account, surcharge.label, surcharge.rate, null);
    else {
      const units = surcharge.per === 'dwelling_unit' ? part.context.dwellingUnits : 1;
      addMonthly(part, 'surcharge', surcharge, surcharge.label ?? 'Surcharge', units);
    }
  }
  for (const fee of version.percentFees) addPercentFee(part, fee);
}

function push(
  part: Part,
  component: ChargeComponent,
  description: string,
  quantity: string | null,
  unitPrice: string | null,
  amountCents: number,
  revenueAccount: string,
): void {
  const { serviceType } = part.context;
  part.lines.push({ serviceType, component, description, quantity, unitPrice, amountCents: cents(amountCents), revenueAccount });
}

/** A monthly amount × units × periodMonths × days / periodDays, rounded once. */
function addMonthly(part: Part, component: ChargeComponent, charge: CompiledMonthly, label: string, units: number): void {
  const months = part.context.periodMonths;
  const amount = roundRatio(charge.amountCents, units * months, part.days, part.periodDays, 1, part.version.rounding);
  const monthsScaled = roundRatio(QUANTITY_SCALE * months, part.days, 1, part.periodDays, 1, 'half_up');
  const monthsText = formatScaled(monthsScaled, QUANTITY_DECIMALS);
  // "1 month", "0.5 months", "0.4839 months": as many decimals as the figure has.
  const monthsShown = formatScaledShort(monthsScaled, QUANTITY_DECIMALS);
  const monthWord = monthsScaled === QUANTITY_SCALE ? 'month' : 'months';
  const price = charge.priceDisplay;
  const description = units === 1
    ? `${label}${part.suffix}: ${monthsShown} ${monthWord} at $${price}`
    : `${label}${part.suffix}: ${units} dwelling units × ${monthsShown} ${monthWord} at $${price}`;
  const quantity = units === 1
    ? monthsText
    : formatScaled(roundRatio(QUANTITY_SCALE * months * units, part.days, 1, part.periodDays, 1, 'half_up'), QUANTITY_DECIMALS);
  push(part, component, description, quantity, charge.priceText, amount, charge.account);
}

function addFixed(part: Part, fixed: NonNullable<CompiledVersion['fixed']>): void {
  const size = part.context.meterSize;
  const charge = size === null ? undefined : fixed.bySize.get(size);
  if (charge === undefined) {
    throw invalidInput('meterSize', size === null
      ? 'the schedule has a meter charge, so the agreement needs a meter'
      : `the schedule has no meter charge for a ${size}" meter`, { meterSize: size });
  }
  addMonthly(part, 'fixed', charge, `${fixed.label ?? 'Meter service charge'}, ${size ?? ''}" meter`, 1);
}

/**
 * The part's consumption in exact integers: real quantity (1e-4 billing units) = x × a / b for
 * x in [0, consumption], and the tier widths of the part on the same scale.
 */
function useScale(part: Part): { consumption: number; widthFactor: number; a: number; b: number } {
  if (part.consumption === null) {
    throw invalidInput('consumption', 'the schedule charges for use, so the bill needs a meter read (consumption)');
  }
  const conversion = conversions[part.context.consumptionUnit][part.version.billingUnit];
  const { serviceDays, periodDays, days } = part;
  // Common denominator of consumption × days / serviceDays and width × days / periodDays.
  const common = (serviceDays / gcd(serviceDays, periodDays)) * periodDays;
  const consumption = part.consumption * conversion.num * (common / serviceDays);
  if (!Number.isSafeInteger(consumption)) throw invalidInput('consumption', 'is too large to bill');
  const units = part.context.tiersPerUnit ? part.context.dwellingUnits : 1;
  const widthFactor = saturatingProduct(part.context.periodMonths * units * conversion.den, common / periodDays);
  const denominator = conversion.den * common;
  const divisor = gcd(days, denominator);
  return { consumption, widthFactor, a: days / divisor, b: denominator / divisor };
}

function addUse(part: Part): void {
  const scale = useScale(part);
  const { tiers, uniform } = part.version;
  const unit = unitWords[part.version.billingUnit];
  if (uniform) {
    addVolumetric(part, 'uniform', uniform.account, uniform.label ?? `${serviceNouns[part.context.serviceType]} use`, uniform.rate, scale);
    return;
  }
  assert(tiers !== null, 'addUse is called with tiers or a uniform rate');
  const blocks = tiers.byClass.get(part.context.classCode) ?? tiers.blocks;
  if (blocks === null) throw invalidInput('classCode', `the schedule has no tiers for class ${part.context.classCode}`);
  const label = tiers.label ?? `${serviceNouns[part.context.serviceType]} use`;
  let remaining = scale.consumption;
  for (const tier of blocks) {
    const width = saturatingProduct(tier.width, scale.widthFactor);
    const quantity = remaining < width ? remaining : width;
    if (quantity === 0 && tier.number > 1) break;
    remaining -= quantity;
    const amount = roundRatio(quantity, scale.a, tier.rate.num, scale.b, tier.rate.den, part.version.rounding);
    const quantityText = formatScaled(roundRatio(quantity, scale.a, 1, scale.b, 1, 'half_up'), QUANTITY_DECIMALS);
    const price = tier.rate.priceText;
    const description = `${label}, tier ${tier.number}${part.suffix}: ${quantityText} ${unit} at $${price}`;
    push(part, 'tier', description, quantityText, price, amount, tiers.account);
  }
}

/** All of the part's use at one rate (uniform use, a surcharge per unit). */
function addVolumetric(
  part: Part,
  component: ChargeComponent,
  account: string,
  label: string,
  rate: CompiledRate,
  known: ReturnType<typeof useScale> | null,
): void {
  const scale = known ?? useScale(part);
  const amount = roundRatio(scale.consumption, scale.a, rate.num, scale.b, rate.den, part.version.rounding);
  const quantityText = formatScaled(roundRatio(scale.consumption, scale.a, 1, scale.b, 1, 'half_up'), QUANTITY_DECIMALS);
  const description = `${label}${part.suffix}: ${quantityText} ${unitWords[part.version.billingUnit]} at $${rate.priceText}`;
  push(part, component, description, quantityText, rate.priceText, amount, account);
}

/** rate × min(winter average, cap) per month, prorated like a monthly amount. */
function addWinterAverage(part: Part, charge: NonNullable<CompiledVersion['winterAverage']>): void {
  const conversion = conversions[part.context.consumptionUnit][part.version.billingUnit];
  // On the scale of 1e-4 billing units × conversion.den.
  const average = part.winterAverage === null ? charge.fallback * conversion.den : part.winterAverage * conversion.num;
  const cap = saturatingProduct(charge.cap, conversion.den);
  const monthly = average < cap ? average : cap;
  const months = part.context.periodMonths * part.days;
  const denominator = conversion.den * part.periodDays;
  const amount = roundRatio(monthly, months, charge.rate.num, denominator, charge.rate.den, part.version.rounding);
  const quantityText = formatScaled(roundRatio(monthly, months, 1, denominator, 1, 'half_up'), QUANTITY_DECIMALS);
  const label = charge.label ?? `${serviceNouns[part.context.serviceType]} service, winter average use`;
  const basis = part.winterAverage === null ? ' (no winter history: the class average)' : '';
  const price = charge.rate.priceText;
  const description = `${label}${part.suffix}${basis}: ${quantityText} ${unitWords[part.version.billingUnit]} at $${price}`;
  push(part, 'winter_average', description, quantityText, price, amount, charge.account);
}

function sumLines(part: Part, mask: number): number {
  let total = 0;
  for (let index = part.start; index < part.lines.length; index += 1) {
    const line = part.lines[index];
    if (line !== undefined && (componentBits[line.component] & mask) !== 0) total += line.amountCents;
  }
  return total;
}

function addMinimum(part: Part, minimum: CompiledMonthly): void {
  const floor = roundRatio(minimum.amountCents, part.context.periodMonths, part.days, part.periodDays, 1, part.version.rounding);
  const charged = sumLines(part, minimumBaseMask);
  if (charged >= floor) return;
  const label = minimum.label ?? 'Minimum charge';
  const minimumText = `the minimum of $${minimum.priceDisplay} a month ($${formatCents(cents(floor))})`;
  const description = `${label}${part.suffix}: brings the charges above to ${minimumText}`;
  push(part, 'minimum', description, null, minimum.priceText, floor - charged, minimum.account);
}

function addPercentFee(part: Part, fee: CompiledVersion['percentFees'][number]): void {
  const base = sumLines(part, fee.mask);
  if (base === 0) return;
  // percent is scaled by 1e4, so base × percent% = base × percent / 1e6.
  const amount = roundRatio(base, fee.percent, 1, 1_000_000, 1, part.version.rounding);
  const baseText = formatCents(cents(base), { grouping: false });
  const description = `${fee.label}${part.suffix}: ${fee.percentText}% of $${formatCents(cents(base))}`;
  push(part, 'percent_fee', description, baseText, formatScaled(fee.percent, 6), amount, fee.account);
}

/** The total of a bill's lines (a convenience for tests and the register). */
export function totalOfLines(lines: readonly ChargeLine[]): Cents {
  return cents(lines.reduce((total, line) => total + line.amountCents, 0));
}

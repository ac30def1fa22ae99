/**
 * Utility billing: service locations' meters and accounts, meter reads and their validation,
 * effective-dated rates, bill runs (calculate, review, finalize, post), bills and their
 * corrections, deposits and service orders. The only door to the module.
 */
export * from './types.js';
export {
  calculateCharges,
  calculateCompiledCharges,
  compileRates,
  compileRateSchedules,
  totalOfLines,
  validateRateDefinition,
  validateRateVersions,
  type CompiledRates,
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
} from './rates.js';
export {
  addRateVersion,
  createRateSchedule,
  getRateSchedule,
  getRateVersionsFor,
  listRateSchedules,
  type AddRateVersionResult,
  type RateSchedule,
} from './rate-schedules.js';

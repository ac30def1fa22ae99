/**
 * The rate engine alone (no database): how long the bill run spends computing charges.
 *
 *   npx tsx bench/rate-engine.ts [--calls 1000000] [--runs 3]
 *
 * The demo city's schedules (src/demo/utility-rates.ts), compiled once as the bill run does
 * (`compileRateSchedules`), then `calculateCompiledCharges` called --calls times per scenario over
 * a pool of 10,000 generated agreements (meter sizes, uses 0–60 HCF with two decimals, dwelling
 * units, winter averages):
 *   - residential: WATER-RES, a full monthly period (the common case);
 *   - mixed: water and sewer agreements of every schedule, as a city's accounts hold them;
 *   - july-1: WATER-RES with the period crossing the FY2027 increase (two versions, prorated);
 *   - first-bills: WATER-RES, service starting mid-period;
 *   - gallons: WATER-RES read in gallons (exact conversion; products beyond 2^53 go through bigint).
 * Prints the best and median of --runs, and lines per second. Benchmarks print; they never assert.
 */
import { demoRateSchedules } from '../src/demo/utility-rates.js';
import type { IsoDate } from '../src/shared/dates.js';
import {
  calculateCompiledCharges,
  compileRateSchedules,
  meterSizes,
  type ChargeContext,
  type CompiledRates,
  type RateDefinition,
  type RateVersionRow,
} from '../src/utility/index.js';
import { flag, formatMs, machineDetails, nowMs, seededRandom } from './support.js';

const calls = Number(flag('calls', '1000000'));
const runs = Number(flag('runs', '3'));
const poolSize = 10_000;
const d = (text: string) => text as IsoDate;

let id = 0;
const rows: RateVersionRow<RateDefinition>[] = demoRateSchedules.flatMap((schedule) => schedule.versions.map((version) => {
  id += 1;
  return { id, rateCode: schedule.code, effectiveFrom: d(version.effectiveFrom), effectiveTo: version.effectiveTo === null ? null : d(version.effectiveTo), definition: version.definition };
}));
const compiled = compileRateSchedules(rows);
const schedule = (code: string): CompiledRates => {
  const found = compiled.get(code);
  if (!found) throw new Error(`no schedule ${code}`);
  return found;
};

interface Agreement {
  rates: CompiledRates;
  context: ChargeContext;
}

const random = seededRandom(20_261_207);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const use = (max: number) => (Math.floor(random() * max * 100) / 100).toFixed(2);

function base(overrides: Partial<ChargeContext>): ChargeContext {
  return {
    serviceType: 'water', classCode: 'single_family', isResidential: true, tiersPerUnit: false, dwellingUnits: 1, meterSize: '5/8',
    periodFrom: d('2026-08-01'), periodTo: d('2026-08-31'), periodMonths: 1, serviceFrom: d('2026-08-01'), serviceTo: d('2026-08-31'),
    consumption: use(40), consumptionUnit: 'HCF', winterAverage: null, ...overrides,
  };
}

function residential(overrides: Partial<ChargeContext> = {}): Agreement {
  return { rates: schedule('WATER-RES'), context: base({ meterSize: random() < 0.85 ? '5/8' : pick(['3/4', '1'] as const), ...overrides }) };
}

function mixed(): Agreement {
  const draw = random();
  if (draw < 0.4) return residential();
  if (draw < 0.75) return { rates: schedule('SEWER-RES'), context: base({ serviceType: 'sewer', meterSize: null, consumption: null }) };
  if (draw < 0.8) {
    const units = 2 + Math.floor(random() * 20);
    return { rates: schedule('WATER-MFR'), context: base({ classCode: 'multi_family', tiersPerUnit: true, dwellingUnits: units, meterSize: pick(['1', '1-1/2', '2'] as const), consumption: use(10 * units) }) };
  }
  if (draw < 0.85) return { rates: schedule('SEWER-MFR'), context: base({ serviceType: 'sewer', classCode: 'multi_family', dwellingUnits: 2 + Math.floor(random() * 20), meterSize: null, consumption: null }) };
  if (draw < 0.92) return { rates: schedule('WATER-COM'), context: base({ classCode: 'commercial', isResidential: false, meterSize: pick(meterSizes), consumption: use(600) }) };
  if (draw < 0.96) return { rates: schedule('SEWER-COM'), context: base({ serviceType: 'sewer', classCode: 'commercial', isResidential: false, meterSize: null, consumption: null, winterAverage: random() < 0.9 ? use(80) : null }) };
  return { rates: schedule('WATER-IRR'), context: base({ serviceType: 'irrigation', classCode: 'irrigation', isResidential: false, meterSize: pick(['1', '1-1/2', '2'] as const), consumption: use(200) }) };
}

const scenarios: Record<string, () => Agreement> = {
  residential: () => residential(),
  mixed,
  'july-1': () => residential({ periodFrom: d('2026-06-16'), periodTo: d('2026-07-15'), serviceFrom: d('2026-06-16'), serviceTo: d('2026-07-15') }),
  'first-bills': () => residential({ serviceFrom: d(`2026-08-${String(2 + Math.floor(random() * 28)).padStart(2, '0')}`) }),
  gallons: () => residential({ consumption: String(Math.floor(random() * 30_000)), consumptionUnit: 'GAL' }),
};

/** Wall time and this process's CPU time (the machine is shared: CPU time is the steadier figure). */
function runScenario(pool: readonly Agreement[]): { ms: number; cpuMs: number; lines: number; cents: number } {
  let lines = 0;
  let total = 0;
  const cpuStarted = process.cpuUsage();
  const started = nowMs();
  for (let call = 0; call < calls; call += 1) {
    const agreement = pool[call % pool.length] as Agreement;
    const result = calculateCompiledCharges(agreement.rates, agreement.context);
    lines += result.length;
    for (const line of result) total += line.amountCents;
  }
  const ms = nowMs() - started;
  const cpu = process.cpuUsage(cpuStarted);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, lines, cents: total };
}

console.log(JSON.stringify(await machineDetails()));
console.log(`rate engine: ${calls.toLocaleString('en-US')} calls per scenario, best and median of ${runs} runs`);
for (const [name, make] of Object.entries(scenarios)) {
  const pool = Array.from({ length: poolSize }, make);
  runScenario(pool.slice(0, 1000)); // warm up
  const results = Array.from({ length: runs }, () => runScenario(pool));
  const times = results.map((result) => result.ms).sort((a, b) => a - b);
  const cpuBest = Math.min(...results.map((result) => result.cpuMs));
  const first = results[0] ?? { lines: 0, cents: 0 };
  const best = times[0] ?? Number.NaN;
  const median = times[Math.floor(times.length / 2)] ?? Number.NaN;
  const perCallNs = (best * 1e6) / calls;
  console.log(`${name.padEnd(12)} best ${formatMs(best)} (CPU ${formatMs(cpuBest)}), median ${formatMs(median)} (${perCallNs.toFixed(0)} ns a call, ${(first.lines / calls).toFixed(2)} lines a call, ${Math.round(first.lines / (best / 1000)).toLocaleString('en-US')} lines/s; total $${(first.cents / 100).toLocaleString('en-US')})`);
}

/** The rate versions a bill run needs, read once per run (one query), by schedule. */
import type { IsoDate } from '../shared/dates.js';
import type { Executor } from '../shared/db.js';
import { getRateVersionsFor } from './rate-schedules.js';
import type { RateDefinition } from './rates.js';
import type { RateVersionRow } from './types.js';

export async function loadRateVersions(
  db: Executor,
  codes: readonly string[],
  from: IsoDate,
  to: IsoDate,
): Promise<Map<string, Array<RateVersionRow<RateDefinition>>>> {
  const byCode = new Map<string, Array<RateVersionRow<RateDefinition>>>(codes.map((code) => [code, []]));
  for (const row of await getRateVersionsFor(db, codes, from, to)) byCode.get(row.rateCode)?.push(row);
  return byCode;
}

/** The schedules that bill from the winter average of water use (sewer), so the run reads it for them. */
export function winterAverageCodes(rates: ReadonlyMap<string, readonly RateVersionRow<RateDefinition>[]>): string[] {
  return [...rates].filter(([, versions]) => versions.some((version) => version.definition.winterAverage !== undefined)).map(([code]) => code);
}

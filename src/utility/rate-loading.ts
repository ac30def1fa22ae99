/** The rate versions a bill run needs, read once per run (one query), by schedule. */
import { sql } from 'kysely';
import type { IsoDate } from '../shared/dates.js';
import type { Executor } from '../shared/db.js';
import type { RateDefinition } from './rates.js';
import type { RateVersionRow } from './types.js';

export async function loadRateVersions(
  db: Executor,
  codes: readonly string[],
  from: IsoDate,
  to: IsoDate,
): Promise<Map<string, Array<RateVersionRow<RateDefinition>>>> {
  const result = await sql<RateVersionRow<RateDefinition>>`select id, rate_code as "rateCode", effective_from::text as "effectiveFrom",
      effective_to::text as "effectiveTo", definition
    from rate_version where rate_code = any(${[...codes]}::text[])
      and effective_from <= ${to}::date and (effective_to is null or effective_to >= ${from}::date)
    order by rate_code, effective_from`.execute(db);
  const byCode = new Map<string, Array<RateVersionRow<RateDefinition>>>(codes.map((code) => [code, []]));
  for (const row of result.rows) byCode.get(row.rateCode)?.push(row);
  return byCode;
}

/** Whether a schedule bills from the winter average of water use (sewer), so the run reads it. */
export function rateUsesWinterAverage(definition: RateDefinition): boolean {
  return definition.winterAverage !== undefined;
}

/**
 * Keeping the delinquency chain of each utility class (collections.setup). A class's chain is
 * saved whole: validated (chain.ts `validateChain`, every problem named by its step), steps no
 * longer listed are made inactive rather than removed (cases keep their step numbers), audited
 * with the chain before and after.
 */
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import { inTransaction, type Database, type Executor } from '../shared/db.js';
import { invalidFields, invalidInput, notFound } from '../shared/errors.js';
import { validateChain, type ChainStep } from './chain.js';
import { stepTypes, type StepType } from './types.js';

export interface ClassChain {
  classCode: string;
  className: string;
  isResidential: boolean;
  steps: ChainStep[];
}

export async function listChains(db: Executor): Promise<ClassChain[]> {
  const classes = await sql<{ code: string; name: string; isResidential: boolean }>`select code, name, is_residential as "isResidential"
    from utility_class order by code`.execute(db);
  const steps = await sql<ChainStep & { classCode: string }>`select class_code as "classCode", step_order as "stepOrder", step_type as "stepType",
      name, days_past_due as "daysPastDue", wait_business_days as "waitBusinessDays", is_active as "isActive"
    from collection_step order by class_code, step_order`.execute(db);
  return classes.rows.map((row) => ({
    classCode: row.code,
    className: row.name,
    isResidential: row.isResidential,
    steps: steps.rows.filter((step) => step.classCode === row.code).map(({ classCode: _class, ...step }) => step),
  }));
}

function parseSteps(value: unknown): Array<Omit<ChainStep, 'isActive'>> {
  if (!Array.isArray(value) || value.length === 0) throw invalidInput('steps', 'list the steps of the chain');
  if (value.length > 20) throw invalidInput('steps', 'at most 20 steps');
  const problems: Array<{ field: string; message: string }> = [];
  const steps = value.map((raw, index) => {
    const step = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const at = `steps[${index}]`;
    const stepType = step.stepType;
    if (typeof stepType !== 'string' || !(stepTypes as readonly string[]).includes(stepType)) {
      problems.push({ field: `${at}.stepType`, message: `must be one of ${stepTypes.join(', ')}` });
    }
    const whole = (name: string): number => {
      const number = typeof step[name] === 'string' && /^\d+$/.test(step[name] as string) ? Number(step[name]) : step[name];
      if (typeof number !== 'number' || !Number.isSafeInteger(number)) {
        problems.push({ field: `${at}.${name}`, message: 'must be a whole number' });
        return 0;
      }
      return number;
    };
    return {
      stepOrder: whole('stepOrder'),
      stepType: stepType as StepType,
      name: typeof step.name === 'string' ? step.name.trim() : '',
      daysPastDue: whole('daysPastDue'),
      waitBusinessDays: step.waitBusinessDays === undefined ? 0 : whole('waitBusinessDays'),
    };
  });
  if (problems.length > 0) throw invalidFields(problems);
  return steps;
}

export async function saveChain(database: Database, options: { classCode: string; steps: unknown; actor: Actor }): Promise<ClassChain> {
  const steps = parseSteps(options.steps);
  return inTransaction(database, async (tx) => {
    const found = await sql<{ isResidential: boolean }>`select is_residential as "isResidential" from utility_class where code = ${options.classCode}`.execute(tx);
    const utilityClass = found.rows[0];
    if (!utilityClass) throw notFound('utility class', options.classCode);
    const problems = validateChain(steps, utilityClass.isResidential);
    if (problems.length > 0) throw invalidFields(problems);
    const before = (await listChains(tx)).find((chain) => chain.classCode === options.classCode);
    await sql`update collection_step set is_active = false, updated_at = now(), updated_by = ${options.actor.username}
      where class_code = ${options.classCode} and step_order <> all(${steps.map((step) => step.stepOrder)}::integer[])`.execute(tx);
    await sql`insert into collection_step (class_code, step_order, step_type, name, days_past_due, wait_business_days, is_active, updated_by)
      select ${options.classCode}, s.step_order, s.step_type, s.name, s.days, s.wait, true, ${options.actor.username}
      from unnest(${steps.map((step) => step.stepOrder)}::integer[], ${steps.map((step) => step.stepType)}::text[], ${steps.map((step) => step.name)}::text[],
        ${steps.map((step) => step.daysPastDue)}::integer[], ${steps.map((step) => step.waitBusinessDays)}::integer[]) as s (step_order, step_type, name, days, wait)
      on conflict (class_code, step_order) do update set step_type = excluded.step_type, name = excluded.name, days_past_due = excluded.days_past_due,
        wait_business_days = excluded.wait_business_days, is_active = true, updated_at = now(), updated_by = excluded.updated_by`.execute(tx);
    const after = (await listChains(tx)).find((chain) => chain.classCode === options.classCode) as ClassChain;
    await recordAudit(tx, { actor: options.actor, action: 'collections.save_chain', entityType: 'utility_class', entityId: options.classCode,
      before: before?.steps, after: after.steps });
    return after;
  });
}

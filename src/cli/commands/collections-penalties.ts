/**
 * `civic collections penalties ...`: the penalty rules (list, add a version, deactivate;
 * collections.setup, listing also collections.read) and the penalty job for a day
 * (collections.work). The daily collections job runs the same job first.
 */
import type { Command } from 'commander';
import { Decimal } from 'decimal.js';
import { addPenaltyRule, applyPenalties, deactivatePenaltyRule, listPenaltyRules, type PenaltyRuleRow } from '../../collections/index.js';
import { cents, formatDollars } from '../../shared/money.js';
import { withDatabase, writeLine, type CliContext } from '../context.js';
import { formatTable, moneyCell, writeJson } from '../output.js';
import { parsePositiveInteger } from '../parsers.js';
import { collectionsCommand } from './collections.js';


/** "0.100000" -> "10%" (exact: decimal.js). */
function percent(rate: string): string {
  return `${new Decimal(rate).times(100).toString()}%`;
}

function ruleTable(rules: readonly PenaltyRuleRow[]): string {
  return formatTable(
    [{ header: 'id' }, { header: 'class' }, { header: 'rate' }, { header: 'from' }, { header: 'to' }, { header: 'grace' }, { header: 'current' },
      { header: 'past due' }, { header: 'minimum' }, { header: 'maximum' }, { header: 'revenue' }, { header: 'active' }],
    rules.map((rule) => [String(rule.id), rule.classCode ?? '(any)', rule.rateCode ?? '(any)', rule.effectiveFrom, rule.effectiveTo ?? '', String(rule.graceDays),
      percent(rule.currentRate), percent(rule.pastDueRate), moneyCell(rule.minimumCents), rule.maximumCents === null ? '' : moneyCell(rule.maximumCents, { showZero: true }),
      rule.revenueAccountCode, rule.isActive ? 'yes' : 'no']),
  );
}

export function registerCollectionsPenalties(program: Command, context: CliContext): void {
  const penalties = collectionsCommand(program).command('penalties').description('penalty rules and the penalty job');

  penalties
    .command('rules')
    .description('the penalty rules by scope and date (the most specific scope wins; the bill\'s due date picks the version)')
    .option('--active', 'only active versions')
    .option('--json', 'print JSON')
    .action(async (options: { active?: boolean; json?: boolean }) => {
      await withDatabase(context, ['collections.setup', 'collections.read'], async (database) => {
        const rules = await listPenaltyRules(database.kysely, { activeOnly: options.active ?? false });
        if (options.json) return writeJson(context.stdout, rules);
        writeLine(context.stdout, rules.length === 0 ? 'No penalty rules.' : ruleTable(rules));
      });
    });

  penalties
    .command('add-rule')
    .description('add a penalty rule version (after an open-ended one of its scope, that one ends the day before)')
    .requiredOption('--from <date>', 'the first due date it applies to (YYYY-MM-DD)')
    .option('--to <date>', 'the last due date it applies to')
    .option('--class <code>', 'only accounts of this utility class')
    .option('--rate <code>', 'only accounts with a service on this rate schedule')
    .requiredOption('--grace <days>', 'days after the due date before a bill is penalized')
    .requiredOption('--current <rate>', 'share of the unpaid current charges (0.10 = 10%)')
    .requiredOption('--past-due <rate>', 'share of the unpaid previous balance (0.01 = 1%)')
    .option('--minimum <dollars>', 'the least penalty, in dollars')
    .option('--maximum <dollars>', 'the most penalty, in dollars')
    .requiredOption('--revenue <account>', 'the penalty revenue account')
    .option('--description <text>', 'a note')
    .option('--json', 'print JSON')
    .action(async (options: { from: string; to?: string; class?: string; rate?: string; grace: string; current: string; pastDue: string;
      minimum?: string; maximum?: string; revenue: string; description?: string; json?: boolean }) => {
      await withDatabase(context, 'collections.setup', async (database, actor) => {
        const rule = await addPenaltyRule(database, {
          input: { effectiveFrom: options.from, effectiveTo: options.to ?? null, classCode: options.class ?? null, rateCode: options.rate ?? null,
            graceDays: options.grace, currentRate: options.current, pastDueRate: options.pastDue, minimum: options.minimum ?? null,
            maximum: options.maximum ?? null, revenueAccount: options.revenue, description: options.description ?? null },
          actor,
        });
        if (options.json) return writeJson(context.stdout, rule);
        writeLine(context.stdout, `Added penalty rule ${rule.id}.`);
        writeLine(context.stdout, ruleTable([rule]));
      });
    });

  penalties
    .command('deactivate-rule')
    .description('deactivate a penalty rule version (bills it decided stay as they are)')
    .argument('<id>', 'the rule id', parsePositiveInteger)
    .action(async (id: number) => {
      await withDatabase(context, 'collections.setup', async (database, actor) => {
        const rule = await deactivatePenaltyRule(database, { ruleId: id, actor });
        writeLine(context.stdout, `Penalty rule ${rule.id} is inactive.`);
      });
    });

  penalties
    .command('apply')
    .description('decide every bill past its due date and grace not yet decided: post its penalty, waive it, or nothing owed')
    .requiredOption('--date <date>', 'the day to run as (YYYY-MM-DD); penalties post on it')
    .option('--json', 'print JSON')
    .action(async (options: { date: string; json?: boolean }) => {
      await withDatabase(context, 'collections.work', async (database, actor) => {
        const result = await applyPenalties(database, { asOf: options.date, actor });
        if (options.json) return writeJson(context.stdout, result);
        writeLine(context.stdout, `${result.billsAssessed} bills decided: ${result.penaltiesPosted} penalties posted (${formatDollars(cents(result.totalCents))}), ${result.waived} waived (SB 998 low income).`);
      });
    });
}

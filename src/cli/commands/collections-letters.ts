/**
 * `civic collections notices ...` and `civic collections templates ...`: the letters of collection
 * notices. `notices list` shows a day's notices, `notices print --date D --out DIR` writes the
 * day's print files (one per type, one per notice), `notices pdf NOTICE` one notice's PDF
 * (collections.read). `templates list|show|save FILE` edit the letter templates
 * (collections.setup); `show` prints the file `save` reads:
 *
 *   noticeType: late_notice
 *   language: es
 *   subject: Aviso de atraso
 *   ---
 *   Estimado(a) {{customerName}}: ...
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import {
  getLetterTemplate,
  listLetterTemplates,
  listNotices,
  renderNoticePdf,
  renderNoticePdfs,
  saveLetterTemplate,
  type LetterTemplate,
  type LetterTemplateInput,
} from '../../collections/index.js';
import { formatDollars, cents } from '../../shared/money.js';
import { invalidInput, notFound } from '../../shared/errors.js';
import { withDatabase, writeLine, type CliContext } from '../context.js';
import { formatTable, writeJson } from '../output.js';
import { collectionsCommand } from './collections.js';


/** Parses the file `templates show` prints (or JSON with the same fields). */
export function parseTemplateFile(text: string): LetterTemplateInput {
  if (text.trimStart().startsWith('{')) return JSON.parse(text) as LetterTemplateInput;
  const separator = text.search(/^---\s*$/m);
  if (separator < 0) throw invalidInput('file', 'a header (noticeType:, language:, subject:), a line "---", then the body');
  const header = new Map<string, string>();
  for (const line of text.slice(0, separator).split(/\r?\n/)) {
    const match = /^\s*([A-Za-z]+)\s*:\s*(.*)$/.exec(line);
    if (match) header.set(match[1] as string, (match[2] as string).trim());
  }
  const isActive = header.get('isActive');
  return {
    noticeType: header.get('noticeType') ?? '',
    language: header.get('language') ?? '',
    subject: header.get('subject') ?? '',
    body: text.slice(separator).replace(/^---\s*\r?\n/, ''),
    effectiveFrom: header.get('effectiveFrom') || null,
    changeNote: header.get('changeNote') || null,
    ...(isActive === undefined ? {} : { isActive: isActive !== 'false' }),
  };
}

function templateFile(template: LetterTemplate): string {
  return [`noticeType: ${template.noticeType}`, `language: ${template.language}`, `subject: ${template.subject}`,
    `# version ${template.version}, effective ${template.effectiveFrom}, ${template.isActive ? 'active' : 'inactive'}, by ${template.createdBy}`,
    '---', template.body, ''].join('\n');
}

export function registerCollectionsLetters(program: Command, context: CliContext): void {
  const collections = collectionsCommand(program);
  const notices = collections.command('notices').description('collection notices and their letters');

  notices.command('list')
    .description('notices by day, type and account, newest first')
    .option('--date <date>', 'the notice date (YYYY-MM-DD)')
    .option('--type <type>', 'one notice type (late_notice, sb998_notice, door_hanger, ...)')
    .option('--account <account>', 'one utility account')
    .option('--json', 'print JSON')
    .action(async (options: { date?: string; type?: string; account?: string; json?: boolean }) => {
      await withDatabase(context, 'collections.read', async (database) => {
        const found = await listNotices(database.kysely, { noticeDate: options.date ?? null, noticeType: options.type ?? null, account: options.account ?? null });
        if (options.json) return writeJson(context.stdout, found);
        context.stdout.write(formatTable(
          [{ header: 'notice' }, { header: 'date' }, { header: 'type' }, { header: 'delivery' }, { header: 'lang' }, { header: 'account' },
            { header: 'customer', maxWidth: 28 }, { header: 'amount due', align: 'right' }, { header: 'shutoff on/after' }],
          found.map((notice) => [notice.noticeNumber, notice.noticeDate, notice.noticeType, notice.delivery, notice.language, notice.accountNumber,
            notice.customerName, formatDollars(cents(notice.amountDueCents)), notice.disconnectOnOrAfter ?? '']),
        ));
        writeLine(context.stdout, `${found.length} notices`);
      });
    });

  notices.command('print')
    .description('write a day\'s print files: one PDF per notice type, and one per notice')
    .requiredOption('--date <date>', 'the notice date (YYYY-MM-DD)')
    .option('--type <type>', 'only this notice type')
    .requiredOption('--out <dir>', 'the folder to write into')
    .action(async (options: { date: string; type?: string; out: string }) => {
      await withDatabase(context, 'collections.read', async (database) => {
        const run = await renderNoticePdfs(database.kysely, { noticeDate: options.date, noticeType: options.type ?? null, out: options.out });
        for (const file of run.files.filter((entry) => entry.noticeNumber === null)) writeLine(context.stdout, `${file.path}  ${file.letters} letters`);
        writeLine(context.stdout, `${run.notices} notices of ${options.date} printed into ${options.out}`);
        for (const problem of run.incomplete) writeLine(context.stderr, `${problem.noticeNumber}: printed with blanks for ${problem.missingFields.join(', ')}`);
      });
    });

  notices.command('pdf')
    .description('one notice\'s PDF')
    .argument('<notice>', 'the notice number (N-2026-000123) or id')
    .option('--out <file>', 'where to write it (default: NOTICE.pdf here)')
    .action(async (notice: string, options: { out?: string }) => {
      await withDatabase(context, 'collections.read', async (database) => {
        const { fileName, pdf, letter } = await renderNoticePdf(database.kysely, notice);
        const path = options.out ?? fileName;
        await writeFile(path, pdf);
        writeLine(context.stdout, `${path}  ${letter.notice.noticeType} to ${letter.notice.customerName}, template ${letter.template?.language ?? '-'} v${letter.template?.version ?? '-'}`);
        if (letter.missingFields.length > 0) writeLine(context.stderr, `printed with blanks for ${letter.missingFields.join(', ')}`);
      });
    });

  const templates = collections.command('templates').description('letter templates of collection notices');

  templates.command('list')
    .description('the latest template of each notice type and language')
    .option('--type <type>', 'one notice type')
    .option('--language <language>', 'one language')
    .option('--all', 'every version')
    .option('--json', 'print JSON')
    .action(async (options: { type?: string; language?: string; all?: boolean; json?: boolean }) => {
      await withDatabase(context, 'collections.setup', async (database) => {
        const found = await listLetterTemplates(database.kysely, { noticeType: options.type ?? null, language: options.language ?? null, allVersions: options.all === true });
        if (options.json) return writeJson(context.stdout, found);
        context.stdout.write(formatTable(
          [{ header: 'id', align: 'right' }, { header: 'type' }, { header: 'lang' }, { header: 'version', align: 'right' }, { header: 'effective' },
            { header: 'active' }, { header: 'subject', maxWidth: 50 }, { header: 'by' }],
          found.map((template) => [String(template.id), template.noticeType, template.language, String(template.version), template.effectiveFrom,
            template.isActive ? 'yes' : 'no', template.subject, template.createdBy]),
        ));
      });
    });

  templates.command('show')
    .description('a template as the file `save` reads (by id, or TYPE/LANGUAGE for the latest)')
    .argument('<template>', 'an id, or e.g. sb998_notice/es')
    .option('--json', 'print JSON')
    .action(async (key: string, options: { json?: boolean }) => {
      await withDatabase(context, 'collections.setup', async (database) => {
        let template: LetterTemplate;
        if (/^[0-9]+$/.test(key)) {
          template = await getLetterTemplate(database.kysely, Number(key));
        } else {
          const [noticeType, language] = key.split('/');
          const found = await listLetterTemplates(database.kysely, { noticeType: noticeType ?? '', language: language ?? 'en' });
          if (!found[0]) throw notFound('letter template', key);
          template = found[0];
        }
        if (options.json) return writeJson(context.stdout, template);
        context.stdout.write(templateFile(template));
      });
    });

  templates.command('save')
    .description('save a new version of a template from a file (as `show` prints it, or JSON)')
    .argument('<file>', 'the template file')
    .option('--effective-from <date>', 'first day it applies (default today)')
    .option('--note <text>', 'what changed')
    .action(async (file: string, options: { effectiveFrom?: string; note?: string }) => {
      await withDatabase(context, 'collections.setup', async (database, actor) => {
        const input = parseTemplateFile(await readFile(file, 'utf8'));
        const saved = await saveLetterTemplate(database, {
          input: { ...input, ...(options.effectiveFrom ? { effectiveFrom: options.effectiveFrom } : {}), ...(options.note ? { changeNote: options.note } : {}) },
          actor, clock: context.clock,
        });
        writeLine(context.stdout, `Saved ${saved.noticeType}/${saved.language} version ${saved.version} (id ${saved.id}), effective ${saved.effectiveFrom}; fields: ${saved.fields.join(', ')}`);
      });
    });
}

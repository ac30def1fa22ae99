/**
 * The journal as an hledger journal file (so hledger can check our books independently) and as
 * CSV (one row per line, safe against spreadsheet formula injection). Written in chunks of
 * entries, in id order, to any sink, so a ten-million-line journal streams in constant memory.
 */
import { sql } from 'kysely';
import { toCsv } from '../shared/csv.js';
import type { Executor } from '../shared/db.js';
import { cents, formatCents } from '../shared/money.js';
import type { AccountType } from './chart.js';

export type ExportFormat = 'hledger' | 'csv';

interface ExportLine {
  entryId: number;
  entryDate: string;
  periodKey: string;
  description: string;
  sourceModule: string;
  sourceRef: string | null;
  reversesEntryId: number | null;
  postedBy: string;
  postedAt: Date;
  lineNumber: number;
  accountCode: string;
  accountName: string;
  accountType: AccountType;
  fundCode: string;
  amountCents: number;
  memo: string | null;
}

const hledgerTop: Record<AccountType, string> = {
  asset: 'assets',
  liability: 'liabilities',
  fund_balance: 'equity',
  revenue: 'revenues',
  expenditure: 'expenses',
};

/** The hledger account name: type, fund, then the full code (e.g. assets:100:100-0000-10100). */
export function hledgerAccountName(type: AccountType, fundCode: string, code: string): string {
  return `${hledgerTop[type]}:${fundCode}:${code}`;
}

/** hledger reads ';' as a comment and two spaces as the end of an account name: keep text plain. */
function hledgerText(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').replace(/;/g, ',').replace(/ {2,}/g, ' ').trim();
}

export async function exportJournal(
  db: Executor,
  options: { format: ExportFormat; write: (chunk: string) => void | Promise<void>; chunkEntries?: number },
): Promise<{ entryCount: number; lineCount: number }> {
  const chunkEntries = options.chunkEntries ?? 5_000;
  let afterId = 0;
  let entryCount = 0;
  let lineCount = 0;
  if (options.format === 'hledger') {
    await options.write(await hledgerHeader(db));
  }
  let isFirstCsvChunk = true;
  for (;;) {
    const lines = await readChunk(db, afterId, chunkEntries);
    if (lines.length === 0) break;
    const last = lines[lines.length - 1] as ExportLine;
    afterId = last.entryId;
    entryCount += new Set(lines.map((line) => line.entryId)).size;
    lineCount += lines.length;
    if (options.format === 'hledger') {
      await options.write(formatHledger(lines));
    } else {
      const text = formatCsv(lines);
      await options.write(isFirstCsvChunk ? text : text.slice(text.indexOf('\r\n') + 2));
      isFirstCsvChunk = false;
    }
  }
  if (options.format === 'csv' && isFirstCsvChunk) await options.write(formatCsv([]));
  return { entryCount, lineCount };
}

async function readChunk(db: Executor, afterId: number, chunkEntries: number): Promise<ExportLine[]> {
  const result = await sql<ExportLine>`
    with entries as (
      select * from journal_entry where id > ${afterId} order by id limit ${chunkEntries}
    )
    select e.id as "entryId", e.entry_date as "entryDate", e.period_key as "periodKey", e.description,
      e.source_module as "sourceModule", e.source_ref as "sourceRef", e.reverses_entry_id as "reversesEntryId",
      e.posted_by as "postedBy", e.posted_at as "postedAt", l.line_number as "lineNumber",
      a.code as "accountCode", a.name as "accountName", a.account_type as "accountType",
      l.fund_code as "fundCode", l.amount_cents as "amountCents", l.memo
    from entries e join journal_line l on l.entry_id = e.id join account a on a.id = l.account_id
    order by e.id, l.line_number`.execute(db);
  return result.rows;
}

async function hledgerHeader(db: Executor): Promise<string> {
  const accounts = await sql<{ code: string; name: string; accountType: AccountType; fundCode: string }>`
    select code, name, account_type as "accountType", fund_code as "fundCode" from account order by code`.execute(db);
  const declarations = accounts.rows.map(
    (account) => `account ${hledgerAccountName(account.accountType, account.fundCode, account.code)}  ; ${hledgerText(account.name)}`,
  );
  return [
    '; Civic Ledger journal export. Amounts in US dollars; one transaction per journal entry.',
    '; Account names are type:fund:fund-department-object.',
    'commodity $1,000.00',
    ...declarations,
    '',
    '',
  ].join('\n');
}

function formatHledger(lines: readonly ExportLine[]): string {
  const out: string[] = [];
  let current: number | null = null;
  for (const line of lines) {
    if (line.entryId !== current) {
      if (current !== null) out.push('');
      current = line.entryId;
      const tags = [`source:${hledgerText(line.sourceModule)}`, `period:${line.periodKey}`];
      if (line.sourceRef) tags.push(`ref:${hledgerText(line.sourceRef).replace(/,/g, ' ')}`);
      if (line.reversesEntryId !== null) tags.push(`reverses:JE-${line.reversesEntryId}`);
      out.push(`${line.entryDate} * (JE-${line.entryId}) ${hledgerText(line.description)}  ; ${tags.join(', ')}`);
    }
    const amount = `$${formatCents(cents(line.amountCents), { grouping: false })}`;
    const memo = line.memo ? `  ; ${hledgerText(line.memo)}` : '';
    out.push(`    ${hledgerAccountName(line.accountType, line.fundCode, line.accountCode)}  ${amount}${memo}`);
  }
  out.push('', '');
  return out.join('\n');
}

function formatCsv(lines: readonly ExportLine[]): string {
  return toCsv<ExportLine>(
    [
      { header: 'entry_id', value: (l) => l.entryId, isNumeric: true },
      { header: 'entry_date', value: (l) => l.entryDate, isNumeric: true },
      { header: 'period', value: (l) => l.periodKey, isNumeric: true },
      { header: 'description', value: (l) => l.description },
      { header: 'source_module', value: (l) => l.sourceModule },
      { header: 'source_ref', value: (l) => l.sourceRef },
      { header: 'line', value: (l) => l.lineNumber, isNumeric: true },
      { header: 'account', value: (l) => l.accountCode, isNumeric: true },
      { header: 'account_name', value: (l) => l.accountName },
      { header: 'fund', value: (l) => l.fundCode, isNumeric: true },
      { header: 'debit', value: (l) => (l.amountCents > 0 ? formatCents(cents(l.amountCents), { grouping: false }) : ''), isNumeric: true },
      { header: 'credit', value: (l) => (l.amountCents < 0 ? formatCents(cents(-l.amountCents), { grouping: false }) : ''), isNumeric: true },
      { header: 'memo', value: (l) => l.memo },
      { header: 'reverses_entry_id', value: (l) => l.reversesEntryId, isNumeric: true },
      { header: 'posted_by', value: (l) => l.postedBy },
      { header: 'posted_at', value: (l) => l.postedAt.toISOString(), isNumeric: true },
    ],
    lines,
  );
}

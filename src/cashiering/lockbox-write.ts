/**
 * Writing a lockbox file in a layout: the inverse of `parseLockboxFile`, for the shipped samples,
 * the tests (generated files must parse back to their payments) and the benchmark. Pure.
 */
import type { IsoDate } from '../shared/dates.js';
import { formatCents } from '../shared/money.js';
import type { Cents } from '../shared/money.js';
import type { DateFormat, DetailField, FieldPosition, LockboxLayoutSpec } from './lockbox-layout.js';

export interface LockboxPaymentInput {
  accountReference: string;
  amountCents: Cents;
  checkNumber?: string | null;
  routingNumber?: string | null;
  checkAccount?: string | null;
  payerName?: string | null;
}

export function formatDate(date: IsoDate, format: DateFormat): string {
  const [year, month, day] = date.split('-') as [string, string, string];
  switch (format) {
    case 'YYYYMMDD': return `${year}${month}${day}`;
    case 'YYMMDD': return `${year.slice(2)}${month}${day}`;
    case 'MMDDYYYY': return `${month}${day}${year}`;
    case 'MM/DD/YYYY': return `${month}/${day}/${year}`;
    case 'YYYY-MM-DD': return date;
  }
}

function place(line: string[], position: FieldPosition | undefined, value: string, alignRight = false): void {
  if (!position) return;
  const text = alignRight ? value.padStart(position.length, '0') : value.padEnd(position.length, ' ');
  for (let index = 0; index < position.length; index += 1) line[position.start - 1 + index] = text[index] ?? ' ';
}

function fixedLine(code: string, width: number, fill: (line: string[]) => void): string {
  const line = Array.from({ length: width }, () => ' ');
  for (let index = 0; index < code.length; index += 1) line[index] = code[index] as string;
  fill(line);
  return line.join('').trimEnd();
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function values(payment: LockboxPaymentInput, amount: string): Record<DetailField, string> {
  return {
    accountReference: payment.accountReference,
    amount,
    checkNumber: payment.checkNumber ?? '',
    routingNumber: payment.routingNumber ?? '',
    checkAccount: payment.checkAccount ?? '',
    payerName: payment.payerName ?? '',
  };
}

export function formatLockboxFile(spec: LockboxLayoutSpec, file: { depositDate: IsoDate; payments: readonly LockboxPaymentInput[] }): string {
  if (spec.format === 'fixed') {
    const width = 200;
    const lines = [fixedLine(spec.header.code, width, (line) => place(line, spec.header.fields.depositDate, formatDate(file.depositDate, spec.dateFormat)))];
    for (const payment of file.payments) {
      const fields = values(payment, String(payment.amountCents));
      lines.push(fixedLine(spec.detail.code, width, (line) => {
        for (const [field, position] of Object.entries(spec.detail.fields)) place(line, position, fields[field as DetailField], field === 'amount');
      }));
    }
    const total = file.payments.reduce((sum, payment) => sum + payment.amountCents, 0);
    lines.push(fixedLine(spec.trailer.code, width, (line) => {
      place(line, spec.trailer.fields.itemCount, String(file.payments.length), true);
      place(line, spec.trailer.fields.totalCents, String(total), true);
    }));
    return `${lines.join('\n')}\n`;
  }
  const delimiter = spec.delimiter ?? ',';
  const entries = Object.entries(spec.columns) as Array<[DetailField | 'depositDate', string | number]>;
  const ordered = spec.hasHeaderRow ? entries : [...entries].sort((a, b) => Number(a[1]) - Number(b[1]));
  const width = spec.hasHeaderRow ? ordered.length : Math.max(...ordered.map(([, column]) => Number(column)));
  const rows: string[] = [];
  if (spec.hasHeaderRow) rows.push(ordered.map(([, name]) => csvCell(String(name))).join(delimiter));
  for (const payment of file.payments) {
    const amount = spec.amountUnit === 'cents' ? String(payment.amountCents) : formatCents(payment.amountCents, { grouping: false });
    const fields = { ...values(payment, amount), depositDate: formatDate(file.depositDate, spec.dateFormat) };
    const cells = Array.from({ length: width }, () => '');
    ordered.forEach(([field, column], index) => {
      cells[spec.hasHeaderRow ? index : Number(column) - 1] = csvCell(fields[field]);
    });
    rows.push(cells.join(delimiter));
  }
  return `${rows.join('\r\n')}\r\n`;
}

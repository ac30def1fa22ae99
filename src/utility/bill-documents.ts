/**
 * What a printed bill says, read set-based for a run's bills (or any bills): the customer and
 * mailing address, the charges by service, the meter reads, 13 months of use, the balance forward
 * with the payments and adjustments since the last bill, messages, and the stub's scan line
 * (cashiering's format, so the counter's scanner finds the account and the amount due).
 * The renderer is src/documents (renderUtilityBill, the worker pool).
 *
 * Balance forward: `previousBalanceCents` is the balance right after the last bill, `payments`
 * the payments received since, `adjustments` everything else since (memos, transfers, returned
 * payments), so previous − payments + adjustments + current = amount due, which is the account's
 * balance once this bill posted (as stored with the bill at finalization).
 */
import { sql } from 'kysely';
import type { Executor } from '../shared/db.js';
import { cents, formatDollars } from '../shared/money.js';
import { formatScanLine } from '../cashiering/index.js';
import { CITY_LETTERHEAD, documentLanguage, type UtilityBillDocument } from '../documents/index.js';

interface BillRow {
  id: number;
  billNumber: string;
  accountNumber: string;
  customerName: string;
  language: string;
  line1: string | null;
  line2: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  serviceAddress: string;
  billDate: string;
  dueDate: string;
  periodFrom: string;
  periodTo: string;
  status: string;
  isEstimated: boolean;
  paperless: boolean;
  current: number;
  storedPrevious: number;
  lastBillBalance: number | null;
  payments: number;
}

const messages = {
  en: {
    pastDue: (amount: string) => `Our records show ${amount} from earlier bills still unpaid. Please pay it with this bill to avoid a late charge.`,
    credit: (amount: string) => `Your account has a credit of ${amount}. Nothing is due.`,
    estimated: 'This bill is based on an estimated read. The next actual read will correct any difference.',
    paperless: 'Go paperless: sign up for e-bills and autopay at the city website.',
    conservation: 'Water wisely: outdoor watering is limited to three days a week, before 8 a.m. or after 6 p.m.',
    final: 'This is your final bill. Any deposit has been applied; a remaining credit will be refunded by check.',
  },
  es: {
    pastDue: (amount: string) => `Nuestros registros muestran ${amount} de facturas anteriores sin pagar. Páguelo con esta factura para evitar un recargo.`,
    credit: (amount: string) => `Su cuenta tiene un crédito de ${amount}. No debe nada.`,
    estimated: 'Esta factura se basa en una lectura estimada. La próxima lectura real corregirá cualquier diferencia.',
    paperless: 'Sin papel: inscríbase en facturas electrónicas y pago automático en el sitio web de la ciudad.',
    conservation: 'Use el agua con cuidado: el riego exterior se limita a tres días por semana, antes de las 8 a.m. o después de las 6 p.m.',
    final: 'Esta es su factura final. Su depósito se ha aplicado; un crédito restante se reembolsará con cheque.',
  },
} as const;

export async function getBillDocuments(db: Executor, billIds: readonly number[], options: { isCopy?: boolean } = {}): Promise<UtilityBillDocument[]> {
  if (billIds.length === 0) return [];
  const ids = [...billIds];
  const bills = await sql<BillRow & { billKind: string }>`
    select b.id, b.bill_number as "billNumber", r.account_number as "accountNumber", c.legal_name as "customerName",
      c.preferred_language as language, ad.line1, ad.line2, ad.city, ad.state, ad.zip,
      l.address_line1 || coalesce(' ' || l.unit, '') as "serviceAddress", b.bill_date::text as "billDate", b.due_date::text as "dueDate",
      b.period_from::text as "periodFrom", b.period_to::text as "periodTo", b.status, b.is_estimated as "isEstimated", u.paperless,
      b.bill_kind as "billKind", b.current_charges_cents as current, b.previous_balance_cents as "storedPrevious",
      (last.previous_balance_cents + last.current_charges_cents)::bigint as "lastBillBalance",
      coalesce((select -sum(i.amount_cents) from receivable_item i where i.receivable_account_id = b.utility_account_id
        and i.item_type = 'payment' and i.item_date > coalesce(last.bill_date, b.bill_date) and i.item_date <= b.bill_date
        and last.id is not null), 0)::bigint as payments
    from unnest(${ids}::bigint[]) with ordinality as t(id, ord)
    join bill b on b.id = t.id
    join utility_account u on u.id = b.utility_account_id
    join receivable_account r on r.id = u.id
    join customer c on c.id = r.customer_id
    join service_location l on l.id = u.service_location_id
    left join customer_address ad on ad.customer_id = c.id and ad.valid_to is null
    left join lateral (select p.id, p.bill_date, p.previous_balance_cents, p.current_charges_cents from bill p
      where p.utility_account_id = b.utility_account_id and p.status = 'final' and p.period_to < b.period_from
      order by p.period_to desc, p.id desc limit 1) last on true
    order by t.ord`.execute(db);
  const lines = await sql<{ billId: number; serviceType: string; description: string; quantity: string | null; unitPrice: string | null; amountCents: number }>`
    select l.bill_id as "billId", l.service_type as "serviceType", l.description, l.quantity::text as quantity, l.unit_price::text as "unitPrice",
      l.amount_cents as "amountCents"
    from bill_line l where l.bill_id = any(${ids}::bigint[]) order by l.bill_id, l.line_number`.execute(db);
  const reads = await sql<{ billId: number; serial: string; unit: string; fromDate: string | null; fromReading: string | null; toDate: string | null; toReading: string | null; consumption: string; estimated: boolean }>`
    select br.bill_id as "billId", m.serial, m.unit, f.read_date::text as "fromDate", f.reading::text as "fromReading",
      t.read_date::text as "toDate", t.reading::text as "toReading", br.consumption::text as consumption, coalesce(t.read_type = 'estimated', false) as estimated
    from bill_read br join meter m on m.id = br.meter_id left join meter_read f on f.id = br.from_read_id left join meter_read t on t.id = br.to_read_id
    where br.bill_id = any(${ids}::bigint[]) order by br.bill_id, m.serial`.execute(db);
  const history = await sql<{ billId: number; month: string; consumption: string }>`
    select b.id as "billId", to_char(r.read_date, 'YYYY-MM') as month, sum(r.consumption)::text as consumption
    from bill b
    join service_agreement a on a.utility_account_id = b.utility_account_id and a.meter_id is not null
    join meter_read r on r.meter_id = a.meter_id and r.status in ('accepted', 'overridden')
      and r.read_date > (b.period_to - interval '13 months') and r.read_date <= b.period_to and r.read_type <> 'first'
    where b.id = any(${ids}::bigint[])
    group by b.id, to_char(r.read_date, 'YYYY-MM') order by b.id, month`.execute(db);
  const group = <T extends { billId: number }>(rows: readonly T[]) => {
    const map = new Map<number, T[]>();
    for (const row of rows) map.set(row.billId, [...(map.get(row.billId) ?? []), row]);
    return map;
  };
  const linesByBill = group(lines.rows);
  const readsByBill = group(reads.rows);
  const historyByBill = group(history.rows);
  return bills.rows.map((bill) => {
    const language = documentLanguage(bill.language);
    const text = messages[language];
    const current = cents(bill.current);
    const storedPrevious = cents(bill.storedPrevious);
    const hasLastBill = bill.lastBillBalance !== null;
    const previous = hasLastBill ? cents(bill.lastBillBalance as number) : storedPrevious;
    const payments = hasLastBill ? cents(bill.payments) : cents(0);
    const adjustments = cents(storedPrevious - previous + payments);
    const amountDue = cents(storedPrevious + current);
    const services = new Map<string, UtilityBillDocument['services'][number]>();
    for (const line of linesByBill.get(bill.id) ?? []) {
      const service = services.get(line.serviceType) ?? { service: line.serviceType, lines: [] };
      service.lines.push({ description: line.description, amountCents: cents(line.amountCents) });
      services.set(line.serviceType, service);
    }
    const notes: string[] = [];
    const pastDue = storedPrevious;
    if (pastDue > 0) notes.push(text.pastDue(formatDollars(cents(pastDue))));
    if (amountDue < 0) notes.push(text.credit(formatDollars(cents(-amountDue))));
    if (bill.isEstimated) notes.push(text.estimated);
    if (bill.billKind === 'final') notes.push(text.final);
    notes.push(text.conservation);
    if (!bill.paperless) notes.push(text.paperless);
    return {
      city: { name: CITY_LETTERHEAD.name, addressLines: CITY_LETTERHEAD.addressLines, phone: CITY_LETTERHEAD.phone, website: CITY_LETTERHEAD.website },
      billNumber: bill.billNumber,
      accountNumber: bill.accountNumber,
      customerName: bill.customerName,
      mailingAddressLines: bill.line1
        ? [bill.line1, ...(bill.line2 ? [bill.line2] : []), `${bill.city}, ${bill.state} ${bill.zip}`]
        : [bill.serviceAddress],
      serviceAddress: bill.serviceAddress,
      billDate: bill.billDate,
      dueDate: bill.dueDate,
      periodFrom: bill.periodFrom,
      periodTo: bill.periodTo,
      previousBalanceCents: previous,
      paymentsCents: payments,
      adjustmentsCents: adjustments,
      currentChargesCents: current,
      amountDueCents: amountDue,
      services: [...services.values()],
      meterReads: (readsByBill.get(bill.id) ?? []).filter((read) => read.fromReading !== null && read.toReading !== null).map((read) => ({
        meterSerial: read.serial, fromDate: read.fromDate ?? '', fromReading: Number(read.fromReading), toDate: read.toDate ?? '',
        toReading: Number(read.toReading), consumption: String(Number(read.consumption)), unit: read.unit, estimated: read.estimated,
      })),
      history: (historyByBill.get(bill.id) ?? []).slice(-13).map((row) => ({ month: row.month, consumption: Number(row.consumption) })),
      historyUnit: 'HCF',
      messages: notes,
      scanLine: formatScanLine({ accountNumber: bill.accountNumber, amountDueCents: Math.max(0, amountDue) }),
      language,
      isCopy: options.isCopy === true,
    };
  });
}

/** The ids of a run's bills to print: final ones, by route and account (the mail house's order). */
export async function billIdsOfRun(db: Executor, runId: number, options: { includePaperless?: boolean } = {}): Promise<number[]> {
  const result = await sql<{ id: number }>`select b.id from bill b join utility_account u on u.id = b.utility_account_id
    join receivable_account r on r.id = u.id
    where b.run_id = ${runId} and b.status = 'final' and (${options.includePaperless === true} or not u.paperless)
    order by u.route_code nulls last, r.account_number`.execute(db);
  return result.rows.map((row) => row.id);
}

/**
 * The words printed on documents, in the languages we can print: English and Spanish. A customer
 * whose preferred language is another gets English (the letter says how to ask for help in
 * their language). Amounts and numbers are never translated.
 */
export type DocumentLanguage = 'en' | 'es';

export function documentLanguage(preferred: string | null | undefined): DocumentLanguage {
  return preferred?.toLowerCase().startsWith('es') ? 'es' : 'en';
}

const en = {
  reminder: 'Reminder',
  second_notice: 'Second notice',
  final_notice: 'Final notice',
  noticeTitle: 'Past due notice',
  statementTitle: 'Statement of account',
  invoiceTitle: 'Invoice',
  customerNumber: 'Customer number',
  date: 'Date',
  period: 'Period',
  invoice: 'Invoice',
  invoiceDate: 'Invoice date',
  dueDate: 'Due date',
  daysPastDue: 'Days past due',
  amountDue: 'Amount due',
  totalDue: 'Total amount due',
  whatHappensNext: 'What happens next',
  greeting: 'Our records show that the following invoices are past due:',
  questions: 'Questions? Call us at {phone}, Monday to Friday, 8 a.m. to 5 p.m., or visit the Finance counter at City Hall.',
  otherLanguage: 'Si necesita esta carta en español, llame al {phone}.',
  account: 'Account',
  openingBalance: 'Opening balance',
  closingBalance: 'Closing balance',
  description: 'Description',
  charges: 'Charges',
  credits: 'Payments and credits',
  balance: 'Balance',
  aging: 'Aging',
  current: 'Current',
  days30: '30-59 days',
  days60: '60-89 days',
  days90: '90-119 days',
  days120: '120+ days',
  noActivity: 'No activity in this period.',
  quantity: 'Quantity',
  unit: 'Unit',
  unitPrice: 'Unit price',
  amount: 'Amount',
  total: 'Total',
  paid: 'Paid and credited',
  status: 'Status',
  notes: 'Notes',
  detach: 'Please detach and return this portion with your payment. Make checks payable to the city.',
  customer: 'Customer',
  reference: 'Reference',
  dueBy: 'Due by',
  enclosed: 'Amount enclosed',
  payTo: 'Pay to',
};

export type Labels = typeof en;

const es: Labels = {
  reminder: 'Recordatorio',
  second_notice: 'Segundo aviso',
  final_notice: 'Aviso final',
  noticeTitle: 'Aviso de pago vencido',
  statementTitle: 'Estado de cuenta',
  invoiceTitle: 'Factura',
  customerNumber: 'Número de cliente',
  date: 'Fecha',
  period: 'Periodo',
  invoice: 'Factura',
  invoiceDate: 'Fecha de factura',
  dueDate: 'Fecha de vencimiento',
  daysPastDue: 'Días de atraso',
  amountDue: 'Cantidad adeudada',
  totalDue: 'Total adeudado',
  whatHappensNext: 'Qué sucede después',
  greeting: 'Nuestros registros muestran que las siguientes facturas están vencidas:',
  questions: '¿Preguntas? Llámenos al {phone}, de lunes a viernes, de 8 a.m. a 5 p.m., o visite la ventanilla de Finanzas en el Ayuntamiento.',
  otherLanguage: 'If you need this letter in English, call {phone}.',
  account: 'Cuenta',
  openingBalance: 'Saldo inicial',
  closingBalance: 'Saldo final',
  description: 'Descripción',
  charges: 'Cargos',
  credits: 'Pagos y créditos',
  balance: 'Saldo',
  aging: 'Antigüedad',
  current: 'Corriente',
  days30: '30-59 días',
  days60: '60-89 días',
  days90: '90-119 días',
  days120: '120+ días',
  noActivity: 'Sin movimientos en este periodo.',
  quantity: 'Cantidad',
  unit: 'Unidad',
  unitPrice: 'Precio unitario',
  amount: 'Importe',
  total: 'Total',
  paid: 'Pagado y acreditado',
  status: 'Estado',
  notes: 'Notas',
  detach: 'Desprenda y devuelva esta parte con su pago. Haga los cheques a nombre de la ciudad.',
  customer: 'Cliente',
  reference: 'Referencia',
  dueBy: 'Vence el',
  enclosed: 'Cantidad adjunta',
  payTo: 'Pagar a',
};

export function labelsFor(language: DocumentLanguage): Labels {
  return language === 'es' ? es : en;
}

/** A dunning stage's heading: the built-in stages are translated; others print their name. */
export function stageHeading(labels: Labels, code: string, name: string): string {
  if (code === 'reminder' || code === 'second_notice' || code === 'final_notice') return labels[code];
  return name;
}

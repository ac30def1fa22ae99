/**
 * The demo city's chart of accounts, generated as the CSV `importChartCsv` reads (generated in
 * TypeScript rather than shipped as a data file, so it works the same from src/ and dist/).
 * Object codes follow the usual governmental ranges: 1xxxx assets, 2xxxx liabilities,
 * 3xxxx fund balance / net position, 4xxxx revenues, 5xxxx expenditures. Due-from and due-to
 * accounts name the other fund in the object code: 100-0000-13510 is the General Fund's
 * "due from Water Utility Fund", 510-0000-21100 the Water fund's "due to General Fund".
 */
import type { AccountType } from '../ledger/index.js';
import { toCsv } from '../shared/csv.js';
import {
  account,
  demoDepartments,
  demoFunds,
  departmentName,
  fundName,
  type DemoFund,
} from './city.js';

export const objects = {
  pooledCash: '10100',
  fiscalAgentCash: '10200',
  pettyCash: '10300',
  undeposited: '10500',
  taxesReceivable: '11100',
  utilityReceivable: '11200',
  miscReceivable: '11300',
  dueFromGovernments: '11400',
  interestReceivable: '11500',
  prepaid: '14100',
  inventory: '14200',
  land: '16100',
  infrastructure: '16200',
  equipment: '16300',
  constructionInProgress: '16400',
  accumulatedDepreciation: '16900',
  accountsPayable: '20100',
  payrollLiabilities: '20300',
  retention: '20400',
  depositsHeld: '22100',
  unearnedRevenue: '22200',
  bondsPayable: '25100',
  loansPayable: '25200',
  compensatedAbsences: '25300',
  nonspendable: '34100',
  restricted: '34200',
  committed: '34300',
  assigned: '34400',
  unassigned: '34500',
  netInvestmentInCapitalAssets: '38100',
  restrictedNetPosition: '38200',
  unrestrictedNetPosition: '38300',
  propertyTaxSecured: '40100',
  propertyTaxUnsecured: '40110',
  propertyTaxInLieuVlf: '40150',
  salesTax: '40200',
  measureSalesTax: '40210',
  transientOccupancyTax: '40300',
  propertyTransferTax: '40400',
  businessLicenseTax: '40500',
  franchiseFees: '40600',
  buildingPermits: '41100',
  parkingCitations: '42100',
  vehicleCodeFines: '42200',
  planningFees: '43100',
  recreationFees: '43200',
  policeServices: '43300',
  costAllocation: '43900',
  waterSales: '44100',
  waterServiceCharges: '44200',
  connectionFees: '44400',
  latePenalties: '44500',
  sewerServiceCharges: '44600',
  gasTaxHuta: '45100',
  gasTaxRmra: '45200',
  investmentEarnings: '46100',
  fleetCharges: '47100',
  miscRevenue: '47900',
  salaries: '51100',
  overtime: '51200',
  partTime: '51300',
  benefits: '52100',
  pers: '52200',
  supplies: '53100',
  contractServices: '53200',
  utilities: '53300',
  fleetChargesExpense: '53400',
  insurance: '53500',
  purchasedWater: '53600',
  wastewaterTreatment: '53700',
  fuel: '53800',
  capitalEquipment: '54100',
  capitalInfrastructure: '54200',
  debtPrincipal: '55100',
  debtInterest: '55200',
  costAllocationExpense: '57100',
} as const;

export const dueFrom = (otherFund: string): string => `13${otherFund}`;
export const dueTo = (otherFund: string): string => `21${otherFund}`;

export interface DemoAccount {
  code: string;
  name: string;
  accountType: AccountType;
}

type Spec = readonly [object: string, name: string, type: AccountType];

/** Balance-sheet accounts every fund keeps, so each fund can take cash at the counter, owe and be owed. */
const everyFund: readonly Spec[] = [
  ['10100', 'Pooled cash and investments', 'asset'],
  ['10200', 'Cash with fiscal agent', 'asset'],
  ['10500', 'Undeposited funds', 'asset'],
  ['11300', 'Miscellaneous accounts receivable', 'asset'],
  ['11500', 'Interest receivable', 'asset'],
  ['20100', 'Accounts payable', 'liability'],
  ['20300', 'Payroll withholdings and benefits payable', 'liability'],
  ['20400', 'Retention payable', 'liability'],
  ['22100', 'Deposits held', 'liability'],
];

const extraBalanceSheet: Readonly<Record<string, readonly Spec[]>> = {
  '100': [
    ['10300', 'Petty cash and change funds', 'asset'],
    // The customer ledger's control account (src/demo/customers.ts); 11300 stays the summary
    // account the general-ledger activity posts to, since control accounts take no journal entries.
    ['11310', 'Customer accounts receivable (customer ledger)', 'asset'],
    ['20500', 'Refunds payable', 'liability'],
    ['11100', 'Taxes receivable', 'asset'],
    ['11400', 'Due from other governments', 'asset'],
    ['14100', 'Prepaid items', 'asset'],
    ['22200', 'Unearned revenue', 'liability'],
    ['22900', 'Unapplied lockbox receipts', 'liability'],
  ],
  '220': [['11400', 'Due from other governments (State gas tax)', 'asset']],
  '510': [
    ['11200', 'Utility accounts receivable', 'asset'],
    ['11210', 'Utility customer accounts receivable (customer ledger)', 'asset'],
    ['20500', 'Refunds payable', 'liability'],
    ['14200', 'Inventory of materials and meters', 'asset'],
    ...capitalAssets(),
    ['25100', 'Water revenue bonds payable (Series 2021)', 'liability'],
    ['25300', 'Compensated absences payable', 'liability'],
  ],
  '520': [
    ['11200', 'Utility accounts receivable', 'asset'],
    ...capitalAssets(),
    ['25200', 'State revolving fund loan payable', 'liability'],
    ['25300', 'Compensated absences payable', 'liability'],
  ],
  '610': [
    ['14200', 'Inventory of parts and fuel', 'asset'],
    ['16300', 'Vehicles and equipment', 'asset'],
    ['16900', 'Accumulated depreciation', 'asset'],
    ['25300', 'Compensated absences payable', 'liability'],
  ],
};

function capitalAssets(): Spec[] {
  return [
    ['16100', 'Land', 'asset'],
    ['16200', 'Infrastructure (mains, reservoirs, lift stations)', 'asset'],
    ['16300', 'Machinery, equipment and vehicles', 'asset'],
    ['16400', 'Construction in progress', 'asset'],
    ['16900', 'Accumulated depreciation', 'asset'],
  ];
}

const governmentalFundBalance: readonly Spec[] = [
  ['34100', 'Fund balance - nonspendable', 'fund_balance'],
  ['34200', 'Fund balance - restricted', 'fund_balance'],
  ['34300', 'Fund balance - committed', 'fund_balance'],
  ['34400', 'Fund balance - assigned', 'fund_balance'],
  ['34500', 'Fund balance - unassigned', 'fund_balance'],
];

const proprietaryNetPosition: readonly Spec[] = [
  ['38100', 'Net position - net investment in capital assets', 'fund_balance'],
  ['38200', 'Net position - restricted', 'fund_balance'],
  ['38300', 'Net position - unrestricted', 'fund_balance'],
];

/** Revenues: [fund, department, object, name]. */
const revenues: ReadonlyArray<readonly [string, string, string, string]> = [
  ['100', '0000', '40100', 'Property tax - current secured'],
  ['100', '0000', '40110', 'Property tax - current unsecured'],
  ['100', '0000', '40150', 'Property tax in lieu of vehicle license fees'],
  ['100', '0000', '40200', 'Sales and use tax (Bradley-Burns 1%)'],
  ['100', '0000', '40210', 'Measure A local transactions and use tax'],
  ['100', '0000', '40300', 'Transient occupancy tax'],
  ['100', '0000', '40400', 'Property transfer tax'],
  ['100', '1510', '40500', 'Business license tax'],
  ['100', '0000', '40600', 'Franchise fees'],
  ['100', '4200', '41100', 'Building permits'],
  ['100', '2100', '42100', 'Parking citations'],
  ['100', '2100', '42200', 'Vehicle code fines'],
  ['100', '4100', '43100', 'Planning and zoning fees'],
  ['100', '5100', '43200', 'Recreation program fees'],
  ['100', '2100', '43300', 'Police services - school resource officers'],
  ['100', '0000', '43900', 'Cost allocation charges to other funds'],
  ['100', '0000', '46100', 'Investment earnings'],
  ['100', '0000', '47900', 'Miscellaneous revenue'],
  ['100', '1510', '43500', 'Copies, records and research fees'],
  ['100', '3200', '43600', 'Transit passes and dial-a-ride cards'],
  ['100', '5100', '43700', 'Golf cards and facility use fees'],
  ['100', '1510', '47500', 'Returned payment charges (Civil Code 1719)'],
  ['510', '7100', '47500', 'Returned payment charges (Civil Code 1719)'],
  ['220', '3100', '45100', 'Gas tax apportionment (HUTA, S&H Code 2103-2107)'],
  ['220', '3100', '45200', 'Road maintenance and rehabilitation (SB 1 RMRA)'],
  ['220', '0000', '46100', 'Investment earnings'],
  ['510', '7100', '44100', 'Water sales - consumption'],
  ['510', '7100', '44200', 'Water service charges - meter'],
  ['510', '7100', '44400', 'Water connection and capacity fees'],
  ['510', '7100', '44500', 'Late payment penalties'],
  ['510', '7100', '44700', 'Turn-on and reconnection fees'],
  ['510', '0000', '46100', 'Investment earnings'],
  ['520', '7200', '44600', 'Sewer service charges'],
  ['520', '7200', '44400', 'Sewer connection and capacity fees'],
  ['520', '7200', '44500', 'Late payment penalties'],
  ['520', '0000', '46100', 'Investment earnings'],
  ['610', '6100', '47100', 'Fleet charges to departments'],
  ['610', '0000', '46100', 'Investment earnings'],
];

const expenditureNames: Readonly<Record<string, string>> = {
  '51100': 'Salaries, regular',
  '51200': 'Salaries, overtime',
  '51300': 'Salaries, part-time and seasonal',
  '52100': 'Health and other benefits',
  '52200': 'CalPERS retirement',
  '53100': 'Materials and supplies',
  '53200': 'Contract and professional services',
  '53300': 'Utilities',
  '53400': 'Fleet charges',
  '53500': 'Liability and property insurance',
  '53600': 'Purchased water',
  '53700': 'Regional wastewater treatment',
  '53800': 'Fuel',
  '54100': 'Capital outlay - equipment and vehicles',
  '54200': 'Capital outlay - infrastructure',
  '55100': 'Debt service - principal',
  '55200': 'Debt service - interest',
  '57100': 'Cost allocation - general government overhead',
  '58100': 'Cash over and short (drawers)',
  '58900': 'Bad debt expense (receivables written off)',
};

const staffObjects = ['51100', '52100', '52200', '53100', '53200'];
const fieldObjects = ['51100', '51200', '52100', '52200', '53100', '53200', '53300', '53400'];

/** Expenditure objects by fund and department: [fund, department, objects]. */
const expenditures: ReadonlyArray<readonly [string, string, readonly string[]]> = [
  ['100', '0000', ['53500', '55100', '55200']],
  ['100', '1100', ['51100', '52100', '52200', '53100', '53200']],
  ['100', '1200', staffObjects],
  ['100', '1300', staffObjects],
  ['100', '1400', staffObjects],
  ['100', '1510', [...staffObjects, '58100', '58900']],
  ['100', '1520', staffObjects],
  ['100', '2100', [...fieldObjects, '54100']],
  ['100', '2200', [...fieldObjects, '54100']],
  ['100', '3200', [...staffObjects, '53400']],
  ['100', '4100', staffObjects],
  ['100', '4200', [...staffObjects, '53400']],
  ['100', '5100', [...fieldObjects, '51300']],
  ['220', '3100', [...fieldObjects, '54200']],
  ['510', '7100', [...fieldObjects, '53600', '54100', '54200', '55200', '57100', '58900']],
  ['520', '7200', [...fieldObjects, '53700', '54100', '54200', '55200', '57100']],
  [
    '610',
    '6100',
    [...fieldObjects.filter((object) => object !== '53400'), '53800', '54100', '57100'],
  ],
];

export function demoAccounts(): DemoAccount[] {
  const accounts: DemoAccount[] = [];
  const add = (code: string, name: string, accountType: AccountType) =>
    accounts.push({ code, name, accountType });
  for (const fund of demoFunds) {
    for (const [object, name, type] of [...everyFund, ...(extraBalanceSheet[fund.code] ?? [])]) {
      add(account(fund.code, '0000', object), name, type);
    }
    for (const other of demoFunds.filter((candidate) => candidate.code !== fund.code)) {
      add(account(fund.code, '0000', dueFrom(other.code)), `Due from ${other.name}`, 'asset');
      add(account(fund.code, '0000', dueTo(other.code)), `Due to ${other.name}`, 'liability');
    }
    for (const [object, name, type] of fundBalanceOf(fund))
      add(account(fund.code, '0000', object), name, type);
  }
  for (const [fund, department, object, name] of revenues)
    add(account(fund, department, object), name, 'revenue');
  for (const [fund, department, list] of expenditures) {
    for (const object of list) {
      add(
        account(fund, department, object),
        `${departmentName(department)} - ${expenditureNames[object] ?? object}`,
        'expenditure',
      );
    }
  }
  return accounts.sort((a, b) => a.code.localeCompare(b.code));
}

function fundBalanceOf(fund: DemoFund): readonly Spec[] {
  return fund.isProprietary ? proprietaryNetPosition : governmentalFundBalance;
}

/** The chart in the CSV form `importChartCsv` reads, with the columns that create funds and departments. */
export function buildDemoChartCsv(): string {
  const departments = new Map(
    demoDepartments.map((department) => [department.code, department.name]),
  );
  const fundTypes = new Map(demoFunds.map((fund) => [fund.code, fund.fundType]));
  return toCsv<DemoAccount>(
    [
      { header: 'account', value: (row) => row.code, isNumeric: true },
      { header: 'name', value: (row) => row.name },
      { header: 'type', value: (row) => row.accountType },
      { header: 'active', value: () => 'yes' },
      { header: 'fund_name', value: (row) => fundName(row.code.slice(0, 3)) },
      { header: 'fund_type', value: (row) => fundTypes.get(row.code.slice(0, 3)) },
      { header: 'department_name', value: (row) => departments.get(row.code.slice(4, 8)) },
    ],
    demoAccounts(),
  );
}

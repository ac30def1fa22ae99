/**
 * The desks of the left navigation and the screens in each. A screen lists the permissions that
 * open it (any one of them); the navigation, the search box and the routes all read this table,
 * so what a user sees and what they can open never disagree. The server enforces it anyway.
 */

export interface Screen {
  path: string;
  label: string;
  /** Any one of these opens the screen; empty means every signed-in user. */
  permissions: readonly string[];
  keywords?: string;
}

export interface Desk {
  key: string;
  label: string;
  path: string;
  /** Screens; a desk without screens is one that arrives with a later release. */
  screens: readonly Screen[];
  /** For desks that arrive later: what they will hold (from PRODUCT.md). */
  comingSoon?: { summary: string; items: readonly string[] };
}

const ledgerRead = ['ledger.read'];

export const desks: readonly Desk[] = [
  {
    key: 'counter',
    label: 'Counter',
    path: '/counter',
    screens: [
      { path: '/counter', label: 'Take a payment', permissions: ['cashiering.counter'], keywords: 'cashier payment pay receipt drawer scan stub tender cash check card' },
      { path: '/counter/close', label: 'Close drawer', permissions: ['cashiering.counter'], keywords: 'close drawer count blind over short end of shift' },
      { path: '/counter/receipts', label: 'Receipts', permissions: ['cashiering.counter'], keywords: 'receipts reprint copy void today' },
      { path: '/counter/mail', label: 'Mail batch', permissions: ['cashiering.batch'], keywords: 'mail payments batch control total checks keying' },
      { path: '/counter/lockbox', label: 'Lockbox', permissions: ['cashiering.batch'], keywords: 'lockbox bank file import exceptions unmatched suspense apply' },
      { path: '/counter/deposits', label: 'Deposits', permissions: ['cashiering.deposit'], keywords: 'deposit slip bank bag verify' },
      { path: '/counter/daily-report', label: 'Daily cash report', permissions: ['cashiering.reports'], keywords: 'daily cash receipts report tender fund gl' },
      { path: '/counter/returns', label: 'Returned payment', permissions: ['cashiering.returns'], keywords: 'returned check nsf ach return fee notice' },
      { path: '/counter/sign-off', label: 'Drawer sign-off', permissions: ['cashiering.supervise'], keywords: 'supervisor sign off over short drawer' },
      { path: '/counter/setup', label: 'Cashiering set-up', permissions: ['cashiering.setup'], keywords: 'setup drawers counter items fund bank accounts over short suspense lockbox layouts' },
    ],
  },
  {
    key: 'customers',
    label: 'Customers',
    path: '/customers',
    screens: [
      { path: '/customers', label: 'Find a customer', permissions: ['customers.read'], keywords: 'customer search name address account apn phone email 360 balance' },
      { path: '/customers/new', label: 'New customer', permissions: ['customers.edit'], keywords: 'add customer person business' },
      { path: '/customers/follow-ups', label: 'My follow-ups', permissions: ['customers.read'], keywords: 'follow ups calls notes interactions to do' },
    ],
  },
  {
    key: 'utility',
    label: 'Utility Billing',
    path: '/utility',
    screens: [
      { path: '/utility/bill-runs', label: 'Bill runs', permissions: ['utility.read'], keywords: 'bill run cycle pre-bill register exceptions hold release finalize water sewer' },
      { path: '/utility/read-exceptions', label: 'Read exceptions', permissions: ['utility.reads', 'utility.reads.review'], keywords: 'meter read exceptions review queue high low zero rollover override accept reject' },
      { path: '/utility/accounts', label: 'Utility account', permissions: ['utility.read'], keywords: 'utility account meter service location bills balance' },
      { path: '/utility/start', label: 'Start service', permissions: ['utility.service'], keywords: 'start service move in new account deposit turn on' },
      { path: '/utility/meters', label: 'Meters', permissions: ['utility.read'], keywords: 'meter serial install remove exchange stock reading' },
      { path: '/utility/rates', label: 'Rates', permissions: ['utility.read'], keywords: 'rate schedules versions tiers fixed charges effective dates' },
      { path: '/utility/service-orders', label: 'Service orders', permissions: ['utility.orders', 'utility.read'], keywords: 'service orders field work reread leak turn on off meter exchange dispatch board assign' },
      { path: '/utility/field', label: 'My field orders', permissions: ['utility.field'], keywords: 'field orders my work complete reading meter' },
    ],
  },
  {
    key: 'collections',
    label: 'Collections',
    path: '/collections',
    screens: [
      { path: '/collections', label: 'Today', permissions: ['collections.read'], keywords: 'collections today delinquent notices shutoff arrangements default holds reconnect daily job' },
      { path: '/collections/accounts', label: 'Account collection', permissions: ['collections.read'], keywords: 'collection account timeline eligibility sb 998 case notices' },
      { path: '/collections/chains', label: 'Delinquency chains', permissions: ['collections.read'], keywords: 'chain steps late notice sb 998 door hanger shutoff class setup' },
      { path: '/collections/eligibility', label: 'Shutoff eligibility', permissions: ['collections.read'], keywords: 'sb 998 shutoff disconnection eligibility rules protections appeal medical certification release order reconnect' },
      { path: '/collections/penalty-rules', label: 'Penalty rules', permissions: ['collections.setup', 'collections.read'], keywords: 'penalty penalties late charge rules grace minimum maximum apply' },
      { path: '/collections/notices', label: 'Notices', permissions: ['collections.read'], keywords: 'notices letters late sb 998 door hanger final shutoff print pdf mail' },
      { path: '/collections/letter-templates', label: 'Letter templates', permissions: ['collections.setup'], keywords: 'letter templates merge fields spanish language notice wording' },
      { path: '/collections/arrangement', label: 'Payment arrangement', permissions: ['collections.read', 'collections.work'], keywords: 'payment arrangement plan installments amortization deferred reduced sb 998' },
      { path: '/collections/holds', label: 'Collection holds', permissions: ['collections.read', 'collections.work'], keywords: 'hold pause collection end date resume' },
      { path: '/collections/liens', label: 'Liens', permissions: ['collections.read'], keywords: 'liens tax roll county apn owner recording payoff release august 10' },
      { path: '/collections/closed-accounts', label: 'Closed accounts', permissions: ['collections.read'], keywords: 'closed final billed balance transfer write off collection agency referral' },
    ],
  },
  {
    key: 'licensing',
    label: 'Licensing & Permits',
    path: '/licensing',
    screens: [],
    comingSoon: {
      summary: 'Business license and tax, TOT, and every kind of permit.',
      items: [
        'Business license applications and renewals, fee determination, CASp fee',
        'Transient occupancy tax returns, penalties and interest',
        'Special event, film, merchant and bingo permits routed to other departments',
        'Dog licenses and residential parking permits',
      ],
    },
  },
  {
    key: 'citations',
    label: 'Citations',
    path: '/citations',
    screens: [],
    comingSoon: {
      summary: 'Parking citations from issue to payment, review and hearing.',
      items: [
        'Citation import and payments',
        'Administrative review and hearings, dismissals and refunds',
        'DMV holds and indigent payment plans',
      ],
    },
  },
  {
    key: 'accounting',
    label: 'Accounting',
    path: '/accounting',
    screens: [
      { path: '/accounting/accounts', label: 'Chart of accounts', permissions: ledgerRead, keywords: 'chart accounts funds' },
      { path: '/accounting/journal', label: 'Journal entries', permissions: ledgerRead, keywords: 'journal entries postings' },
      { path: '/accounting/journal/new', label: 'New journal entry', permissions: ['ledger.request'], keywords: 'enter journal entry' },
      { path: '/accounting/trial-balance', label: 'Trial balance', permissions: ledgerRead, keywords: 'trial balance report' },
      { path: '/accounting/activity', label: 'Account activity', permissions: ledgerRead, keywords: 'account activity ledger detail' },
      { path: '/accounting/periods', label: 'Periods', permissions: ledgerRead, keywords: 'fiscal periods close open' },
      { path: '/accounting/fund-balances', label: 'Fund balances', permissions: ledgerRead, keywords: 'fund balance report' },
    ],
  },
  {
    key: 'reports',
    label: 'Reports',
    path: '/reports',
    screens: [
      { path: '/reports/audit', label: 'Audit log', permissions: ['audit.read'], keywords: 'audit trail log history' },
      { path: '/accounting/trial-balance', label: 'Trial balance', permissions: ledgerRead },
      { path: '/accounting/fund-balances', label: 'Fund balances', permissions: ledgerRead },
    ],
  },
  {
    key: 'admin',
    label: 'Admin',
    path: '/admin',
    screens: [
      { path: '/admin/users', label: 'Users', permissions: ['users.manage'], keywords: 'users staff accounts passwords' },
      { path: '/admin/roles', label: 'Roles', permissions: ['roles.manage'], keywords: 'roles permissions' },
      { path: '/admin/settings', label: 'Settings', permissions: ['settings.manage'], keywords: 'settings thresholds session' },
      { path: '/admin/audit', label: 'Audit log', permissions: ['audit.read'], keywords: 'audit trail' },
    ],
  },
];

/** Admin is shown only to those who manage users, roles or settings. */
export const adminPermissions = ['users.manage', 'roles.manage', 'settings.manage'] as const;

export function canOpen(screen: Screen, can: (permission: string) => boolean): boolean {
  return screen.permissions.length === 0 || screen.permissions.some(can);
}

/** The desks a user sees: desks that arrive later for everyone; built desks when a screen opens. */
export function visibleDesks(can: (permission: string) => boolean): Desk[] {
  return desks.filter((desk) => {
    if (desk.key === 'admin') return adminPermissions.some(can);
    if (desk.screens.length === 0) return true;
    return desk.screens.some((screen) => canOpen(screen, can));
  });
}

export function findDesk(key: string): Desk {
  const desk = desks.find((candidate) => candidate.key === key);
  if (!desk) throw new Error(`no desk ${key}`);
  return desk;
}

import type { ReactNode } from 'react';
import { Route, Routes } from 'react-router';
import { AccountActivityScreen } from '../screens/accounting/AccountActivity';
import { ChartOfAccounts } from '../screens/accounting/ChartOfAccounts';
import { FundBalancesScreen } from '../screens/accounting/FundBalances';
import { JournalEntries } from '../screens/accounting/JournalEntries';
import { JournalEntryDetail } from '../screens/accounting/JournalEntryDetail';
import { NewJournalEntry } from '../screens/accounting/NewJournalEntry';
import { PeriodsScreen } from '../screens/accounting/Periods';
import { TrialBalanceScreen } from '../screens/accounting/TrialBalance';
import { RolesScreen } from '../screens/admin/Roles';
import { SettingsScreen } from '../screens/admin/Settings';
import { UsersScreen } from '../screens/admin/Users';
import { MyApprovals } from '../screens/approvals/MyApprovals';
import { Customer360 } from '../screens/customers/Customer360';
import { CustomerSearch } from '../screens/customers/CustomerSearch';
import { FollowUps } from '../screens/customers/FollowUps';
import { NewCustomer } from '../screens/customers/NewCustomer';
import { AuditLog } from '../screens/audit/AuditLog';
import { CashieringSetupScreen } from '../screens/counter/CashieringSetup';
import { CloseDrawer } from '../screens/counter/CloseDrawer';
import { DailyCashReportScreen } from '../screens/counter/DailyCashReport';
import { DepositsScreen } from '../screens/counter/Deposits';
import { LockboxScreen } from '../screens/counter/Lockbox';
import { MailBatchScreen } from '../screens/counter/MailBatch';
import { ReceiptsScreen } from '../screens/counter/Receipts';
import { ReturnedPaymentScreen } from '../screens/counter/ReturnedPayment';
import { DrawerSignOff } from '../screens/counter/SignOff';
import { TakePayment } from '../screens/counter/TakePayment';
import { BillScreen } from '../screens/utility/Bill';
import { BillRegisterScreen } from '../screens/utility/BillRegister';
import { BillRunsScreen } from '../screens/utility/BillRuns';
import { UtilityAccountScreen } from '../screens/utility/UtilityAccount';
import { ClosedAccountsScreen } from '../screens/collections/ClosedAccounts';
import { LiensScreen } from '../screens/collections/Liens';
import { MetersScreen } from '../screens/utility/Meters';
import { RatesScreen } from '../screens/utility/Rates';
import { StartServiceScreen } from '../screens/utility/StartService';
import { ComingSoon, DeskHome, Home, NotAllowed, NotFound } from '../screens/Pages';
import { EligibilityScreen } from '../screens/collections/Eligibility';
import { FieldOrders } from '../screens/utility/FieldOrders';
import { FieldOrdersDetail } from '../screens/utility/FieldOrdersDetail';
import { ServiceOrdersBoard } from '../screens/utility/ServiceOrders';
import { PenaltyRulesScreen } from '../screens/collections/PenaltyRules';
import { ReadExceptionsScreen } from '../screens/utility/ReadExceptions';
import { ChainsScreen } from '../screens/collections/Chains';
import { CollectionAccountScreen } from '../screens/collections/CollectionAccount';
import { CollectionsToday } from '../screens/collections/CollectionsToday';
import { NoticesScreen } from '../screens/collections/Notices';
import { LetterTemplatesScreen } from '../screens/collections/LetterTemplates';
import { ArrangementScreen } from '../screens/collections/Arrangement';
import { HoldsScreen } from '../screens/collections/Holds';
import { adminPermissions, desks } from './desks';
import { useSession } from './session';

/** Renders the screen when the user holds any of the permissions, "not allowed" otherwise. */
function Guard({ permissions, children }: { permissions: readonly string[]; children: ReactNode }) {
  const { canAny } = useSession();
  return canAny(permissions) ? children : <NotAllowed permissions={permissions} />;
}

/** /counter is Take a payment for a cashier; the desk's other screens for everyone else. */
function CounterHome() {
  const { can } = useSession();
  return can('cashiering.counter') ? <TakePayment /> : <DeskHome deskKey="counter" />;
}

const read = ['ledger.read'];
const customersRead = ['customers.read'];
const utilityRead = ['utility.read'];
const collectionsRead = ['collections.read'];

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/" element={<Home />} />
      <Route path="/approvals" element={<MyApprovals />} />
      {desks
        .filter((desk) => desk.comingSoon)
        .map((desk) => (
          <Route key={desk.key} path={`${desk.path}/*`} element={<ComingSoon desk={desk} />} />
        ))}
      <Route path="/counter" element={<CounterHome />} />
      <Route path="/counter/close" element={<Guard permissions={['cashiering.counter']}><CloseDrawer /></Guard>} />
      <Route path="/counter/receipts" element={<Guard permissions={['cashiering.counter']}><ReceiptsScreen /></Guard>} />
      <Route path="/counter/mail" element={<Guard permissions={['cashiering.batch']}><MailBatchScreen /></Guard>} />
      <Route path="/counter/lockbox" element={<Guard permissions={['cashiering.batch']}><LockboxScreen /></Guard>} />
      <Route path="/counter/setup" element={<Guard permissions={['cashiering.setup']}><CashieringSetupScreen /></Guard>} />
      <Route path="/counter/deposits" element={<Guard permissions={['cashiering.deposit']}><DepositsScreen /></Guard>} />
      <Route path="/counter/daily-report" element={<Guard permissions={['cashiering.reports']}><DailyCashReportScreen /></Guard>} />
      <Route path="/counter/returns" element={<Guard permissions={['cashiering.returns']}><ReturnedPaymentScreen /></Guard>} />
      <Route path="/counter/sign-off" element={<Guard permissions={['cashiering.supervise']}><DrawerSignOff /></Guard>} />
      <Route path="/collections/eligibility" element={<Guard permissions={['collections.read']}><EligibilityScreen /></Guard>} />
      <Route path="/collections/eligibility/:account" element={<Guard permissions={['collections.read']}><EligibilityScreen /></Guard>} />
      <Route path="/customers" element={<Guard permissions={customersRead}><CustomerSearch /></Guard>} />
      <Route path="/customers/new" element={<Guard permissions={['customers.edit']}><NewCustomer /></Guard>} />
      <Route path="/customers/follow-ups" element={<Guard permissions={customersRead}><FollowUps /></Guard>} />
      <Route path="/customers/:id" element={<Guard permissions={customersRead}><Customer360 /></Guard>} />
      <Route path="/utility" element={<DeskHome deskKey="utility" />} />
      <Route path="/utility/bill-runs" element={<Guard permissions={utilityRead}><BillRunsScreen /></Guard>} />
      <Route path="/utility/bill-runs/:run" element={<Guard permissions={utilityRead}><BillRegisterScreen /></Guard>} />
      <Route path="/utility/bills/:bill" element={<Guard permissions={utilityRead}><BillScreen /></Guard>} />
      <Route path="/utility/accounts" element={<Guard permissions={utilityRead}><UtilityAccountScreen /></Guard>} />
      <Route path="/utility/accounts/:account" element={<Guard permissions={utilityRead}><UtilityAccountScreen /></Guard>} />
      <Route path="/utility/start" element={<Guard permissions={['utility.service']}><StartServiceScreen /></Guard>} />
      <Route path="/utility/meters" element={<Guard permissions={utilityRead}><MetersScreen /></Guard>} />
      <Route path="/utility/rates" element={<Guard permissions={utilityRead}><RatesScreen /></Guard>} />
      <Route path="/utility/read-exceptions" element={<Guard permissions={['utility.reads', 'utility.reads.review']}><ReadExceptionsScreen /></Guard>} />
      <Route path="/utility/service-orders" element={<Guard permissions={['utility.orders', 'utility.read']}><ServiceOrdersBoard /></Guard>} />
      <Route path="/collections/penalty-rules" element={<Guard permissions={['collections.setup', 'collections.read']}><PenaltyRulesScreen /></Guard>} />
      <Route path="/utility/field" element={<Guard permissions={['utility.field']}><FieldOrders /></Guard>} />
      <Route path="/utility/field/:number" element={<Guard permissions={['utility.field']}><FieldOrdersDetail /></Guard>} />
      <Route path="/collections" element={<Guard permissions={collectionsRead}><CollectionsToday /></Guard>} />
      <Route path="/collections/accounts" element={<Guard permissions={collectionsRead}><CollectionAccountScreen /></Guard>} />
      <Route path="/collections/accounts/:account" element={<Guard permissions={collectionsRead}><CollectionAccountScreen /></Guard>} />
      <Route path="/collections/chains" element={<Guard permissions={collectionsRead}><ChainsScreen /></Guard>} />
      <Route path="/collections/notices" element={<Guard permissions={['collections.read']}><NoticesScreen /></Guard>} />
      <Route path="/collections/letter-templates" element={<Guard permissions={['collections.setup']}><LetterTemplatesScreen /></Guard>} />
      <Route path="/collections/arrangement" element={<Guard permissions={['collections.read', 'collections.work']}><ArrangementScreen /></Guard>} />
      <Route path="/collections/holds" element={<Guard permissions={['collections.read', 'collections.work']}><HoldsScreen /></Guard>} />
      <Route path="/collections/liens" element={<Guard permissions={['collections.read']}><LiensScreen /></Guard>} />
      <Route path="/collections/closed-accounts" element={<Guard permissions={['collections.read']}><ClosedAccountsScreen /></Guard>} />
      <Route path="/accounting" element={<DeskHome deskKey="accounting" />} />
      <Route path="/accounting/accounts" element={<Guard permissions={read}><ChartOfAccounts /></Guard>} />
      <Route path="/accounting/journal" element={<Guard permissions={read}><JournalEntries /></Guard>} />
      <Route
        path="/accounting/journal/new"
        element={<Guard permissions={['ledger.request']}><NewJournalEntry /></Guard>}
      />
      <Route path="/accounting/journal/:id" element={<Guard permissions={read}><JournalEntryDetail /></Guard>} />
      <Route path="/accounting/trial-balance" element={<Guard permissions={read}><TrialBalanceScreen /></Guard>} />
      <Route path="/accounting/activity" element={<Guard permissions={read}><AccountActivityScreen /></Guard>} />
      <Route path="/accounting/activity/:code" element={<Guard permissions={read}><AccountActivityScreen /></Guard>} />
      <Route path="/accounting/periods" element={<Guard permissions={read}><PeriodsScreen /></Guard>} />
      <Route path="/accounting/fund-balances" element={<Guard permissions={read}><FundBalancesScreen /></Guard>} />
      <Route path="/reports" element={<DeskHome deskKey="reports" />} />
      <Route path="/reports/audit" element={<Guard permissions={['audit.read']}><AuditLog /></Guard>} />
      <Route path="/admin" element={<Guard permissions={adminPermissions}><DeskHome deskKey="admin" /></Guard>} />
      <Route path="/admin/users" element={<Guard permissions={['users.manage']}><UsersScreen /></Guard>} />
      <Route path="/admin/users/:id" element={<Guard permissions={['users.manage']}><UsersScreen /></Guard>} />
      <Route path="/admin/roles" element={<Guard permissions={['roles.manage']}><RolesScreen /></Guard>} />
      <Route path="/admin/settings" element={<Guard permissions={['settings.manage']}><SettingsScreen /></Guard>} />
      <Route path="/admin/audit" element={<Guard permissions={['audit.read']}><AuditLog /></Guard>} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}

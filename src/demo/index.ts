/**
 * The demo city: a fictional California city's books, for trying Civic Ledger and for tests.
 * The CLI (`civic demo`, and `civic serve` on first start) loads it through this door only.
 */
export { DEMO_CITY_NAME, demoFunds, demoDepartments, type DemoFund } from './city.js';
export { buildDemoChartCsv, demoAccounts, type DemoAccount } from './chart.js';
export { buildDemoJournal, type DemoJournalPlan } from './build-demo-journal.js';
export { loadDemoCity, type DemoCityReport, type LoadDemoOptions } from './load-demo-city.js';
export { DEMO_PASSWORD, demoTotpCode, demoUsers, loadDemoUsers, type DemoUser } from './users.js';

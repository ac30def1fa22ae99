/**
 * The demo city: a fictional general-law city of about 40,000 people in California's Central
 * Valley foothills, with its own police and fire departments and water and sewer utilities.
 * Every name here is invented; any likeness to a real city or vendor is accidental.
 */
import type { FundType } from '../ledger/index.js';

export const DEMO_CITY_NAME = 'City of Alder Creek, CA';

export interface DemoFund {
  code: string;
  name: string;
  fundType: FundType;
  /** Governmental funds keep fund balance; proprietary (enterprise, internal service) net position. */
  isProprietary: boolean;
}

export const demoFunds: readonly DemoFund[] = [
  { code: '100', name: 'General Fund', fundType: 'general', isProprietary: false },
  { code: '220', name: 'Gas Tax Fund', fundType: 'special_revenue', isProprietary: false },
  { code: '510', name: 'Water Utility Fund', fundType: 'enterprise', isProprietary: true },
  { code: '520', name: 'Sewer Utility Fund', fundType: 'enterprise', isProprietary: true },
  { code: '610', name: 'Fleet Services Fund', fundType: 'internal_service', isProprietary: true },
];

export const demoDepartments: ReadonlyArray<{ code: string; name: string }> = [
  { code: '0000', name: 'Non-departmental' },
  { code: '1100', name: 'City Council' },
  { code: '1200', name: 'City Manager' },
  { code: '1300', name: 'City Clerk' },
  { code: '1400', name: 'City Attorney' },
  { code: '1510', name: 'Finance' },
  { code: '1520', name: 'Human Resources' },
  { code: '2100', name: 'Police' },
  { code: '2200', name: 'Fire' },
  { code: '3100', name: 'Public Works - Streets' },
  { code: '3200', name: 'Public Works - Engineering' },
  { code: '4100', name: 'Planning' },
  { code: '4200', name: 'Building and Safety' },
  { code: '5100', name: 'Parks and Recreation' },
  { code: '6100', name: 'Fleet Services' },
  { code: '7100', name: 'Water Operations' },
  { code: '7200', name: 'Sewer Operations' },
];

export function fundName(code: string): string {
  return demoFunds.find((fund) => fund.code === code)?.name ?? `Fund ${code}`;
}

export function departmentName(code: string): string {
  return (
    demoDepartments.find((department) => department.code === code)?.name ?? `Department ${code}`
  );
}

/** The account code for a fund, department and object: `account('100', '1510', '40500')`. */
export function account(fund: string, department: string, object: string): string {
  return `${fund}-${department}-${object}`;
}

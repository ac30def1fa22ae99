/** The demo journal as generated, before any database: deterministic, balanced, on its own chart. */
import { describe, expect, it } from 'vitest';
import { normalizeEntry } from '../ledger/index.js';
import { buildDemoChartCsv, buildDemoJournal, demoAccounts } from './index.js';

describe('the demo journal', () => {
  const plan = buildDemoJournal();

  it('is the same every time it is generated', () => {
    expect(JSON.stringify(buildDemoJournal())).toBe(JSON.stringify(plan));
    expect(buildDemoChartCsv()).toBe(buildDemoChartCsv());
  });

  it('is made of valid entries, balanced in every fund, with unique demo keys', () => {
    const keys = new Set<string>();
    for (const input of plan.entries) {
      const entry = normalizeEntry(input);
      expect(entry.idempotencyKey.startsWith('demo:')).toBe(true);
      keys.add(entry.idempotencyKey);
    }
    expect(keys.size).toBe(plan.entries.length);
    for (const reversal of plan.reversals) expect(keys.has(reversal.originalKey)).toBe(true);
  });

  it('posts only to accounts of its chart, from July 1 to November 30, 2026, opening first', () => {
    const codes = new Set(demoAccounts().map((account) => account.code));
    for (const entry of plan.entries) {
      for (const line of entry.lines) expect(codes.has(line.account), line.account).toBe(true);
      expect(entry.entryDate >= '2026-07-01' && entry.entryDate <= '2026-11-30').toBe(true);
    }
    expect(plan.entries[0]?.idempotencyKey).toBe('demo:opening-balances:fy2027');
    const dates = plan.entries.map((entry) => entry.entryDate);
    expect([...dates].sort()).toEqual(dates);
  });

  it('uses whole cents only', () => {
    for (const entry of plan.entries) {
      for (const line of entry.lines) {
        const amount = line.debitCents ?? line.creditCents;
        expect(Number.isSafeInteger(amount)).toBe(true);
      }
    }
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../shared/dates.js';
import { cents } from '../shared/money.js';
import {
  canMoveLien,
  dueToCountyOn,
  isListableApn,
  latestListableDueDate,
  lienExclusionsOf,
  lienExpiresOn,
  lienOwnerName,
  lienStatuses,
  type LienCandidate,
  type LienRule,
} from './liens-rules.js';

const baseRule: LienRule = {
  effectiveFrom: '2000-01-01' as IsoDate, includeTenants: false, minimumCents: cents(5000), minimumDaysDelinquent: 60,
  excludeArrangements: true, excludeHolds: true, processingFeeCents: cents(0), processingFeeAccountCode: null,
  recordedLienYears: 10, authority: 'test',
};

const ruleArb = fc.record({
  includeTenants: fc.boolean(), minimumCents: fc.integer({ min: 0, max: 100_000 }), excludeArrangements: fc.boolean(), excludeHolds: fc.boolean(),
}).map((rule): LienRule => ({ ...baseRule, ...rule, minimumCents: cents(rule.minimumCents) }));

const candidateArb = fc.record({
  apn: fc.constantFrom<string | null>('055-123-456', '055-123-45', '000-000-000', null, '55-1-1'),
  customerIsOwner: fc.boolean(), hasOwner: fc.boolean(), delinquentCents: fc.integer({ min: 0, max: 200_000 }),
  hasActiveArrangement: fc.boolean(), hasActiveHold: fc.boolean(),
}).map((c): LienCandidate => ({ ...c, delinquentCents: cents(c.delinquentCents), oldestDueDate: c.delinquentCents > 0 ? '2026-01-01' as IsoDate : null }));

describe('the owner rule and the other lien rules', () => {
  it('lists an account exactly when it has an APN, an owner to hold liable, enough delinquent, and no arrangement or hold the rule respects', () => {
    fc.assert(fc.property(candidateArb, ruleArb, (candidate, rule) => {
      const isListable = isListableApn(candidate.apn)
        && (candidate.customerIsOwner || (rule.includeTenants && candidate.hasOwner))
        && candidate.delinquentCents > 0 && candidate.delinquentCents >= rule.minimumCents
        && !(candidate.hasActiveArrangement && rule.excludeArrangements)
        && !(candidate.hasActiveHold && rule.excludeHolds);
      expect(lienExclusionsOf(candidate, rule).length === 0).toBe(isListable);
    }));
  });

  it('owners only: a tenant\'s account is never listed, whatever else holds', () => {
    fc.assert(fc.property(candidateArb, ruleArb, (candidate, rule) => {
      const reasons = lienExclusionsOf({ ...candidate, customerIsOwner: false }, { ...rule, includeTenants: false });
      expect(reasons).toContain('not_owner');
    }));
  });

  it('including tenants never excludes more than owners only (the rule only widens)', () => {
    fc.assert(fc.property(candidateArb, ruleArb, (candidate, rule) => {
      const narrow = lienExclusionsOf(candidate, { ...rule, includeTenants: false }).length === 0;
      const wide = lienExclusionsOf(candidate, { ...rule, includeTenants: true }).length === 0;
      expect(!narrow || wide).toBe(true);
    }));
  });

  it('a higher minimum never lists more', () => {
    fc.assert(fc.property(candidateArb, ruleArb, fc.integer({ min: 0, max: 100_000 }), (candidate, rule, extra) => {
      const low = lienExclusionsOf(candidate, rule).length === 0;
      const high = lienExclusionsOf(candidate, { ...rule, minimumCents: cents(rule.minimumCents + extra) }).length === 0;
      expect(!high || low).toBe(true);
    }));
  });

  it('names every reason, e.g. no APN and below the minimum at once', () => {
    const reasons = lienExclusionsOf({ apn: null, customerIsOwner: true, hasOwner: true, delinquentCents: cents(100), oldestDueDate: '2026-01-01' as IsoDate,
      hasActiveArrangement: false, hasActiveHold: true }, baseRule);
    expect(reasons).toEqual(['no_apn', 'below_minimum', 'on_hold']);
  });

  it('APNs: the county\'s 3-3-3 and 3-3-2 forms, never all zeros', () => {
    expect(isListableApn('055-123-456')).toBe(true);
    expect(isListableApn('055-123-45')).toBe(true);
    expect(isListableApn('000-000-000')).toBe(false);
    expect(isListableApn('000-000-00')).toBe(false);
    expect(isListableApn(null)).toBe(false);
  });

  it('the notice goes to the customer when they own the parcel, else to the owner customer, else to the owner of record', () => {
    expect(lienOwnerName({ customerIsOwner: true, customerName: 'Ann', ownerCustomerName: 'Bob', ownerOfRecord: 'Cal' })).toBe('Ann');
    expect(lienOwnerName({ customerIsOwner: false, customerName: 'Ann', ownerCustomerName: 'Bob', ownerOfRecord: 'Cal' })).toBe('Bob');
    expect(lienOwnerName({ customerIsOwner: false, customerName: 'Ann', ownerCustomerName: null, ownerOfRecord: ' Cal ' })).toBe('Cal');
    expect(lienOwnerName({ customerIsOwner: false, customerName: 'Ann', ownerCustomerName: ' ', ownerOfRecord: null })).toBeNull();
  });

  it('dates: the roll reaches the county auditor by August 10 (H&S 5473.4); recorded liens last ten years; 60 days delinquent', () => {
    expect(dueToCountyOn(2027)).toBe('2026-08-10');
    expect(lienExpiresOn('2026-11-20' as IsoDate, 10)).toBe('2036-11-20');
    expect(lienExpiresOn('2028-02-29' as IsoDate, 10)).toBe('2038-02-28');
    expect(lienExpiresOn('2028-02-29' as IsoDate, 4)).toBe('2032-02-29');
    expect(latestListableDueDate('2026-11-23' as IsoDate, { minimumDaysDelinquent: 60 })).toBe('2026-09-24');
  });

  it('statuses move forward only: listed → noticed → recorded → paid off → released; removed only before recording', () => {
    expect(canMoveLien('listed', 'noticed')).toBe(true);
    expect(canMoveLien('noticed', 'removed')).toBe(true);
    expect(canMoveLien('recorded', 'removed')).toBe(false);
    expect(canMoveLien('paid_off', 'released')).toBe(true);
    for (const status of lienStatuses) {
      expect(canMoveLien('released', status)).toBe(false);
      expect(canMoveLien('removed', status)).toBe(false);
      expect(canMoveLien(status, 'listed')).toBe(false);
    }
  });
});

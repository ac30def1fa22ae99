import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, type IsoDate } from '../shared/dates.js';
import { cents } from '../shared/money.js';
import { officeCalendar } from './calendar.js';
import { evaluateRules, type AccountFacts, type ProtectionFact, type RuleCode, type SystemFacts } from './sb998.js';

const d = (text: string) => text as IsoDate;
const calendar = officeCalendar([{ closedOn: d('2026-12-24'), reason: 'City furlough day' }]);
const system: SystemFacts = { connections: 5000, minimumPastDueCents: cents(1000) };
// Monday, November 23, 2026 (the test clock's day).
const day = d('2026-11-23');

/** A covered account 61 days past due with an SB 998 notice mailed 10 business days before. */
function facts(overrides: Partial<AccountFacts> = {}): AccountFacts {
  return {
    accountId: 1, accountNumber: 'UA-000001', classCode: 'single_family', isResidential: true, hasWaterService: true,
    oldestUnpaid: { documentRef: 'B-0001234', dueDate: d('2026-09-23') }, pastDueCents: cents(12_000),
    notices: [{ noticeNumber: 'N-2026-000001', noticeType: 'sb998_notice', delivery: 'mail', noticeDate: d('2026-11-06') }],
    protections: [], arrangement: null, holds: [], customerHold: false, shutoffInField: null,
    ...overrides,
  };
}

function protection(protectionType: ProtectionFact['protectionType'], extra: Partial<ProtectionFact> = {}): ProtectionFact {
  return { id: 1, protectionType, receivedOn: d('2026-11-01'), validUntil: null, documentRef: 'document', ...extra };
}

function rule(result: ReturnType<typeof evaluateRules>, code: RuleCode) {
  const found = result.rules.find((r) => r.code === code);
  if (!found) throw new Error(`no rule ${code}`);
  return found;
}

describe('SB 998 rules', () => {
  it('an eligible account passes every rule and may be shut off today', () => {
    const result = evaluateRules(facts(), system, calendar, day);
    expect(result.rules.filter((r) => !r.passed)).toEqual([]);
    expect(result).toMatchObject({ eligible: true, earliestDate: day });
  });

  it('sb998.applies: residential water service of a system with more than 200 connections; otherwise the SB 998 rules do not apply but local ones hold', () => {
    expect(rule(evaluateRules(facts(), system, calendar, day), 'sb998.applies')).toMatchObject({ applies: true, passed: true });
    const commercial = evaluateRules(facts({ isResidential: false, classCode: 'commercial', notices: [], customerHold: true }), system, calendar, day);
    expect(rule(commercial, 'sb998.applies')).toMatchObject({ applies: false, reason: expect.stringMatching(/does not apply: class commercial is not residential/) });
    expect(rule(commercial, 'sb998.notice_seven_business_days')).toMatchObject({ applies: false, passed: true });
    expect(rule(commercial, 'local.collection_hold')).toMatchObject({ applies: true, passed: false });
    const small = evaluateRules(facts({ notices: [] }), { ...system, connections: 200 }, calendar, day);
    expect(rule(small, 'sb998.applies').reason).toMatch(/200 service connections, not more than 200/);
    expect(small.eligible).toBe(true);
    expect(rule(evaluateRules(facts({ hasWaterService: false }), system, calendar, day), 'sb998.applies').applies).toBe(false);
  });

  it('sb998.sixty_days_delinquent: the oldest unpaid bill at least 60 days past its due date', () => {
    const early = evaluateRules(facts({ oldestUnpaid: { documentRef: 'B-0001234', dueDate: d('2026-10-13') } }), system, calendar, day);
    expect(rule(early, 'sb998.sixty_days_delinquent')).toMatchObject({
      passed: false,
      reason: 'The oldest unpaid bill (B-0001234, due 2026-10-13) is 41 days past due; SB 998 allows a shutoff at 60 days, on 2026-12-12 at the earliest.',
    });
    // December 12, 2026 is a Saturday: the earliest day is the Monday after.
    expect(early.earliestDate).toBe('2026-12-14');
    const exactly = evaluateRules(facts({ oldestUnpaid: { documentRef: null, dueDate: addDays(day, -60) } }), system, calendar, day);
    expect(rule(exactly, 'sb998.sixty_days_delinquent').passed).toBe(true);
    const nothing = evaluateRules(facts({ oldestUnpaid: null }), system, calendar, day);
    expect(rule(nothing, 'sb998.sixty_days_delinquent')).toMatchObject({ passed: false, reason: expect.stringMatching(/Nothing is past due/) });
  });

  it('sb998.notice_seven_business_days: a telephone contact or mailed notice at least 7 business days before', () => {
    const none = evaluateRules(facts({ notices: [] }), system, calendar, day);
    expect(rule(none, 'sb998.notice_seven_business_days')).toMatchObject({ passed: false, reason: expect.stringMatching(/No SB 998 notice/) });
    expect(none.earliestDate).toBeNull();
    // A call on Monday the 16th: Tue 17 ... Mon 23 is 5 business days; 7 on Wednesday the 25th.
    const call = evaluateRules(facts({ notices: [{ noticeNumber: 'N-2026-000002', noticeType: 'sb998_notice', delivery: 'phone', noticeDate: d('2026-11-16') }] }), system, calendar, day);
    expect(rule(call, 'sb998.notice_seven_business_days')).toMatchObject({ passed: false, reason: expect.stringMatching(/by telephone on 2026-11-16, only 5 business days before; 7 are required \(from 2026-11-25\)/) });
    expect(call.earliestDate).toBe('2026-11-25');
    // A door hanger or an email is not the contact SB 998 names; a notice from before this delinquency does not count.
    const posted = evaluateRules(facts({ notices: [
      { noticeNumber: 'N-2026-000003', noticeType: 'sb998_notice', delivery: 'posted', noticeDate: d('2026-11-02') },
      { noticeNumber: 'N-2026-000004', noticeType: 'sb998_notice', delivery: 'email', noticeDate: d('2026-11-02') },
      { noticeNumber: 'N-2026-000005', noticeType: 'sb998_notice', delivery: 'mail', noticeDate: d('2026-06-02') },
    ] }), system, calendar, day);
    expect(rule(posted, 'sb998.notice_seven_business_days').passed).toBe(false);
  });

  it('sb998.no_pending_appeal: no shutoff while an appeal or bill investigation is pending', () => {
    for (const type of ['appeal', 'bill_investigation'] as const) {
      const result = evaluateRules(facts({ protections: [protection(type, { documentRef: 'Letter of 11/1' })] }), system, calendar, day);
      expect(rule(result, 'sb998.no_pending_appeal')).toMatchObject({ passed: false, reason: expect.stringMatching(/Protected: .* received 2026-11-01 \(Letter of 11\/1\) is pending/) });
      expect(result).toMatchObject({ eligible: false, earliestDate: null });
    }
  });

  it('sb998.arrangement_good_standing: an arrangement in good standing protects until 60 days in default', () => {
    const good = evaluateRules(facts({ arrangement: { arrangementNumber: 'PA-100001', defaultSince: null } }), system, calendar, day);
    expect(rule(good, 'sb998.arrangement_good_standing')).toMatchObject({ passed: false, reason: 'Protected: payment arrangement PA-100001 is in good standing.' });
    expect(rule(good, 'sb998.arrangement_default_final_notice').applies).toBe(false);
    const recent = evaluateRules(facts({ arrangement: { arrangementNumber: 'PA-100001', defaultSince: d('2026-10-01') } }), system, calendar, day);
    expect(rule(recent, 'sb998.arrangement_good_standing')).toMatchObject({ passed: false, reason: expect.stringMatching(/53 days; it protects until 60 days \(2026-11-30\)/) });
  });

  it('sb998.arrangement_default_final_notice: after 60 days in default, a final notice posted at the property at least 5 business days before', () => {
    const arrangement = { arrangementNumber: 'PA-100001', defaultSince: d('2026-09-01') };
    const noNotice = evaluateRules(facts({ arrangement }), system, calendar, day);
    expect(rule(noNotice, 'sb998.arrangement_good_standing').passed).toBe(true);
    expect(rule(noNotice, 'sb998.arrangement_default_final_notice')).toMatchObject({ passed: false, reason: expect.stringMatching(/post a final notice/) });
    const mailedFinal = { noticeNumber: 'N-2026-000010', noticeType: 'final_notice' as const, delivery: 'mail' as const, noticeDate: d('2026-11-02') };
    expect(rule(evaluateRules(facts({ arrangement, notices: [...facts().notices, mailedFinal] }), system, calendar, day), 'sb998.arrangement_default_final_notice').passed).toBe(false);
    const postedFinal = { ...mailedFinal, delivery: 'posted' as const, noticeDate: d('2026-11-18') };
    const early = evaluateRules(facts({ arrangement, notices: [...facts().notices, postedFinal] }), system, calendar, day);
    expect(rule(early, 'sb998.arrangement_default_final_notice')).toMatchObject({ passed: false, reason: expect.stringMatching(/only 3 business days before; 5 are required \(from 2026-11-25\)/) });
    expect(early.earliestDate).toBe('2026-11-25');
    const ready = evaluateRules(facts({ arrangement, notices: [...facts().notices, { ...postedFinal, noticeDate: d('2026-11-13') }] }), system, calendar, day);
    expect(ready.eligible).toBe(true);
  });

  it('sb998.medical_certification: all three conditions protect and tell the clerk to offer an arrangement', () => {
    const all = [protection('medical_certification', { validUntil: d('2027-02-01') }), protection('inability_to_pay'), protection('willing_arrangement')];
    const result = evaluateRules(facts({ protections: all }), system, calendar, day);
    expect(rule(result, 'sb998.medical_certification')).toMatchObject({ passed: false, reason: expect.stringMatching(/Protected: .*Offer the customer a payment arrangement/) });
    expect(result).toMatchObject({ eligible: false, earliestDate: null, mustOfferArrangement: true });
    const two = evaluateRules(facts({ protections: all.slice(0, 2) }), system, calendar, day);
    expect(rule(two, 'sb998.medical_certification')).toMatchObject({ passed: true, reason: expect.stringMatching(/missing willingness to enter a payment arrangement/) });
    expect(two.eligible).toBe(true);
    const expired = evaluateRules(facts({ protections: [protection('medical_certification', { validUntil: d('2026-11-20') }), ...all.slice(1)] }), system, calendar, day);
    expect(rule(expired, 'sb998.medical_certification').passed).toBe(true);
  });

  it('sb998.office_open: no disconnection on a Saturday, a state holiday or an office closure', () => {
    for (const [closed, why] of [['2026-11-28', /Saturday/], ['2026-11-26', /Thanksgiving Day, a California state holiday/], ['2026-12-24', /City furlough day/]] as const) {
      const result = evaluateRules(facts({ notices: [{ noticeNumber: 'N-1', noticeType: 'sb998_notice', delivery: 'mail', noticeDate: d('2026-11-02') }] }), system, calendar, d(closed));
      expect(rule(result, 'sb998.office_open')).toMatchObject({ passed: false, reason: expect.stringMatching(why) });
      expect(result.eligible).toBe(false);
      expect(result.earliestDate && result.earliestDate > closed).toBe(true);
    }
  });

  it('local.collection_hold: an active hold or the customer\'s hold flag stops a shutoff', () => {
    const held = evaluateRules(facts({ holds: [{ reason: 'Customer in hospital', startsOn: d('2026-11-20'), endsOn: d('2026-12-01') }] }), system, calendar, day);
    expect(rule(held, 'local.collection_hold')).toMatchObject({ passed: false, reason: 'On hold through 2026-12-01: Customer in hospital.' });
    expect(held.earliestDate).toBe('2026-12-02');
    expect(rule(evaluateRules(facts({ customerHold: true }), system, calendar, day), 'local.collection_hold').passed).toBe(false);
  });

  it('local.shutoff_order_open and local.minimum_past_due', () => {
    const off = evaluateRules(facts({ shutoffInField: { shutoffId: 3, status: 'completed', disconnectedOn: d('2026-11-10') } }), system, calendar, day);
    expect(rule(off, 'local.shutoff_order_open')).toMatchObject({ passed: false, reason: 'Service is already shut off (since 2026-11-10).' });
    const small = evaluateRules(facts({ pastDueCents: cents(500) }), system, calendar, day);
    expect(rule(small, 'local.minimum_past_due')).toMatchObject({ passed: false, reason: '$5.00 is past due; collection starts at $10.00.' });
  });

  it('the earliest date, when there is one, is a day on which every rule passes', () => {
    const dates = fc.integer({ min: 0, max: 200 }).map((n) => addDays(d('2026-06-01'), n));
    fc.assert(fc.property(dates, dates, fc.option(dates), fc.option(dates), dates, (due, notice, holdEnd, defaultSince, asOf) => {
      const account = facts({
        oldestUnpaid: { documentRef: 'B-1', dueDate: due },
        notices: [{ noticeNumber: 'N-1', noticeType: 'sb998_notice', delivery: 'mail', noticeDate: notice },
          { noticeNumber: 'N-2', noticeType: 'final_notice', delivery: 'posted', noticeDate: notice }],
        holds: holdEnd ? [{ reason: 'hold', startsOn: d('2026-06-01'), endsOn: holdEnd }] : [],
        arrangement: defaultSince ? { arrangementNumber: 'PA-1', defaultSince } : null,
      });
      const result = evaluateRules(account, system, calendar, asOf);
      if (result.earliestDate === null) return;
      expect(result.earliestDate >= asOf).toBe(true);
      expect(evaluateRules(account, system, calendar, result.earliestDate).eligible).toBe(true);
    }));
  });
});

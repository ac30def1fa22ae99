/**
 * The letters of the notices the daily chain writes (the lead's advanceChain): every merge field
 * their templates use is filled, and the door hanger says the SB 998 notice's shutoff date.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, type IsoDate } from '../shared/dates.js';
import type { Database } from '../shared/db.js';
import { createTestDatabase } from '../../test/support/database.js';
import { billCycle, seedCollections } from '../../test/support/collections-fixtures.js';
import { testActor } from '../../test/support/ledger-fixtures.js';
import { acceptedRead, utilityCustomer } from '../../test/support/utility-fixtures.js';
import { advanceChain, getNoticeLetters, listNotices, type BusinessCalendar, type ShutoffEligibility } from './index.js';

const isWeekday = (date: IsoDate): boolean => ![0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());
const weekdays: BusinessCalendar = {
  businessDaysBetween(from, to) {
    let count = 0;
    for (let at = addDays(from, 1); at <= to; at = addDays(at, 1)) if (isWeekday(at)) count += 1;
    return count;
  },
  addBusinessDays(from, days) {
    let at = from;
    for (let left = days; left > 0;) { at = addDays(at, 1); if (isWeekday(at)) left -= 1; }
    return at;
  },
};
const eligibility: ShutoffEligibility = async (_tx, accountIds) => new Map(accountIds.map((id) => [id, { eligible: false, earliestDate: null, refusals: [] }]));

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedCollections(database);
});
afterAll(async () => database?.close());

describe('letters of the chain\'s notices', () => {
  it('prints the late notice, the SB 998 notice and the door hanger the chain writes with no blanks', async () => {
    const account = await utilityCustomer(database, { name: 'Lana Letters' });
    await acceptedRead(database, account.meterSerial, '2026-08-31', 1008);
    await billCycle(database, '2026-08-31', '2026-09-02'); // due 2026-09-23
    for (const asOf of ['2026-09-28', '2026-11-09', '2026-11-18']) {
      await advanceChain(database, { asOf: asOf as IsoDate, actor: testActor, calendar: weekdays, eligibility });
    }
    const notices = await listNotices(database.kysely, { account: account.accountNumber });
    expect(notices.map((notice) => notice.noticeType).sort()).toEqual(['door_hanger', 'late_notice', 'sb998_notice']);
    const letters = await getNoticeLetters(database.kysely, notices.map((notice) => notice.id));
    for (const letter of letters) expect(letter.missingFields, letter.notice.noticeType).toEqual([]);
    const sb998 = letters.find((letter) => letter.notice.noticeType === 'sb998_notice');
    const hanger = letters.find((letter) => letter.notice.noticeType === 'door_hanger');
    expect(sb998?.notice.disconnectOnOrAfter).not.toBeNull();
    expect(hanger?.notice.disconnectOnOrAfter).toBe(sb998?.notice.disconnectOnOrAfter);
    for (const letter of [sb998, hanger]) {
      expect((letter?.mergeData.payBy as string) < (letter?.notice.disconnectOnOrAfter as string)).toBe(true);
    }
  });
});

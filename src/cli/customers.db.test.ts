/**
 * `civic customers` and `civic follow-ups` in-process on a real database (both engines): add,
 * search with a typo, show by customer number (TIN masked), refusal by permission, follow-ups.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomer, recordInteraction } from '../customers/index.js';
import type { Database } from '../shared/db.js';
import { civicRunner } from '../../test/support/cli.js';
import { createTestDatabase } from '../../test/support/database.js';
import { useTestFieldKey } from '../../test/support/customer-fixtures.js';
import { createTestUser } from '../../test/support/http.js';
import { testActor, testClock } from '../../test/support/ledger-fixtures.js';

let database: Database;

beforeAll(async () => {
  useTestFieldKey();
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

const civic = civicRunner(() => database, { clock: testClock });

describe('civic customers', () => {
  it('adds, searches and shows a customer', async () => {
    const added = await civic('customers', 'add', '--type', 'person', '--name', 'Guadalupe Ortega', '--phone', '(530) 555-0123',
      '--email', 'lupe@example.com', '--address', '14 Vine St|Davis|CA|95616', '--language', 'es');
    expect(added.code, added.stderr).toBe(0);
    const number = /Added customer (C-\d{6})/.exec(added.stdout)?.[1] ?? '';
    expect(number).not.toBe('');
    const found = await civic('customers', 'search', 'guadalupe', 'ortgea');
    expect(found.stdout).toContain('Guadalupe Ortega');
    expect(found.stdout).toContain('14 Vine St, Davis, CA 95616');
    const shown = await civic('customers', 'show', number.toLowerCase());
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('Phone: (530) 555-0123');
    expect(shown.stdout).toContain('Language: es');
  });

  it('names a bad field and refuses a user without the permission', async () => {
    const bad = await civic('customers', 'add', '--type', 'person', '--name', 'X', '--email', 'not-an-email');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('emails[0].value');
    const usage = await civic('customers', 'add', '--type', 'person', '--name', 'X', '--address', 'only one part');
    expect(usage.code).toBe(2);
    const { username } = await createTestUser(database, { roles: ['cashier'] });
    const refused = await civic('--as', username, 'customers', 'add', '--type', 'person', '--name', 'Y');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('customers.edit');
    expect((await civic('--as', username, 'customers', 'search', 'ortega')).code).toBe(0);
  });

  it('lists a clerk their follow-ups', async () => {
    const { username } = await createTestUser(database, { roles: ['billing_clerk'] });
    const customer = await createCustomer(database, { input: { customerType: 'person', legalName: 'Follow Up Person' }, actor: testActor });
    await recordInteraction(database, { customerId: customer.id, input: { channel: 'phone', topic: 'Call back about leak', followUpOn: '2026-11-27', followUpUser: username }, actor: testActor });
    const mine = await civic('--as', username, 'follow-ups');
    expect(mine.stdout).toContain('Call back about leak');
    expect(mine.stdout).toContain('1 open follow-ups.');
    const theirs = await civic('follow-ups', '--user', username, '--through', '2026-11-26');
    expect(theirs.stdout).toContain('0 open follow-ups.');
  });
});

/** Small reads shared by the SB 998 use cases (protections, shutoff orders). I/O only. */
import { sql } from 'kysely';
import type { Executor } from '../shared/db.js';
import { invalidInput, notFound } from '../shared/errors.js';

export interface AccountRef {
  id: number;
  accountNumber: string;
  customerId: number;
  /** The open collection case, if any. */
  caseId: number | null;
}

/** A utility account by number or id; `field` is named when it is not found (input), else not_found. */
export async function findUtilityAccount(db: Executor, key: unknown, field?: string): Promise<AccountRef> {
  const text = typeof key === 'number' ? String(key) : typeof key === 'string' ? key.trim() : '';
  if (text === '' || text.length > 40) {
    if (field) throw invalidInput(field, 'a utility account number or id');
    throw notFound('utility account', String(key));
  }
  const isId = /^[0-9]{1,15}$/.test(text);
  const result = await sql<AccountRef>`select ua.id, ra.account_number as "accountNumber", ra.customer_id as "customerId",
      (select id from collection_case cc where cc.utility_account_id = ua.id and cc.status = 'open') as "caseId"
    from utility_account ua join receivable_account ra on ra.id = ua.id
    where ${isId ? sql`ua.id = ${Number(text)}` : sql`upper(ra.account_number) = ${text.toUpperCase()}`}`.execute(db);
  const row = result.rows[0];
  if (!row) {
    if (field) throw invalidInput(field, `no utility account ${text}`);
    throw notFound('utility account', text);
  }
  return row;
}

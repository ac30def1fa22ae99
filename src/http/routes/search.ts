/**
 * The global search box (Ctrl+K): accounts, journal entries, meters (by serial), users and
 * screens the caller may see, in one list. Each result links to its screen in the web application.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { listUsers } from '../../access/index.js';
import { listAccounts, listJournalEntries } from '../../ledger/index.js';
import { hasPermission, type Principal } from '../../shared/actor.js';
import { formatDollars } from '../../shared/money.js';
import { searchMeters } from '../../utility/index.js';
import { actorOf } from '../actor.js';
import type { RouteContext } from '../context.js';
import { withErrors } from '../schemas/common.js';

const SearchResult = Type.Object({ type: Type.String(), title: Type.String(), subtitle: Type.String(), href: Type.String() });
type Result = { type: string; title: string; subtitle: string; href: string };

async function searchLedger(context: RouteContext, query: string): Promise<Result[]> {
  const results: Result[] = [];
  const accounts = await listAccounts(context.database.kysely, { search: query });
  for (const account of accounts.slice(0, 8)) {
    results.push({
      type: 'account',
      title: `${account.code} ${account.name}`,
      subtitle: `${account.accountType.replace('_', ' ')}${account.isActive ? '' : ' (inactive)'}`,
      href: `/accounting/activity/${account.code}`,
    });
  }
  const entryId = /^(?:je[-\s]?)?(\d{1,12})$/i.exec(query)?.[1];
  const entries = await listJournalEntries(context.database.kysely, { search: entryId ? undefined : query, limit: 6 });
  const byId = entryId ? await listJournalEntries(context.database.kysely, { beforeId: Number(entryId) + 1, limit: 1 }) : [];
  for (const entry of [...byId.filter((e) => e.id === Number(entryId)), ...(entryId ? [] : entries)]) {
    results.push({
      type: 'journal_entry',
      title: `JE ${entry.id}: ${entry.description}`,
      subtitle: `${entry.entryDate} · ${formatDollars(entry.totalDebitCents)}`,
      href: `/accounting/journal/${entry.id}`,
    });
  }
  return results;
}

/** A meter by the start of its serial (it has a digit and no spaces): it leads to the account in service, or the Meters screen. */
async function searchUtility(context: RouteContext, principal: Principal, query: string): Promise<Result[]> {
  if (!hasPermission(principal, 'utility.read') || !/^[A-Za-z0-9-]*[0-9][A-Za-z0-9-]*$/.test(query)) return [];
  const meters = await searchMeters(context.database.kysely, { serial: query, limit: 5 });
  return meters.map((meter) => ({
    type: 'meter',
    title: `Meter ${meter.serial}`,
    subtitle: meter.serviceAddress
      ? `${meter.serviceAddress} (${meter.locationNumber})${meter.accountNumber ? ` · ${meter.accountNumber} ${meter.customerName}` : ' · no account in service'}`
      : meter.status.replace('_', ' '),
    href: meter.accountNumber ? `/utility/accounts/${meter.accountNumber}` : `/utility/meters?serial=${encodeURIComponent(meter.serial)}`,
  }));
}

async function searchUsers(context: RouteContext, principal: Principal, query: string): Promise<Result[]> {
  if (!hasPermission(principal, 'users.manage')) return [];
  const lower = query.toLowerCase();
  const users = await listUsers(context.database.kysely);
  return users
    .filter((user) => user.username.includes(lower) || user.displayName.toLowerCase().includes(lower))
    .slice(0, 5)
    .map((user) => ({ type: 'user', title: user.displayName, subtitle: `${user.username} · ${user.roles.join(', ')}`, href: `/admin/users/${user.id}` }));
}

export const searchRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, context) => {
  app.get(
    '/api/search',
    {
      schema: {
        operationId: 'search', tags: ['search'], summary: 'Search accounts, journal entries, meters and users',
        querystring: Type.Object({ q: Type.String({ maxLength: 100 }) }),
        response: withErrors({ 200: Type.Object({ results: Type.Array(SearchResult) }) }),
      },
      config: { permission: 'signed_in' },
    },
    async (request) => {
      const query = request.query.q.trim();
      if (query.length === 0) return { results: [] };
      const principal = actorOf(request);
      const ledger = hasPermission(principal, 'ledger.read') ? await searchLedger(context, query) : [];
      const meters = await searchUtility(context, principal, query);
      return { results: [...ledger, ...meters, ...(await searchUsers(context, principal, query))] };
    },
  );
};

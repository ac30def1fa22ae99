/**
 * `civic customers search|show|add` and `civic follow-ups`: finding, reading and adding customers
 * from the command line, and a clerk's open follow-ups.
 */
import { InvalidArgumentError, type Command } from 'commander';
import {
  createCustomer,
  getCustomer,
  listFollowUps,
  resolveCustomerId,
  searchCustomers,
  type CustomerDetail,
} from '../../customers/index.js';
import { formatCents, cents } from '../../shared/money.js';
import { withDatabase, writeLine, type CliContext } from '../context.js';
import { formatTable, writeJson } from '../output.js';
import { parsePositiveInteger } from '../parsers.js';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** "line1|city|ST|zip" or "line1|line2|city|ST|zip". */
export function parseAddressOption(text: string) {
  const parts = text.split('|').map((part) => part.trim());
  if (parts.length === 4) return { line1: parts[0] ?? '', city: parts[1] ?? '', state: parts[2] ?? '', zip: parts[3] ?? '' };
  if (parts.length === 5) return { line1: parts[0] ?? '', line2: parts[1] ?? '', city: parts[2] ?? '', state: parts[3] ?? '', zip: parts[4] ?? '' };
  throw new InvalidArgumentError('expected "line1|city|ST|zip" (or "line1|line2|city|ST|zip")');
}

interface AddOptions {
  type: string;
  name: string;
  dba?: string;
  phone?: string[];
  email?: string[];
  address?: ReturnType<typeof parseAddressOption>;
  language?: string;
  json?: boolean;
}

export function registerCustomerCommands(program: Command, context: CliContext): void {
  const customers = program.command('customers').description('people and businesses the city bills');
  customers
    .command('search')
    .description('find customers by name, address, account or customer number, phone, email or APN (typos forgiven)')
    .argument('<query...>', 'what to look for')
    .option('--limit <n>', 'at most this many (up to 20)', parsePositiveInteger)
    .option('--json', 'print as JSON')
    .action(async (words: string[], options: { limit?: number; json?: boolean }) => {
      await withDatabase(context, 'customers.read', async (database) => {
        const results = await searchCustomers(database.kysely, { query: words.join(' '), limit: options.limit ?? 20 });
        if (options.json) return writeJson(context.stdout, results);
        context.stdout.write(formatTable(
          [{ header: 'Customer' }, { header: 'Name', maxWidth: 40 }, { header: 'Mailing address', maxWidth: 50 }, { header: 'Accounts', maxWidth: 30 }, { header: 'Matched on' }],
          results.map((row) => [row.customerNumber, row.dbaName ? `${row.legalName} (${row.dbaName})` : row.legalName,
            row.mailingAddress ?? '', row.accountNumbers.join(' '), row.matchedOn]),
        ));
        writeLine(context.stdout, `${results.length} customers.`);
      });
    });
  customers
    .command('show')
    .description('one customer: flags, contacts, addresses, properties, accounts, recent interactions')
    .argument('<customer>', 'the customer id or number (C-100001)')
    .option('--json', 'print as JSON')
    .action(async (key: string, options: { json?: boolean }) => {
      await withDatabase(context, 'customers.read', async (database, actor) => {
        const customer = await getCustomer(database.kysely, { customerId: await resolveCustomerId(database.kysely, key), principal: actor });
        if (options.json) writeJson(context.stdout, customer);
        else context.stdout.write(formatCustomer(customer));
      });
    });
  customers
    .command('add')
    .description('add a customer')
    .requiredOption('--type <type>', 'person or business')
    .requiredOption('--name <legalName>', 'the legal name')
    .option('--dba <name>', 'doing business as')
    .option('--phone <phone>', 'a phone number (repeatable)', collect)
    .option('--email <email>', 'an email address (repeatable)', collect)
    .option('--address <address>', 'mailing address "line1|city|ST|zip"', parseAddressOption)
    .option('--language <code>', 'preferred language (en, es, zh, vi, tl, ko, ...)')
    .option('--json', 'print as JSON')
    .action(async (options: AddOptions) => {
      await withDatabase(context, 'customers.edit', async (database, actor) => {
        const customer = await createCustomer(database, {
          input: {
            customerType: options.type,
            legalName: options.name,
            dbaName: options.dba ?? null,
            preferredLanguage: options.language ?? null,
            phones: (options.phone ?? []).map((value) => ({ value })),
            emails: (options.email ?? []).map((value) => ({ value })),
            mailingAddress: options.address ?? null,
          },
          actor,
          clock: context.clock,
        });
        if (options.json) writeJson(context.stdout, customer);
        else writeLine(context.stdout, `Added customer ${customer.customerNumber} ${customer.legalName} (id ${customer.id}).`);
      });
    });

  program
    .command('follow-ups')
    .description('open follow-ups from the interaction log, oldest first')
    .option('--user <username>', 'whose follow-ups (default: the --as user)')
    .option('--through <date>', 'only those due on or before this date (YYYY-MM-DD)')
    .option('--json', 'print as JSON')
    .action(async (options: { user?: string; through?: string; json?: boolean }) => {
      await withDatabase(context, 'customers.read', async (database, actor) => {
        const rows = await listFollowUps(database.kysely, { username: options.user ?? actor.username, through: options.through ?? null });
        if (options.json) return writeJson(context.stdout, rows);
        context.stdout.write(formatTable(
          [{ header: 'Due' }, { header: 'Customer' }, { header: 'Name', maxWidth: 30 }, { header: 'Topic', maxWidth: 50 }, { header: 'Noted by' }],
          rows.map((row) => [row.followUpOn ?? '', row.customerNumber, row.customerName, row.topic, row.recordedBy]),
        ));
        writeLine(context.stdout, `${rows.length} open follow-ups.`);
      });
    });
}

function formatCustomer(customer: CustomerDetail): string {
  const flags = Object.entries(customer.flags).filter(([, isSet]) => isSet).map(([name]) => name);
  const lines = [
    `${customer.customerNumber}  ${customer.legalName}${customer.dbaName ? ` (dba ${customer.dbaName})` : ''}  [${customer.customerType}, ${customer.status}]`,
    `Language: ${customer.preferredLanguage}   TIN: ${customer.tin ? customer.tin.display : 'none'}   Flags: ${flags.length > 0 ? flags.join(', ') : 'none'}`,
    `Mailing address: ${customer.mailingAddress?.oneLine ?? 'none'}`,
  ];
  if (customer.merge.mergedInto) lines.push(`Merged into ${customer.merge.mergedInto.customerNumber} ${customer.merge.mergedInto.legalName}`);
  for (const contact of customer.contacts) {
    lines.push(`${contact.kind === 'phone' ? 'Phone' : 'Email'}: ${contact.display} (${contact.label}${contact.isActive ? '' : ', inactive'})`);
  }
  for (const property of customer.properties) {
    lines.push(`${property.role}: ${property.apn} ${property.situs}${property.endDate ? ` (until ${property.endDate})` : ''}`);
  }
  for (const account of customer.accounts) {
    lines.push(`Account ${account.accountNumber} ${account.kind} ${account.status}: ${formatCents(cents(account.balanceCents))}`);
  }
  for (const interaction of customer.recentInteractions.slice(0, 5)) {
    lines.push(`${interaction.occurredAt.slice(0, 10)} ${interaction.channel}: ${interaction.topic} (${interaction.recordedBy})`);
  }
  return `${lines.join('\n')}\n`;
}

/** Schemas of the lien and closed-account routes (src/http/routes/collections-liens.ts). */
import { Type } from 'typebox';
import { Cents, dateText, NullableInteger, NullableString, withErrors } from '../schemas/common.js';

const tags = ['collections'];
const op = <T extends Record<string, unknown>>(operationId: string, summary: string, rest: T) => ({ operationId, tags, summary, ...rest });
const strict = { additionalProperties: false } as const;

const lienStatuses = ['listed', 'noticed', 'recorded', 'paid_off', 'released', 'removed'] as const;
const Address = Type.Object({ line1: NullableString, line2: NullableString, city: NullableString, state: NullableString, zip: NullableString,
  source: Type.Union([Type.Literal('customer'), Type.Literal('situs')], { description: 'customer: the mailing address on file; situs: the parcel\'s own address' }) });

export const LienRule = Type.Object({
  effectiveFrom: Type.String(), includeTenants: Type.Boolean(), minimumCents: Cents, minimumDaysDelinquent: Type.Integer(),
  excludeArrangements: Type.Boolean(), excludeHolds: Type.Boolean(), processingFeeCents: Cents, processingFeeAccountCode: NullableString,
  recordedLienYears: Type.Integer(), authority: Type.String(),
});

export const LienRoll = Type.Object({
  id: Type.Integer(), fiscalYear: Type.Integer(), asOfDate: Type.String(), dueToCountyOn: Type.String({ description: 'August 10 of the year the fiscal year starts' }),
  status: Type.String({ description: 'draft or submitted' }), submittedOn: NullableString, submittedBy: NullableString,
  rule: LienRule, lienCount: Type.Integer(), totalCents: Cents,
});

export const Lien = Type.Object({
  id: Type.Integer(), fiscalYear: Type.Integer(), rollStatus: Type.String(), utilityAccountId: Type.Integer(), accountNumber: Type.String(),
  customerName: Type.String(), serviceAddress: NullableString, apn: Type.String(), ownerName: Type.String(), ownerAddress: Address,
  customerIsOwner: Type.Boolean(), amountCents: Cents, payoffCents: Type.Integer({ description: 'What is still open of the listed charges' }),
  oldestDueDate: Type.String(), feeItemId: NullableInteger, status: Type.String({ description: lienStatuses.join(', ') }),
  noticedOn: NullableString, noticeNumber: NullableString, recordingNumber: NullableString, recordedOn: NullableString, expiresOn: NullableString,
  paidOffOn: NullableString, releaseRecordingNumber: NullableString, releasedOn: NullableString, removedOn: NullableString, removedReason: NullableString,
});

const Excluded = Type.Object({
  accountNumber: Type.String(), customerName: Type.String(), apn: NullableString, delinquentCents: Cents,
  reasons: Type.Array(Type.String()), message: Type.String(),
});

const FiscalYearParam = Type.Object({ fy: Type.String({ maxLength: 6, description: 'The fiscal year, named by the year it ends (2027 or FY2027)' }) }, strict);
const LienParam = Type.Object({ id: Type.String({ maxLength: 40, description: 'The lien id, or an account number (its lien in force)' }) }, strict);
const AccountParam = Type.Object({ account: Type.String({ maxLength: 40, description: 'Utility account number or id' }) }, strict);

export const listRollsSchema = op('listLienRolls', 'The lien rolls, newest first', { response: withErrors({ 200: Type.Object({ rolls: Type.Array(LienRoll) }) }) });

export const getRuleSchema = op('getLienRule', 'The lien rule in effect on a date (today by default)', {
  querystring: Type.Object({ date: Type.Optional(dateText()) }, strict), response: withErrors({ 200: LienRule }),
});

export const setRuleSchema = op('setLienRule', 'A new version of the lien rule from a date (owner rule, minimums, exclusions, fee)', {
  body: Type.Object({
    effectiveFrom: dateText(), includeTenants: Type.Optional(Type.Boolean()), minimumCents: Type.Optional(Type.Integer({ minimum: 0 })),
    minimumDaysDelinquent: Type.Optional(Type.Integer()), excludeArrangements: Type.Optional(Type.Boolean()), excludeHolds: Type.Optional(Type.Boolean()),
    processingFeeCents: Type.Optional(Type.Integer({ minimum: 0 })), processingFeeAccountCode: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])),
    recordedLienYears: Type.Optional(Type.Integer()), authority: Type.String({ maxLength: 500 }),
  }, strict),
  response: withErrors({ 200: LienRule }),
});

export const listLiensSchema = op('listLiens', 'Liens by fiscal year, status or account', {
  querystring: Type.Object({
    fiscalYear: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2200 })),
    status: Type.Optional(Type.Union(lienStatuses.map((status) => Type.Literal(status)))),
    account: Type.Optional(Type.String({ maxLength: 40 })),
  }, strict),
  response: withErrors({ 200: Type.Object({ liens: Type.Array(Lien) }) }),
});

export const prepareSchema = op('prepareLienRoll', 'Prepare (or add to) the draft roll of a fiscal year as of a date; reports the accounts left out and why', {
  params: FiscalYearParam, body: Type.Object({ asOf: dateText() }, strict),
  response: withErrors({ 200: Type.Object({ roll: LienRoll, listed: Type.Integer(), listedCents: Cents, feesCents: Cents, excluded: Type.Array(Excluded) }) }),
});

export const listAccountSchema = op('listAccountOnLienRoll', 'List one account on the draft roll (refused, naming the account, when the rule would not list it)', {
  params: FiscalYearParam, body: Type.Object({ asOf: dateText(), account: Type.String({ maxLength: 40 }) }, strict),
  response: withErrors({ 201: Lien }),
});

export const noticesSchema = op('sendLienNotices', 'Lien notices to the owners of the listed accounts (addressed to the owner)', {
  params: FiscalYearParam, body: Type.Object({ noticeDate: Type.Optional(dateText()), hearingDate: Type.Optional(dateText()) }, strict),
  response: withErrors({ 200: Type.Object({ noticed: Type.Integer() }) }),
});

export const submitSchema = op('submitLienRoll', 'Mark the roll submitted to the county auditor (it no longer changes)', {
  params: FiscalYearParam, body: Type.Object({ on: Type.Optional(dateText()) }, strict), response: withErrors({ 200: LienRoll }),
});

export const exportSchema = op('exportLienRoll', 'The roll for the county as CSV: APN, amount, account, owner', {
  params: FiscalYearParam, response: withErrors({ 200: Type.String() }),
});

export const getLienSchema = op('getLien', 'One lien with its payoff today', { params: LienParam, response: withErrors({ 200: Lien }) });

export const removeSchema = op('removeLien', 'Take an account off the draft roll, with a reason', {
  params: LienParam, body: Type.Object({ reason: Type.String({ maxLength: 500 }), on: Type.Optional(dateText()) }, strict), response: withErrors({ 200: Lien }),
});

export const recordSchema = op('recordLien', 'The county recorder\'s document number and date', {
  params: LienParam, body: Type.Object({ recordingNumber: Type.String({ maxLength: 40 }), recordedOn: dateText() }, strict), response: withErrors({ 200: Lien }),
});

export const payOffSchema = op('payOffLien', 'Mark a lien paid off (refused while its listed charges are owed)', {
  params: LienParam, body: Type.Object({ on: Type.Optional(dateText()) }, strict), response: withErrors({ 200: Lien }),
});

export const releaseSchema = op('releaseLien', 'The recorded release of a paid-off lien', {
  params: LienParam, body: Type.Object({ releaseRecordingNumber: Type.String({ maxLength: 40 }), releasedOn: dateText() }, strict), response: withErrors({ 200: Lien }),
});

const Aging = Type.Object({ current: Cents, days30: Cents, days60: Cents, days90: Cents, days120: Cents });
export const ClosedAccount = Type.Object({
  utilityAccountId: Type.Integer(), accountNumber: Type.String(), customerId: Type.Integer(), customerName: Type.String(), status: Type.String(),
  stoppedOn: NullableString, serviceAddress: NullableString, balanceCents: Cents, aging: Aging, oldestDueDate: NullableString,
  activeAccountNumber: NullableString, lastFinalNoticeOn: NullableString, referredOn: NullableString, agency: NullableString, hasPendingWriteOff: Type.Boolean(),
});

export const listClosedSchema = op('listClosedAccountBalances', 'Final-billed and closed utility accounts with a balance owing, with aging', {
  querystring: Type.Object({ asOf: Type.Optional(dateText()) }, strict),
  response: withErrors({ 200: Type.Object({ accounts: Type.Array(ClosedAccount), asOf: Type.String() }) }),
});

export const closedNoticesSchema = op('sendClosedAccountNotices', 'Final notices to closed accounts with balances (the given ones, or every one not noticed in 30 days)', {
  body: Type.Object({ accounts: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 1000 })), noticeDate: Type.Optional(dateText()) }, strict),
  response: withErrors({ 200: Type.Object({ noticed: Type.Integer(), noticeNumbers: Type.Array(Type.String()) }) }),
});

export const transferSchema = op('transferClosedBalance', 'Move a closed account\'s balance to the same customer\'s active utility account', {
  params: AccountParam, body: Type.Object({ toAccount: Type.Optional(Type.String({ maxLength: 40 })), transferDate: Type.Optional(dateText()) }, strict),
  response: withErrors({ 200: Type.Object({ fromAccountNumber: Type.String(), toAccountNumber: Type.String(), amountCents: Cents, journalEntryId: Type.Integer() }) }),
});

export const writeOffSchema = op('requestClosedAccountWriteOff', 'File a write-off of a closed account\'s balance for approval', {
  params: AccountParam,
  body: Type.Object({ reasonCode: Type.String({ maxLength: 20 }), description: Type.String({ maxLength: 200 }), writeOffDate: Type.Optional(dateText()) }, strict),
  response: withErrors({ 202: Type.Object({ approvalRequestId: Type.Integer(), status: Type.String(), summary: Type.String() }) }),
});

export const referSchema = op('referClosedAccounts', 'Refer closed accounts to a collection agency (once each); answers the agency\'s CSV', {
  body: Type.Object({
    accounts: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 5000 })), agency: Type.String({ maxLength: 100 }),
    referredOn: Type.Optional(dateText()), afterNoticeDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650 })),
  }, strict),
  response: withErrors({ 200: Type.Object({ batch: Type.String(), agency: Type.String(), referredOn: Type.String(), referred: Type.Integer(),
    totalCents: Cents, fileName: Type.String(), csv: Type.String() }) }),
});

export const referralCsvSchema = op('exportReferralBatch', 'A referral batch\'s CSV for the agency', {
  params: Type.Object({ batch: Type.String({ maxLength: 40 }) }, strict), response: withErrors({ 200: Type.String() }),
});

/**
 * Cashiering set-up (the accountant): the accounts every receipt, deposit, over/short and lockbox
 * payment posts to, the cash drawers, the items sold at the counter, and the banks' lockbox
 * layouts. Shows what is configured now (GET /api/cashiering/setup); each form saves one thing
 * and the server checks every account (right type, right fund, active).
 */
import { Badge, Button, Card, Checkbox, Code, Grid, Group, NativeSelect, Stack, Table, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent, type RefObject } from 'react';
import {
  createDrawer,
  saveCounterItem,
  setCashieringAccounts,
  setFundAccounts,
  useCashieringSetup,
  useLockboxLayouts,
  type CounterItem,
  type FundAccounts,
} from '../../api/cashiering';
import { useAllAccounts, useFunds } from '../../api/ledger';
import type { Account } from '../../api/types';
import { AccountPicker } from '../../components/AccountPicker';
import { AmountInput } from '../../components/AmountInput';
import { advanceOnEnter, fieldErrorsOf } from '../../components/enterAdvances';
import { ErrorAlert, problemsOf } from '../../components/ErrorAlert';
import { PageTitle } from '../../components/PageTitle';
import { formatCents, parseDollars } from '../../money';

export function CashieringSetupScreen() {
  const setup = useCashieringSetup();
  const accounts = useAllAccounts();
  const chart = accounts.data ?? [];
  const data = setup.data;
  return (
    <Stack>
      <PageTitle title="Cashiering set-up" />
      {setup.isError && <ErrorAlert error={setup.error} title="The set-up did not load" />}
      {accounts.isError && <ErrorAlert error={accounts.error} title="The chart of accounts did not load" />}
      {data && (
        <Grid gap="lg">
          <Grid.Col span={6}>
            <Stack>
              <FundAccountsCard fundAccounts={data.fundAccounts} accounts={chart} />
              <CashieringAccountsCard overShort={data.overShortAccountCode} suspense={data.lockboxSuspenseAccountCode}
                signOffCents={data.overShortSignOffCents} accounts={chart} />
              <DrawersCard drawers={data.drawers} />
            </Stack>
          </Grid.Col>
          <Grid.Col span={6}>
            <Stack>
              <ItemsCard items={data.items} accounts={chart} />
              <LayoutsCard />
            </Stack>
          </Grid.Col>
        </Grid>
      )}
    </Stack>
  );
}

function nameOf(accounts: readonly Account[], code: string | null): string {
  if (!code) return '';
  return accounts.find((account) => account.code === code)?.name ?? '';
}

/** An account code, its name on hover (the chart's names are long for a narrow table). */
function AccountCell({ code, accounts }: { code: string | null; accounts: readonly Account[] }) {
  if (!code) return <Text size="sm" c="dimmed">not set</Text>;
  return <Text size="sm" className="mono" title={nameOf(accounts, code)} style={{ whiteSpace: 'nowrap' }}>{code}</Text>;
}

const focus = (ref: RefObject<HTMLElement | null>) => () => ref.current?.focus();

function useSaved() {
  const client = useQueryClient();
  const [saved, setSaved] = useState<string | null>(null);
  return {
    saved,
    onSaved(message: string) {
      setSaved(message);
      void client.invalidateQueries({ queryKey: ['cashiering'] });
    },
    clear: () => setSaved(null),
  };
}

function FundAccountsCard({ fundAccounts, accounts }: { fundAccounts: FundAccounts[]; accounts: readonly Account[] }) {
  const funds = useFunds();
  const [fundCode, setFundCode] = useState('');
  const [undeposited, setUndeposited] = useState('');
  const [bank, setBank] = useState('');
  const [fee, setFee] = useState('');
  const bankRef = useRef<HTMLInputElement>(null);
  const feeRef = useRef<HTMLInputElement>(null);
  const undepositedRef = useRef<HTMLInputElement>(null);
  const saveRef = useRef<HTMLButtonElement>(null);
  const { saved, onSaved, clear } = useSaved();
  const save = useMutation({
    mutationFn: () => setFundAccounts({ fundCode, undepositedAccount: undeposited.trim(), bankAccount: bank.trim(), returnedFeeAccount: fee.trim() || null }),
    onSuccess: (row) => onSaved(`Fund ${row.fundCode}: saved.`),
  });
  const choose = (code: string) => {
    const row = fundAccounts.find((candidate) => candidate.fundCode === code);
    setFundCode(code);
    setUndeposited(row?.undepositedAccountCode ?? '');
    setBank(row?.bankAccountCode ?? '');
    setFee(row?.returnedFeeAccountCode ?? '');
    clear();
    save.reset();
  };
  const errors = fieldErrorsOf(problemsOf(save.error));
  const fundName = new Map((funds.data ?? []).map((fund) => [fund.code, fund.name]));
  function submit(event: FormEvent) {
    event.preventDefault();
    if (fundCode && undeposited.trim() && bank.trim() && !save.isPending) save.mutate();
  }
  return (
    <Card withBorder padding="sm">
      <Text fw={600}>Fund bank accounts</Text>
      <Text size="xs" c="dimmed" mb="xs">Each fund's undeposited funds (the drawers' cash), the bank a verified deposit and a lockbox file go to, and the returned-check fee. Choose a fund to change them.</Text>
      <Table className="report" aria-label="Fund bank accounts" verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr><Table.Th>Fund</Table.Th><Table.Th>Undeposited</Table.Th><Table.Th>Bank (cash)</Table.Th><Table.Th>Returned fee</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {fundAccounts.map((row) => (
            <Table.Tr key={row.fundCode} bg={row.fundCode === fundCode ? 'blue.0' : undefined}>
              <Table.Td>
                <UnstyledButton onClick={() => choose(row.fundCode)} aria-label={`Change fund ${row.fundCode}`} title="Change this fund's accounts">
                  <Text size="sm" className="mono" c="blue.8" td="underline">{row.fundCode}</Text>
                </UnstyledButton>
                <Text size="xs" c="dimmed">{fundName.get(row.fundCode) ?? ''}</Text>
              </Table.Td>
              <Table.Td><AccountCell code={row.undepositedAccountCode} accounts={accounts} /></Table.Td>
              <Table.Td><AccountCell code={row.bankAccountCode} accounts={accounts} /></Table.Td>
              <Table.Td><AccountCell code={row.returnedFeeAccountCode} accounts={accounts} /></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <form onKeyDown={advanceOnEnter} onSubmit={submit} aria-label="Set a fund's accounts">
        <Stack gap={6} mt="sm">
          <Group gap="xs" align="flex-start" grow>
            <NativeSelect label="Fund" value={fundCode} onChange={(event) => choose(event.currentTarget.value)}
              data={[{ value: '', label: 'Choose a fund' }, ...(funds.data ?? []).filter((fund) => fund.isActive).map((fund) => ({ value: fund.code, label: `${fund.code} ${fund.name}` }))]} />
            <AccountPicker label="Undeposited funds" accounts={accounts} value={undeposited} onChange={setUndeposited} inputRef={undepositedRef}
              onEnter={focus(bankRef)} error={errors.undepositedAccount} />
          </Group>
          <Group gap="xs" align="flex-start" grow>
            <AccountPicker label="Bank (cash)" accounts={accounts} value={bank} onChange={setBank} inputRef={bankRef} onEnter={focus(feeRef)} error={errors.bankAccount} />
            <AccountPicker label="Returned-check fee (revenue)" accounts={accounts} value={fee} onChange={setFee} inputRef={feeRef} onEnter={focus(saveRef)}
              error={errors.returnedFeeAccount} placeholder="Optional" />
          </Group>
          {save.isError && <ErrorAlert error={save.error} title="Not saved" />}
          <Group>
            <Button ref={saveRef} type="submit" loading={save.isPending} disabled={!fundCode || !undeposited.trim() || !bank.trim()}>Save fund accounts</Button>
            {saved && <Text size="sm" c="green.8" role="status">{saved}</Text>}
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function CashieringAccountsCard({ overShort, suspense, signOffCents, accounts }: {
  overShort: string | null; suspense: string | null; signOffCents: number; accounts: readonly Account[];
}) {
  const [overShortCode, setOverShortCode] = useState(overShort ?? '');
  const [suspenseCode, setSuspenseCode] = useState(suspense ?? '');
  const suspenseRef = useRef<HTMLInputElement>(null);
  const saveRef = useRef<HTMLButtonElement>(null);
  const { saved, onSaved } = useSaved();
  const save = useMutation({
    mutationFn: () => setCashieringAccounts({
      ...(overShortCode.trim() ? { overShortAccount: overShortCode.trim() } : {}),
      ...(suspenseCode.trim() ? { lockboxSuspenseAccount: suspenseCode.trim() } : {}),
    }),
    onSuccess: () => onSaved('Saved.'),
  });
  const errors = fieldErrorsOf(problemsOf(save.error));
  function submit(event: FormEvent) {
    event.preventDefault();
    if ((overShortCode.trim() || suspenseCode.trim()) && !save.isPending) save.mutate();
  }
  return (
    <Card withBorder padding="sm">
      <Text fw={600}>Over/short and suspense</Text>
      <Text size="xs" c="dimmed" mb="xs" data-testid="cashiering-accounts-now">
        Now: over/short <span className="mono">{overShort ?? 'not set'}</span>, lockbox suspense <span className="mono">{suspense ?? 'not set'}</span>.
        A supervisor signs off an over/short beyond ${formatCents(signOffCents)} (Admin → Settings).
      </Text>
      <form onKeyDown={advanceOnEnter} onSubmit={submit} aria-label="Set the cashiering accounts">
        <Group gap="xs" align="flex-start" grow>
          <AccountPicker label="Drawer over/short" accounts={accounts} value={overShortCode} onChange={setOverShortCode} onEnter={focus(suspenseRef)} error={errors.overShortAccount} />
          <AccountPicker label="Lockbox suspense (unapplied)" accounts={accounts} value={suspenseCode} onChange={setSuspenseCode} inputRef={suspenseRef}
            onEnter={focus(saveRef)} error={errors.lockboxSuspenseAccount} />
        </Group>
        {save.isError && <ErrorAlert error={save.error} title="Not saved" />}
        <Group mt="xs">
          <Button ref={saveRef} type="submit" loading={save.isPending} disabled={!overShortCode.trim() && !suspenseCode.trim()}>Save accounts</Button>
          {saved && <Text size="sm" c="green.8" role="status">{saved}</Text>}
        </Group>
      </form>
    </Card>
  );
}

function DrawersCard({ drawers }: { drawers: Array<{ id: number; code: string; name: string; location: string | null; isActive: boolean }> }) {
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [location, setLocation] = useState('');
  const codeRef = useRef<HTMLInputElement>(null);
  const { saved, onSaved } = useSaved();
  const create = useMutation({
    mutationFn: () => createDrawer({ code: code.trim(), name: name.trim(), location: location.trim() || null }),
    onSuccess: (drawer) => {
      onSaved(`Drawer ${drawer.code} added.`);
      setCode('');
      setName('');
      setLocation('');
      codeRef.current?.focus();
    },
  });
  const errors = fieldErrorsOf(problemsOf(create.error));
  function submit(event: FormEvent) {
    event.preventDefault();
    if (code.trim() && name.trim() && !create.isPending) create.mutate();
  }
  return (
    <Card withBorder padding="sm">
      <Text fw={600} mb="xs">Drawers</Text>
      <Table className="report" aria-label="Drawers" verticalSpacing={4}>
        <Table.Thead><Table.Tr><Table.Th>Code</Table.Th><Table.Th>Name</Table.Th><Table.Th>Location</Table.Th><Table.Th /></Table.Tr></Table.Thead>
        <Table.Tbody>
          {drawers.map((drawer) => (
            <Table.Tr key={drawer.id}>
              <Table.Td className="mono">{drawer.code}</Table.Td>
              <Table.Td>{drawer.name}</Table.Td>
              <Table.Td>{drawer.location ?? ''}</Table.Td>
              <Table.Td>{!drawer.isActive && <Badge size="xs" color="gray">retired</Badge>}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <form onKeyDown={advanceOnEnter} onSubmit={submit} aria-label="Add a drawer">
        <Group gap="xs" align="flex-start" mt="sm" wrap="nowrap">
          <TextInput ref={codeRef} label="Drawer code" value={code} onChange={(event) => setCode(event.currentTarget.value)} w={100} autoComplete="off"
            classNames={{ input: 'mono' }} error={errors.code} placeholder="D4" />
          <TextInput label="Drawer name" value={name} onChange={(event) => setName(event.currentTarget.value)} style={{ flex: 1 }} autoComplete="off" error={errors.name} />
          <TextInput label="Location" value={location} onChange={(event) => setLocation(event.currentTarget.value)} w={140} autoComplete="off" error={errors.location} />
        </Group>
        {create.isError && <ErrorAlert error={create.error} title="The drawer was not added" />}
        <Group mt="xs">
          <Button type="submit" loading={create.isPending} disabled={!code.trim() || !name.trim()}>Add drawer</Button>
          {saved && <Text size="sm" c="green.8" role="status">{saved}</Text>}
        </Group>
      </form>
    </Card>
  );
}

function ItemsCard({ items, accounts }: { items: CounterItem[]; accounts: readonly Account[] }) {
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [price, setPrice] = useState('');
  const [revenue, setRevenue] = useState('');
  const [isActive, setIsActive] = useState(true);
  const codeRef = useRef<HTMLInputElement>(null);
  const activeRef = useRef<HTMLInputElement>(null);
  const { saved, onSaved, clear } = useSaved();
  const parsedPrice = price.trim() === '' ? null : parseDollars(price);
  const priceError = parsedPrice && !parsedPrice.ok ? parsedPrice.message : parsedPrice?.ok && parsedPrice.cents < 0 ? 'A price is not negative' : undefined;
  const save = useMutation({
    mutationFn: () => saveCounterItem({ code: code.trim().toUpperCase(), name: name.trim(), unitPriceCents: parsedPrice?.ok ? parsedPrice.cents : null,
      revenueAccount: revenue.trim(), isActive }),
    onSuccess: (item) => {
      onSaved(`${item.code} saved${item.isActive ? '' : ' (retired: no longer sold)'}.`);
      setCode('');
      setName('');
      setPrice('');
      setRevenue('');
      setIsActive(true);
      codeRef.current?.focus();
    },
  });
  const edit = (item: CounterItem) => {
    setCode(item.code);
    setName(item.name);
    setPrice(item.unitPriceCents === null ? '' : formatCents(item.unitPriceCents));
    setRevenue(item.revenueAccountCode);
    setIsActive(item.isActive);
    clear();
    save.reset();
    codeRef.current?.focus();
  };
  const errors = fieldErrorsOf(problemsOf(save.error));
  const isExisting = items.some((item) => item.code === code.trim().toUpperCase());
  function submit(event: FormEvent) {
    event.preventDefault();
    if (code.trim() && name.trim() && revenue.trim() && !priceError && !save.isPending) save.mutate();
  }
  return (
    <Card withBorder padding="sm">
      <Text fw={600} mb="xs">Counter items</Text>
      <Table className="report" aria-label="Counter items" verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr><Table.Th>Code</Table.Th><Table.Th>Name</Table.Th><Table.Th style={{ textAlign: 'right' }}>Price</Table.Th><Table.Th>Revenue account</Table.Th><Table.Th /></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => (
            <Table.Tr key={item.id} bg={item.code === code.trim().toUpperCase() ? 'blue.0' : undefined}>
              <Table.Td className="mono">{item.code}</Table.Td>
              <Table.Td>{item.name}</Table.Td>
              <Table.Td style={{ textAlign: 'right' }}>
                {item.unitPriceCents === null ? <Text size="xs" c="dimmed">at the counter</Text> : <span className="amount">{formatCents(item.unitPriceCents)}</span>}
              </Table.Td>
              <Table.Td><Text size="sm" className="mono">{item.revenueAccountCode}</Text></Table.Td>
              <Table.Td><Button size="compact-xs" variant="subtle" onClick={() => edit(item)} aria-label={`Change ${item.code}`}>Change</Button></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <form onKeyDown={advanceOnEnter} onSubmit={submit} aria-label="Add or change a counter item">
        <Stack gap={6} mt="sm">
          <Text size="sm" fw={600}>{isExisting ? `Change ${code.trim().toUpperCase()}` : 'Add an item'}</Text>
          <Group gap="xs" align="flex-start">
            <TextInput ref={codeRef} label="Item code" value={code} onChange={(event) => setCode(event.currentTarget.value)} w={150} autoComplete="off"
              classNames={{ input: 'mono' }} error={errors.code} placeholder="COPIES" />
            <TextInput label="Item name" value={name} onChange={(event) => setName(event.currentTarget.value)} style={{ flex: 1 }} autoComplete="off" error={errors.name} />
          </Group>
          <Group gap="xs" align="flex-start">
            <AmountInput label="Unit price (blank: at the counter)" value={price} onChange={setPrice} w={210} error={priceError ?? errors.unitPriceCents}
              placeholder="at the counter" />
            <div style={{ flex: 1 }}>
              <AccountPicker label="Revenue account" accounts={accounts} value={revenue} onChange={setRevenue} onEnter={focus(activeRef)} error={errors.revenueAccount} />
            </div>
          </Group>
          <Checkbox ref={activeRef} label="Sold at the counter (uncheck to retire it)" checked={isActive} onChange={(event) => setIsActive(event.currentTarget.checked)} />
          {save.isError && <ErrorAlert error={save.error} title="The item was not saved" />}
          <Group>
            <Button type="submit" loading={save.isPending} disabled={!code.trim() || !name.trim() || !revenue.trim() || priceError !== undefined}>
              {isExisting ? 'Save changes' : 'Add item'}
            </Button>
            {saved && <Text size="sm" c="green.8" role="status">{saved}</Text>}
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function LayoutsCard() {
  const layouts = useLockboxLayouts();
  const [shown, setShown] = useState<string | null>(null);
  return (
    <Card withBorder padding="sm">
      <Text fw={600}>Lockbox layouts</Text>
      <Text size="xs" c="dimmed" mb="xs">Each bank's file layout, as data (samples/lockbox/*.json; `PUT /api/cashiering/lockbox/layouts/:code` adds or changes one).</Text>
      {layouts.isError && <ErrorAlert error={layouts.error} />}
      <Table className="report" aria-label="Lockbox layouts" verticalSpacing={4}>
        <Table.Thead><Table.Tr><Table.Th>Code</Table.Th><Table.Th>Bank · format</Table.Th><Table.Th /></Table.Tr></Table.Thead>
        <Table.Tbody>
          {(layouts.data ?? []).map((layout) => (
            <Table.Tr key={layout.code}>
              <Table.Td className="mono">{layout.code}</Table.Td>
              <Table.Td>
                {layout.bankName}{!layout.isActive && <Badge size="xs" color="gray" ml={4}>retired</Badge>}
                <Text size="xs" c="dimmed">{layout.format === 'csv' ? 'CSV' : 'fixed width'}</Text>
              </Table.Td>
              <Table.Td>
                <Button size="compact-xs" variant="subtle" onClick={() => setShown(shown === layout.code ? null : layout.code)}>
                  {shown === layout.code ? 'Hide' : 'Show layout'}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {shown && (
        <Code block mt="xs" style={{ maxHeight: 260, overflow: 'auto', fontSize: 11 }}>
          {JSON.stringify(layouts.data?.find((layout) => layout.code === shown)?.spec ?? {}, null, 2)}
        </Code>
      )}
    </Card>
  );
}

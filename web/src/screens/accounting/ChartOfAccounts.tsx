/**
 * The chart of accounts: filter by fund, type, active and text; add, rename, activate or
 * deactivate (ledger.chart); export CSV (ledger.export); import a CSV with a dry run first.
 */
import { Alert, Anchor, Badge, Button, FileButton, Group, List, Modal, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, apiRequest, withQuery } from '../../api/client';
import { useFunds } from '../../api/ledger';
import { accountTypeLabels, type Account, type AccountType, type ChartImportReport } from '../../api/types';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageTitle } from '../../components/PageTitle';

const typeOptions = [
  { value: '', label: 'All types' },
  ...Object.entries(accountTypeLabels).map(([value, label]) => ({ value, label })),
];

export function ChartOfAccounts() {
  const { can } = useSession();
  const funds = useFunds();
  const [params, setParams] = useSearchParams();
  const fund = params.get('fund') ?? '';
  const type = params.get('type') ?? '';
  const active = params.get('active') ?? '';
  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  const [dialog, setDialog] = useState<{ kind: 'add' } | { kind: 'rename'; account: Account } | { kind: 'import' } | null>(null);
  const client = useQueryClient();

  const accounts = useQuery({
    queryKey: ['ledger', 'accounts', { fund, type, active, q }],
    queryFn: () => api.get<{ accounts: Account[] }>('/api/accounts', { fund, type, active, q }),
  });
  const toggle = useMutation({
    mutationFn: (account: Account) => api.patch<Account>(`/api/accounts/${account.code}`, { isActive: !account.isActive }),
    onSuccess: (account) => {
      void client.invalidateQueries({ queryKey: ['ledger'] });
      notifications.show({ color: 'green', message: `${account.code} is now ${account.isActive ? 'active' : 'inactive'}.` });
    },
  });

  function setFilter(key: string, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  }

  function search(event: FormEvent) {
    event.preventDefault();
    setFilter('q', text.trim());
  }

  const rows = accounts.data?.accounts ?? [];
  return (
    <Stack>
      <PageTitle title="Chart of accounts">
        {can('ledger.chart') && <Button onClick={() => setDialog({ kind: 'add' })}>Add account</Button>}
        {can('ledger.chart') && <Button variant="default" onClick={() => setDialog({ kind: 'import' })}>Import CSV</Button>}
        {can('ledger.export') && (
          <Button component="a" variant="default" href="/api/accounts/export.csv">
            Export CSV
          </Button>
        )}
      </PageTitle>
      <Group align="flex-end" gap="sm">
        <NativeSelect
          label="Fund"
          value={fund}
          onChange={(event) => setFilter('fund', event.currentTarget.value)}
          data={[{ value: '', label: 'All funds' }, ...(funds.data ?? []).map((item) => ({ value: item.code, label: `${item.code} ${item.name}` }))]}
          w={240}
        />
        <NativeSelect label="Type" value={type} onChange={(event) => setFilter('type', event.currentTarget.value)} data={typeOptions} w={150} />
        <NativeSelect
          label="Status"
          value={active}
          onChange={(event) => setFilter('active', event.currentTarget.value)}
          data={[{ value: '', label: 'Active and inactive' }, { value: 'true', label: 'Active' }, { value: 'false', label: 'Inactive' }]}
          w={180}
        />
        <form onSubmit={search} style={{ flex: 1 }} aria-label="Search accounts">
          <Group align="flex-end" gap="xs">
            <TextInput label="Code or name" value={text} onChange={(event) => setText(event.currentTarget.value)} style={{ flex: 1 }} />
            <Button type="submit" variant="default">Search</Button>
          </Group>
        </form>
      </Group>
      {accounts.isError && <ErrorAlert error={accounts.error} />}
      {toggle.isError && <ErrorAlert error={toggle.error} />}
      <Text size="sm" c="dimmed">{accounts.data ? `${rows.length} accounts` : 'Loading...'}</Text>
      {rows.length > 0 && (
        <Table striped highlightOnHover withTableBorder aria-label="Accounts" verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Account</Table.Th>
              <Table.Th>Name</Table.Th>
              <Table.Th>Type</Table.Th>
              <Table.Th w={110}>Status</Table.Th>
              {can('ledger.chart') && <Table.Th w={190}>Change</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((account) => (
              <Table.Tr key={account.code}>
                <Table.Td className="mono">
                  <Anchor component={Link} to={`/accounting/activity?account=${account.code}`} aria-label={`Activity of ${account.code} ${account.name}`}>
                    {account.code}
                  </Anchor>
                </Table.Td>
                <Table.Td>{account.name}</Table.Td>
                <Table.Td>{accountTypeLabels[account.accountType]}</Table.Td>
                <Table.Td>
                  <Badge size="sm" color={account.isActive ? 'green' : 'gray'} variant="light">{account.isActive ? 'active' : 'inactive'}</Badge>
                </Table.Td>
                {can('ledger.chart') && (
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Button size="compact-xs" variant="subtle" aria-label={`Rename ${account.code}`} onClick={() => setDialog({ kind: 'rename', account })}>
                        Rename
                      </Button>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        color={account.isActive ? 'red' : 'green'}
                        aria-label={`${account.isActive ? 'Deactivate' : 'Activate'} ${account.code}`}
                        onClick={() => toggle.mutate(account)}
                      >
                        {account.isActive ? 'Deactivate' : 'Activate'}
                      </Button>
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {dialog?.kind === 'add' && <AddAccountDialog onClose={() => setDialog(null)} />}
      {dialog?.kind === 'rename' && <RenameDialog account={dialog.account} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'import' && <ImportDialog onClose={() => setDialog(null)} />}
    </Stack>
  );
}

function AddAccountDialog({ onClose }: { onClose(): void }) {
  const client = useQueryClient();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [accountType, setAccountType] = useState('');
  const create = useMutation({
    mutationFn: () =>
      api.post<Account>('/api/accounts', { code: code.trim(), name: name.trim(), accountType: (accountType || null) as AccountType | null }),
    onSuccess: (account) => {
      void client.invalidateQueries({ queryKey: ['ledger'] });
      notifications.show({ color: 'green', message: `Account ${account.code} ${account.name} added.` });
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title="Add an account">
      <form onSubmit={(event) => { event.preventDefault(); create.mutate(); }}>
        <Stack gap="sm">
          {create.isError && <ErrorAlert error={create.error} />}
          <TextInput label="Account code" description="fund-department-object, e.g. 100-1510-41100" value={code} onChange={(event) => setCode(event.currentTarget.value)} required data-autofocus className="mono" />
          <TextInput label="Name" value={name} onChange={(event) => setName(event.currentTarget.value)} required />
          <NativeSelect
            label="Type"
            value={accountType}
            onChange={(event) => setAccountType(event.currentTarget.value)}
            data={[{ value: '', label: 'From the object code (1xxxx asset, 2xxxx liability, ...)' }, ...typeOptions.slice(1)]}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Back</Button>
            <Button type="submit" loading={create.isPending}>Add account</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function RenameDialog({ account, onClose }: { account: Account; onClose(): void }) {
  const client = useQueryClient();
  const [name, setName] = useState(account.name);
  const rename = useMutation({
    mutationFn: () => api.patch<Account>(`/api/accounts/${account.code}`, { name: name.trim() }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['ledger'] });
      notifications.show({ color: 'green', message: `${account.code} renamed.` });
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={`Rename ${account.code}`}>
      <form onSubmit={(event) => { event.preventDefault(); rename.mutate(); }}>
        <Stack gap="sm">
          {rename.isError && <ErrorAlert error={rename.error} />}
          <TextInput label="Name" value={name} onChange={(event) => setName(event.currentTarget.value)} required data-autofocus />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Back</Button>
            <Button type="submit" loading={rename.isPending}>Save</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function ImportDialog({ onClose }: { onClose(): void }) {
  const client = useQueryClient();
  const [file, setFile] = useState<{ name: string; content: string } | null>(null);
  const [report, setReport] = useState<ChartImportReport | null>(null);
  const run = useMutation({
    mutationFn: (dryRun: boolean) =>
      apiRequest<ChartImportReport>('POST', withQuery('/api/accounts/import', { dryRun }), {
        text: { contentType: 'text/csv', content: file?.content ?? '' },
      }),
    onSuccess: (result) => {
      setReport(result);
      if (!result.isDryRun) {
        void client.invalidateQueries({ queryKey: ['ledger'] });
        notifications.show({ color: 'green', message: `Chart imported: ${result.accountsCreated.length} accounts added, ${result.accountsUpdated.length} changed.` });
      }
    },
  });
  async function choose(chosen: File | null) {
    setReport(null);
    run.reset();
    setFile(chosen ? { name: chosen.name, content: await chosen.text() } : null);
  }
  return (
    <Modal opened onClose={onClose} title="Import a chart of accounts" size="lg">
      <Stack gap="sm">
        <Text size="sm">
          A CSV with the header <span className="mono">account,name,type,active</span> (and optionally fund_name, fund_type,
          department_name). Check it with a dry run first: nothing is written until you import, and the import is all or nothing.
        </Text>
        <Group>
          <FileButton onChange={(chosen) => void choose(chosen)} accept=".csv,text/csv">
            {(props) => <Button variant="default" {...props} data-autofocus>Choose CSV file</Button>}
          </FileButton>
          <Text size="sm">{file ? file.name : 'No file chosen'}</Text>
        </Group>
        {run.isError && <ErrorAlert error={run.error} title="The file has problems; nothing was imported" />}
        {report && <ImportReport report={report} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Close</Button>
          <Button variant="light" disabled={!file} loading={run.isPending && run.variables} onClick={() => run.mutate(true)}>Dry run</Button>
          <Button disabled={!file || !report?.isDryRun} loading={run.isPending && !run.variables} onClick={() => run.mutate(false)}>Import</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function ImportReport({ report }: { report: ChartImportReport }) {
  const listed = (label: string, items: string[]) =>
    items.length > 0 && (
      <List.Item>
        {label}: {items.length} <Text span size="xs" c="dimmed" className="mono">{items.slice(0, 12).join(', ')}{items.length > 12 ? ', ...' : ''}</Text>
      </List.Item>
    );
  return (
    <Alert color={report.isDryRun ? 'blue' : 'green'} title={report.isDryRun ? 'Dry run: this is what an import would do' : 'Imported'}>
      <List size="sm">
        <List.Item>Rows read: {report.rowCount}</List.Item>
        {listed('Funds to create', report.fundsCreated)}
        {listed('Departments to create', report.departmentsCreated)}
        {listed('Accounts to create', report.accountsCreated)}
        {listed('Accounts to change', report.accountsUpdated)}
        <List.Item>Accounts unchanged: {report.accountsUnchanged}</List.Item>
      </List>
    </Alert>
  );
}

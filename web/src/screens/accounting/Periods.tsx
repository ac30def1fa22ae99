/** Fiscal periods by fiscal year; close and open them (ledger.periods) with a reason. */
import { Badge, Button, Group, Modal, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { usePeriods } from '../../api/ledger';
import type { FiscalPeriod } from '../../api/types';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageTitle } from '../../components/PageTitle';
import { cityToday, fiscalYearOf, formatInstant, formatIsoDate } from '../../dates';

export function PeriodsScreen() {
  const { can } = useSession();
  const periods = usePeriods();
  const [params, setParams] = useSearchParams();
  const [changing, setChanging] = useState<{ period: FiscalPeriod; action: 'close' | 'open' } | null>(null);
  const years = [...new Set((periods.data ?? []).map((period) => period.fiscalYear))].sort((a, b) => b - a);
  const currentYear = fiscalYearOf(cityToday());
  const year = Number(params.get('fy') ?? (years.includes(currentYear) ? currentYear : (years[0] ?? currentYear)));
  const shown = (periods.data ?? []).filter((period) => period.fiscalYear === year).sort((a, b) => a.periodNumber - b.periodNumber);
  return (
    <Stack>
      <PageTitle title="Fiscal periods" />
      <Group align="flex-end">
        <NativeSelect
          label="Fiscal year"
          value={String(year)}
          onChange={(event) => setParams({ fy: event.currentTarget.value }, { replace: true })}
          data={years.map((item) => ({ value: String(item), label: `FY ${item - 1}-${String(item).slice(2)} (July ${item - 1} to June ${item})` }))}
          w={320}
        />
      </Group>
      {periods.isError && <ErrorAlert error={periods.error} />}
      {shown.length > 0 && (
        <Table striped withTableBorder aria-label="Periods">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Period</Table.Th>
              <Table.Th>Dates</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Last changed</Table.Th>
              {can('ledger.periods') && <Table.Th>Action</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((period) => (
              <Table.Tr key={period.key}>
                <Table.Td className="mono">{period.key}</Table.Td>
                <Table.Td>{formatIsoDate(period.startDate)} – {formatIsoDate(period.endDate)}</Table.Td>
                <Table.Td>
                  <Badge color={period.status === 'open' ? 'green' : 'gray'}>{period.status}</Badge>
                </Table.Td>
                <Table.Td>
                  {period.statusChangedBy ? `${period.statusChangedBy}, ${formatInstant(period.statusChangedAt)}` : ''}
                </Table.Td>
                {can('ledger.periods') && (
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="light"
                      color={period.status === 'open' ? 'red' : 'green'}
                      aria-label={`${period.status === 'open' ? 'Close' : 'Open'} period ${period.key}`}
                      onClick={() => setChanging({ period, action: period.status === 'open' ? 'close' : 'open' })}
                    >
                      {period.status === 'open' ? 'Close' : 'Reopen'}
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {changing && <PeriodDialog {...changing} onClose={() => setChanging(null)} />}
    </Stack>
  );
}

function PeriodDialog({ period, action, onClose }: { period: FiscalPeriod; action: 'close' | 'open'; onClose(): void }) {
  const client = useQueryClient();
  const [reason, setReason] = useState('');
  const change = useMutation({
    mutationFn: () => api.post<FiscalPeriod>(`/api/periods/${period.key}/${action}`, { reason: reason.trim() || null }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['ledger'] });
      notifications.show({ color: 'green', message: `Period ${period.key} ${action === 'close' ? 'closed' : 'opened'}.` });
      onClose();
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (reason.trim()) change.mutate();
  }
  return (
    <Modal opened onClose={onClose} title={`${action === 'close' ? 'Close' : 'Reopen'} period ${period.key}`}>
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Text size="sm">
            {action === 'close'
              ? 'A closed period refuses postings until it is reopened.'
              : 'Reopening lets entries post into this period again. Say why: the reason goes into the audit trail.'}
          </Text>
          {change.isError && <ErrorAlert error={change.error} />}
          <TextInput label="Reason" value={reason} onChange={(event) => setReason(event.currentTarget.value)} required data-autofocus />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Back</Button>
            <Button type="submit" color={action === 'close' ? 'red' : 'green'} disabled={!reason.trim()} loading={change.isPending}>
              {action === 'close' ? 'Close period' : 'Reopen period'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

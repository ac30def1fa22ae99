/**
 * The Collections desk's home: today's work. What the daily job did (and a button to run it),
 * open cases by step, the notices written today, shutoff orders waiting for release, shutoffs the
 * SB 998 rules refused today, arrangements in default, holds ending this week, disconnected
 * accounts that have paid (reconnect them) and protections about to expire. Every row opens the
 * account's collection page.
 */
import { Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { noticeTypeLabels, runDailyJob, useTodaysWork, type AccountLine, type WorkList } from '../../api/collections';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageTitle } from '../../components/PageTitle';
import { formatInstant, formatIsoDate } from '../../dates';

export function CollectionsToday() {
  const today = useTodaysWork();
  const { can } = useSession();
  const queryClient = useQueryClient();
  const [running, setRunning] = useState(false);
  const [runError, setRunError] = useState<unknown>(null);
  async function run() {
    setRunning(true);
    setRunError(null);
    try {
      await runDailyJob();
      await queryClient.invalidateQueries({ queryKey: ['collections'] });
    } catch (error) {
      setRunError(error);
    } finally {
      setRunning(false);
    }
  }
  const work = today.data;
  return (
    <Stack>
      <PageTitle title="Collections — today" />
      {today.isError && <ErrorAlert error={today.error} title="Today's work did not load" />}
      {runError !== null && <ErrorAlert error={runError} title="The daily job did not run" />}
      {work && (
        <>
          <Card withBorder padding="sm" data-testid="daily-run">
            <Group justify="space-between">
              <Stack gap={2}>
                <Text fw={600}>Daily collection job · {formatIsoDate(work.asOf)}</Text>
                {work.run ? (
                  <Text size="sm" c="dimmed">
                    {work.run.status === 'done' ? `Ran ${formatInstant(work.run.finishedAt)}` : `Running since ${formatInstant(work.run.startedAt)}`}
                    {' · '}{figureLine(work.run.figures)}
                  </Text>
                ) : <Text size="sm" c="dimmed">Not run yet today. It runs by itself each morning; running it again the same day adds nothing.</Text>}
              </Stack>
              {can('collections.work') && <Button onClick={run} loading={running} variant={work.run ? 'default' : 'filled'}>Run today's job</Button>}
            </Group>
          </Card>
          <SimpleGrid cols={2}>
            <Card withBorder padding="sm">
              <Text fw={600} mb="xs">Open cases by step</Text>
              <Table className="report" aria-label="Open cases by step">
                <Table.Tbody>
                  {work.openCases.map((row) => <Table.Tr key={row.stepName}><Table.Td>{row.stepName}</Table.Td><Table.Td className="amount">{row.count}</Table.Td></Table.Tr>)}
                  {work.openCases.length === 0 && <Table.Tr><Table.Td><Text size="sm" c="dimmed">No open cases</Text></Table.Td></Table.Tr>}
                </Table.Tbody>
              </Table>
            </Card>
            <Card withBorder padding="sm">
              <Text fw={600} mb="xs">Notices written today</Text>
              <Table className="report" aria-label="Notices written today">
                <Table.Tbody>
                  {work.noticesToday.map((row) => (
                    <Table.Tr key={`${row.noticeType}-${row.delivery}`}>
                      <Table.Td>{noticeTypeLabels[row.noticeType] ?? row.noticeType}</Table.Td>
                      <Table.Td><Badge variant="light" size="sm">{row.delivery === 'posted' ? 'to post at the door' : row.delivery}</Badge></Table.Td>
                      <Table.Td className="amount">{row.count}</Table.Td>
                    </Table.Tr>
                  ))}
                  {work.noticesToday.length === 0 && <Table.Tr><Table.Td><Text size="sm" c="dimmed">None today</Text></Table.Td></Table.Tr>}
                </Table.Tbody>
              </Table>
            </Card>
          </SimpleGrid>
          <WorkCard title="Shutoff orders waiting for release" list={work.shutoffsPending} testId="shutoffs-pending"
            columns={['Eligible since', '']} cells={(row) => [formatIsoDate(row.eligibleOn),
              <Anchor key="release" component={Link} to={`/collections/eligibility/${row.accountNumber}`} size="sm">Rules and release</Anchor>]} />
          <WorkCard title="Shutoffs the rules refused today" list={work.shutoffsBlockedToday} testId="shutoffs-blocked"
            columns={['Why']} cells={(row) => [<Text size="sm" key="why">{row.summary}</Text>]} />
          <WorkCard title="Arrangements in default" list={work.arrangementsInDefault} testId="arrangements-default"
            columns={['Arrangement', 'Behind since', 'Status']} cells={(row) => [<span className="mono" key="n">{row.arrangementNumber}</span>, formatIsoDate(row.defaultSince), row.status]} />
          <WorkCard title="Disconnected and paid: reconnect" list={work.reconnectDue} testId="reconnect-due"
            columns={['Disconnected']} cells={(row) => [formatIsoDate(row.disconnectedOn)]} />
          <WorkCard title="Holds ending this week" list={work.holdsEnding} testId="holds-ending"
            columns={['Reason', 'Ends']} cells={(row) => [row.reason, formatIsoDate(row.endsOn)]} />
          <WorkCard title="Protections expiring in two weeks" list={work.protectionsExpiring} testId="protections-expiring"
            columns={['Protection', 'Valid until']} cells={(row) => [row.protectionType.replaceAll('_', ' '), formatIsoDate(row.validUntil)]} />
        </>
      )}
    </Stack>
  );
}

function figureLine(figures: Record<string, unknown>): string {
  const chain = (figures.chain ?? figures) as Record<string, unknown>;
  const parts: string[] = [];
  const add = (key: string, label: string) => { if (typeof chain[key] === 'number') parts.push(`${chain[key] as number} ${label}`); };
  add('casesOpened', 'opened');
  add('casesCured', 'cured');
  add('noticesWritten', 'notices');
  add('shutoffOrdersPending', 'shutoff orders');
  add('shutoffsBlocked', 'refused by the rules');
  const penalties = figures.penalties as Record<string, unknown> | undefined;
  if (penalties && typeof penalties.penaltiesPosted === 'number') parts.push(`${penalties.penaltiesPosted} penalties`);
  if (typeof figures.seconds === 'number') parts.push(`${figures.seconds} s`);
  return parts.join(' · ');
}

function WorkCard<T extends AccountLine>({ title, list, columns, cells, testId }: {
  title: string; list: WorkList<T>; columns: string[]; cells: (row: T) => ReactNode[]; testId: string;
}) {
  if (list.count === 0) return null;
  return (
    <Card withBorder padding="sm" data-testid={testId}>
      <Group justify="space-between" mb="xs">
        <Text fw={600}>{title}</Text>
        <Badge variant="light">{list.count}{list.count > list.rows.length ? ` (first ${list.rows.length})` : ''}</Badge>
      </Group>
      <Table className="report" highlightOnHover aria-label={title}>
        <Table.Thead>
          <Table.Tr><Table.Th>Account</Table.Th><Table.Th>Customer</Table.Th><Table.Th>Service address</Table.Th>{columns.map((column) => <Table.Th key={column}>{column}</Table.Th>)}</Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.rows.map((row, index) => (
            <Table.Tr key={`${row.accountId}-${index}`}>
              <Table.Td><Anchor component={Link} to={`/collections/accounts/${row.accountNumber}`} className="mono" size="sm">{row.accountNumber}</Anchor></Table.Td>
              <Table.Td>{row.customerName}</Table.Td>
              <Table.Td>{row.serviceAddress}</Table.Td>
              {cells(row).map((cell, cellIndex) => <Table.Td key={columns[cellIndex]}>{cell}</Table.Td>)}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

/**
 * The notices of a day, by type: who they go to, how (mail, posted, phone, email), the amount and
 * the shutoff date; each opens as the PDF that prints, and each type's mailed and posted notices
 * print all at once (one file, a letter per page; SB 998 notices with their occupant copies).
 * The day and filters live in the address (?date=&type=&account=), so a link opens the same list.
 */
import { Anchor, Badge, Button, Card, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useSearchParams } from 'react-router';
import {
  languageLabels,
  noticePdfUrl,
  noticeTypeLabels,
  noticeTypes,
  printFileUrl,
  useNotices,
  type Notice,
  type NoticeType,
} from '../../api/collectionsLetters';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Money } from '../../components/Money';
import { PageTitle } from '../../components/PageTitle';
import { cityToday, formatIsoDate } from '../../dates';

const printed = new Set<Notice['delivery']>(['mail', 'posted']);

export function NoticesScreen() {
  const [params, setParams] = useSearchParams();
  const date = params.get('date') ?? cityToday();
  const type = (params.get('type') ?? '') as NoticeType | '';
  const account = params.get('account') ?? '';
  const notices = useNotices({ date, type, account });
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const byType = new Map<NoticeType, Notice[]>();
  for (const notice of notices.data?.notices ?? []) byType.set(notice.noticeType, [...(byType.get(notice.noticeType) ?? []), notice]);
  const groups = noticeTypes.filter((noticeType) => byType.has(noticeType));
  return (
    <Stack>
      <PageTitle title="Notices" />
      <Group align="end">
        <TextInput type="date" label="Notice date" value={date} onChange={(event) => set('date', event.currentTarget.value)} w={180} />
        <NativeSelect label="Type" value={type} onChange={(event) => set('type', event.currentTarget.value)}
          data={[{ value: '', label: 'Every type' }, ...noticeTypes.map((value) => ({ value, label: noticeTypeLabels[value] }))]} w={220} />
        <TextInput label="Account" placeholder="UB-100001" value={account} onChange={(event) => set('account', event.currentTarget.value)} w={180} />
      </Group>
      {notices.isError && <ErrorAlert error={notices.error} title="The notices did not load" />}
      {notices.isSuccess && groups.length === 0 && <Text c="dimmed">No notices on {formatIsoDate(date)}.</Text>}
      {groups.map((noticeType) => (
        <NoticeGroup key={noticeType} noticeType={noticeType} date={date} notices={byType.get(noticeType) ?? []} />
      ))}
    </Stack>
  );
}

function NoticeGroup({ noticeType, date, notices }: { noticeType: NoticeType; date: string; notices: Notice[] }) {
  const toPrint = notices.filter((notice) => printed.has(notice.delivery)).length;
  return (
    <Card withBorder component="section" aria-label={noticeTypeLabels[noticeType]} data-testid={`notices-${noticeType}`}>
      <Group justify="space-between" mb="xs">
        <Group gap="xs">
          <Title order={3} size="h5">{noticeTypeLabels[noticeType]}</Title>
          <Badge variant="light" color="gray">{notices.length}</Badge>
        </Group>
        {toPrint > 0 && (
          <Button component="a" href={printFileUrl(date, noticeType)} target="_blank" rel="noopener" size="xs" variant="light">
            Print all {toPrint}
          </Button>
        )}
      </Group>
      <Table highlightOnHover fz="sm" aria-label={`${noticeTypeLabels[noticeType]} notices`}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Notice</Table.Th>
            <Table.Th>Account</Table.Th>
            <Table.Th>Customer</Table.Th>
            <Table.Th>Service address</Table.Th>
            <Table.Th>Delivery</Table.Th>
            <Table.Th>Language</Table.Th>
            <Table.Th style={{ textAlign: 'right' }}>Amount due</Table.Th>
            <Table.Th>Shutoff on/after</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {notices.map((notice) => (
            <Table.Tr key={notice.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{notice.noticeNumber}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{notice.accountNumber}</Table.Td>
              <Table.Td>{notice.customerName}</Table.Td>
              <Table.Td>{notice.serviceAddress}</Table.Td>
              <Table.Td>{notice.delivery}</Table.Td>
              <Table.Td>{languageLabels[notice.language.split('-')[0] ?? ''] ?? notice.language}</Table.Td>
              <Table.Td style={{ textAlign: 'right' }}><Money cents={notice.amountDueCents} /></Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{notice.disconnectOnOrAfter ? formatIsoDate(notice.disconnectOnOrAfter) : ''}</Table.Td>
              <Table.Td>
                <Anchor href={noticePdfUrl(notice.noticeNumber)} target="_blank" rel="noopener" size="sm" aria-label={`Open ${notice.noticeNumber} as PDF`}>
                  PDF
                </Anchor>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

/** Home, desk landing pages, desks that arrive later, and the "not allowed" / "not found" pages. */
import { Alert, Anchor, Badge, Card, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../api/client';
import type { ApprovalRequest } from '../api/types';
import { canOpen, findDesk, visibleDesks, type Desk } from '../app/desks';
import { useSession } from '../app/session';
import { PageTitle } from '../components/PageTitle';

export function Home() {
  const { session, can } = useSession();
  const toDecide = useQuery({
    queryKey: ['approvals', 'to_decide', 'pending'],
    queryFn: () => api.get<{ requests: ApprovalRequest[] }>('/api/approvals', { view: 'to_decide', status: 'pending' }),
  });
  const waiting = toDecide.data?.requests.length ?? 0;
  return (
    <Stack>
      <PageTitle title={`Good day, ${session.user.displayName}`} />
      {waiting > 0 && (
        <Alert color="blue" title="Waiting for your decision">
          <Anchor component={Link} to="/approvals">
            {waiting === 1 ? '1 request waits' : `${waiting} requests wait`} for you in My approvals
          </Anchor>
        </Alert>
      )}
      <Text c="dimmed">
        Press <strong>Ctrl+K</strong> or <strong>/</strong> to search for a customer, a screen, an account or an entry.
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        {visibleDesks(can).map((desk) => (
          <DeskCard key={desk.key} desk={desk} />
        ))}
      </SimpleGrid>
    </Stack>
  );
}

function DeskCard({ desk }: { desk: Desk }) {
  const { can } = useSession();
  const screens = desk.screens.filter((screen) => canOpen(screen, can));
  return (
    <Card withBorder padding="md">
      <Anchor component={Link} to={desk.path} fw={600}>
        {desk.label}
      </Anchor>
      {desk.comingSoon ? (
        <Text size="sm" c="dimmed" mt={4} component="div">
          {desk.comingSoon.summary} <Badge size="xs" variant="light" color="gray">later release</Badge>
        </Text>
      ) : (
        <List size="sm" mt={4}>
          {screens.map((screen) => (
            <List.Item key={screen.path}>
              <Anchor component={Link} to={screen.path} size="sm">
                {screen.label}
              </Anchor>
            </List.Item>
          ))}
        </List>
      )}
    </Card>
  );
}

export function DeskHome({ deskKey }: { deskKey: string }) {
  const desk = findDesk(deskKey);
  const { can } = useSession();
  const screens = desk.screens.filter((screen) => canOpen(screen, can));
  if (screens.length === 0) return <NotAllowed permissions={desk.screens.flatMap((screen) => screen.permissions)} />;
  return (
    <Stack>
      <PageTitle title={desk.label} />
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        {screens.map((screen) => (
          <Card key={screen.path} withBorder padding="md">
            <Anchor component={Link} to={screen.path} fw={600}>
              {screen.label}
            </Anchor>
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}

export function ComingSoon({ desk }: { desk: Desk }) {
  return (
    <Stack maw={720}>
      <PageTitle title={desk.label} />
      <Alert color="gray" title="This desk arrives with a later release">
        {desk.comingSoon?.summary}
      </Alert>
      <Title order={3} size="h5">
        What will be here
      </Title>
      <List>
        {desk.comingSoon?.items.map((item) => (
          <List.Item key={item}>{item}</List.Item>
        ))}
      </List>
    </Stack>
  );
}

export function NotAllowed({ permissions }: { permissions: readonly string[] }) {
  const unique = [...new Set(permissions)];
  return (
    <Stack maw={640}>
      <PageTitle title="Not allowed" />
      <Alert color="orange" title="You are not allowed to open this screen" role="alert">
        It needs {unique.length === 1 ? 'the permission' : 'one of the permissions'}{' '}
        <strong>{unique.join(', ')}</strong>, which your role does not have. If your work needs it,
        ask an administrator.
      </Alert>
      <Anchor component={Link} to="/">
        Back to the start page
      </Anchor>
    </Stack>
  );
}

export function NotFound() {
  return (
    <Stack maw={640}>
      <PageTitle title="Nothing here" />
      <Text>There is no screen at this address.</Text>
      <Anchor component={Link} to="/">
        Back to the start page
      </Anchor>
    </Stack>
  );
}

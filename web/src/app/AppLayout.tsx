/**
 * The frame every screen lives in: a header (city, search, who is signed in, sign out), the left
 * navigation of desks (only what the user may open), and the screen. Print hides the frame.
 * On a phone (field workers) the navigation folds behind a menu button and the header keeps
 * only what fits.
 */
import { ActionIcon, AppShell, Box, Burger, Button, Group, Kbd, NavLink, ScrollArea, Text, Title, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconBuildingBank,
  IconCalculator,
  IconCash,
  IconChecklist,
  IconDroplet,
  IconFileCertificate,
  IconHome,
  IconParking,
  IconReportAnalytics,
  IconSearch,
  IconSettings,
  IconUsers,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { ChangePasswordButton } from './ChangePassword';
import { CITY_NAME } from './city';
import { canOpen, visibleDesks } from './desks';
import { openSearch, SearchSpotlight } from './Search';
import { useSession } from './session';

const deskIcons: Record<string, ReactNode> = {
  counter: <IconCash size={18} stroke={1.6} aria-hidden />,
  customers: <IconUsers size={18} stroke={1.6} aria-hidden />,
  utility: <IconDroplet size={18} stroke={1.6} aria-hidden />,
  collections: <IconBuildingBank size={18} stroke={1.6} aria-hidden />,
  licensing: <IconFileCertificate size={18} stroke={1.6} aria-hidden />,
  citations: <IconParking size={18} stroke={1.6} aria-hidden />,
  accounting: <IconCalculator size={18} stroke={1.6} aria-hidden />,
  reports: <IconReportAnalytics size={18} stroke={1.6} aria-hidden />,
  admin: <IconSettings size={18} stroke={1.6} aria-hidden />,
};

export function AppLayout({ children }: { children: ReactNode }) {
  const { session, can, signOut } = useSession();
  const location = useLocation();
  const path = location.pathname;
  const user = session.user;
  const [isNavOpen, nav] = useDisclosure(false);

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 250, breakpoint: 'sm', collapsed: { mobile: !isNavOpen } }} padding={{ base: 'xs', sm: 'md' }}>
      <AppShell.Header className="no-print">
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={isNavOpen} onClick={nav.toggle} hiddenFrom="sm" size="sm" aria-label="Menu" />
            <Title order={1} size="h4" style={{ whiteSpace: 'nowrap' }}>
              <UnstyledButton component={Link} to="/" aria-label="Civic Ledger home">
                Civic Ledger
              </UnstyledButton>
            </Title>
            <Text c="dimmed" size="sm" style={{ whiteSpace: 'nowrap' }} visibleFrom="md">
              {CITY_NAME}
            </Text>
          </Group>
          <ActionIcon variant="default" size="lg" onClick={openSearch} hiddenFrom="sm" aria-label="Search">
            <IconSearch size={16} aria-hidden />
          </ActionIcon>
          <Button
            visibleFrom="sm"
            variant="default"
            onClick={openSearch}
            leftSection={<IconSearch size={16} aria-hidden />}
            rightSection={<Kbd size="xs">Ctrl K</Kbd>}
            aria-label="Search (Ctrl+K or /)"
            styles={{ root: { minWidth: 260 }, inner: { justifyContent: 'space-between' } }}
          >
            <Text size="sm" c="dimmed">
              Search
            </Text>
          </Button>
          <Group gap="xs" wrap="nowrap">
            <Box style={{ textAlign: 'right' }} aria-label="Signed in as" visibleFrom="sm">
              <Text size="sm" fw={600} lh={1.2} data-testid="signed-in-user">
                {user.displayName}
              </Text>
              <Text size="xs" c="dimmed" lh={1.2}>
                {user.username} · {user.roles.map(roleLabel).join(', ') || 'no role'}
              </Text>
            </Box>
            <Box visibleFrom="sm">
              <ChangePasswordButton />
            </Box>
            <Button variant="light" size="xs" onClick={() => void signOut()}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar className="no-print" aria-label="Desks">
        <ScrollArea p="xs">
          <nav aria-label="Main" onClick={nav.close}>
            <NavLink
              component={Link}
              to="/"
              label="Home"
              leftSection={<IconHome size={18} stroke={1.6} aria-hidden />}
              active={path === '/'}
            />
            <NavLink
              component={Link}
              to="/approvals"
              label="My approvals"
              leftSection={<IconChecklist size={18} stroke={1.6} aria-hidden />}
              active={path.startsWith('/approvals')}
            />
            {visibleDesks(can).map((desk) => {
              const isInDesk = path === desk.path || path.startsWith(`${desk.path}/`);
              const screens = desk.screens.filter((screen) => canOpen(screen, can));
              return (
                <div key={desk.key}>
                  <NavLink
                    component={Link}
                    to={desk.path}
                    label={desk.label}
                    leftSection={deskIcons[desk.key]}
                    active={path === desk.path}
                  />
                  {isInDesk &&
                    screens.map((screen) => (
                      <NavLink
                        key={screen.path}
                        component={Link}
                        to={screen.path}
                        label={screen.label}
                        pl={40}
                        active={path === screen.path}
                        variant="subtle"
                      />
                    ))}
                </div>
              );
            })}
          </nav>
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        <SearchSpotlight />
        {children}
      </AppShell.Main>
    </AppShell>
  );
}

const roleLabels: Record<string, string> = {
  cashier: 'Cashier',
  senior_cashier: 'Senior cashier',
  billing_clerk: 'Billing clerk',
  licensing_clerk: 'Licensing clerk',
  accountant: 'Accountant',
  finance_manager: 'Finance manager',
  auditor: 'Auditor',
  field_worker: 'Field worker',
  administrator: 'Administrator',
};

export function roleLabel(code: string): string {
  return roleLabels[code] ?? code;
}

/** Admin → Roles: each role's permissions as checkboxes against the permission catalog. */
import { Badge, Button, Checkbox, Group, Stack, Tabs, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { PermissionInfo, Role } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageTitle } from '../../components/PageTitle';

export function RolesScreen() {
  const roles = useQuery({
    queryKey: ['admin', 'roles'],
    queryFn: () => api.get<{ roles: Role[] }>('/api/roles'),
    select: (data) => data.roles,
  });
  const permissions = useQuery({
    queryKey: ['admin', 'permissions'],
    queryFn: () => api.get<{ permissions: PermissionInfo[] }>('/api/permissions'),
    select: (data) => data.permissions,
    staleTime: Infinity,
  });
  const [selected, setSelected] = useState<string | null>(null);
  const current = selected ?? roles.data?.[0]?.code ?? null;
  return (
    <Stack>
      <PageTitle title="Roles" />
      <Text size="sm" c="dimmed">
        A role is a set of permissions. Users get permissions only through their roles. Changes apply
        at each user&apos;s next request.
      </Text>
      {roles.isError && <ErrorAlert error={roles.error} />}
      {permissions.isError && <ErrorAlert error={permissions.error} />}
      {roles.data && permissions.data && (
        <Tabs orientation="vertical" value={current} onChange={setSelected} variant="pills">
          <Tabs.List aria-label="Roles" style={{ minWidth: 230 }}>
            {roles.data.map((role) => (
              <Tabs.Tab key={role.code} value={role.code}>
                {role.name}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          {roles.data.map((role) => (
            <Tabs.Panel key={role.code} value={role.code} pl="lg">
              <RoleEditor role={role} permissions={permissions.data} />
            </Tabs.Panel>
          ))}
        </Tabs>
      )}
    </Stack>
  );
}

function RoleEditor({ role, permissions }: { role: Role; permissions: PermissionInfo[] }) {
  const client = useQueryClient();
  const [chosen, setChosen] = useState<string[]>(role.permissions);
  useEffect(() => setChosen(role.permissions), [role.permissions]);
  const save = useMutation({
    mutationFn: () => api.put<Role>(`/api/roles/${role.code}/permissions`, { permissions: chosen }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['admin', 'roles'] });
      notifications.show({ color: 'green', message: `Permissions of ${role.name} saved.` });
    },
  });
  const isChanged = [...chosen].sort().join() !== [...role.permissions].sort().join();
  return (
    <Stack gap="sm">
      <Group gap="xs">
        <Text fw={700}>{role.name}</Text>
        <Text size="sm" c="dimmed" className="mono">{role.code}</Text>
        {role.isBuiltin && <Badge variant="light" size="sm">built-in</Badge>}
        {role.requiresTotp && <Badge variant="outline" size="sm">needs a second factor</Badge>}
      </Group>
      <Text size="sm">{role.description}</Text>
      {save.isError && <ErrorAlert error={save.error} />}
      <Checkbox.Group value={chosen} onChange={setChosen} label="Permissions">
        <Stack gap={6} mt={6}>
          {permissions.map((permission) => (
            <Checkbox key={permission.code} value={permission.code} label={permission.code} description={permission.description} />
          ))}
        </Stack>
      </Checkbox.Group>
      <Group>
        <Button onClick={() => save.mutate()} disabled={!isChanged} loading={save.isPending}>
          Save {role.name}
        </Button>
        {isChanged && (
          <Button variant="subtle" onClick={() => setChosen(role.permissions)}>
            Undo changes
          </Button>
        )}
      </Group>
    </Stack>
  );
}

/**
 * Admin → Users: list, create, edit (display name, email, roles), disable/enable, reset the
 * password, reset the second factor. Every change is audited by the server.
 */
import { Badge, Button, Checkbox, Group, Modal, PasswordInput, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api } from '../../api/client';
import type { Role, User } from '../../api/types';
import { roleLabel } from '../../app/AppLayout';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageTitle } from '../../components/PageTitle';
import { formatInstant } from '../../dates';

type Dialog =
  | { kind: 'create' }
  | { kind: 'edit'; user: User }
  | { kind: 'password'; user: User }
  | { kind: 'totp'; user: User }
  | { kind: 'disable'; user: User };

function useRoles() {
  return useQuery({
    queryKey: ['admin', 'roles'],
    queryFn: () => api.get<{ roles: Role[] }>('/api/roles'),
    select: (data) => data.roles,
  });
}

export function UsersScreen() {
  const { session } = useSession();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const users = useQuery({
    queryKey: ['admin', 'users'],
    queryFn: () => api.get<{ users: User[] }>('/api/users'),
    select: (data) => data.users,
  });
  // /admin/users/:id (where the search box leads) opens that user for editing.
  const { id } = useParams();
  const navigate = useNavigate();
  const linked = users.data?.find((user) => String(user.id) === id);
  useEffect(() => {
    if (linked) setDialog({ kind: 'edit', user: linked });
  }, [linked]);
  const closeDialog = () => {
    setDialog(null);
    if (id) navigate('/admin/users', { replace: true });
  };
  return (
    <Stack>
      <PageTitle title="Users">
        <Button onClick={() => setDialog({ kind: 'create' })}>New user</Button>
      </PageTitle>
      {users.isError && <ErrorAlert error={users.error} />}
      {users.data && (
        <Table striped withTableBorder aria-label="Users" verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>User</Table.Th>
              <Table.Th>Roles</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Password changed</Table.Th>
              <Table.Th>Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {users.data.map((user) => (
              <Table.Tr key={user.id}>
                <Table.Td>
                  <Text fw={600} size="sm">{user.displayName}</Text>
                  <Text size="xs" c="dimmed">{user.username}{user.email ? ` · ${user.email}` : ''}</Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {user.roles.map((role) => <Badge key={role} variant="light" size="sm">{roleLabel(role)}</Badge>)}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {user.isDisabled ? <Badge color="red">disabled</Badge> : <Badge color="green" variant="light">active</Badge>}
                    {user.isTotpEnabled && <Badge color="blue" variant="outline" size="sm">2FA</Badge>}
                  </Group>
                </Table.Td>
                <Table.Td><Text size="sm">{formatInstant(user.passwordChangedAt)}</Text></Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Button size="compact-xs" variant="subtle" aria-label={`Edit ${user.username}`} onClick={() => setDialog({ kind: 'edit', user })}>Edit</Button>
                    <Button size="compact-xs" variant="subtle" aria-label={`Reset password of ${user.username}`} onClick={() => setDialog({ kind: 'password', user })}>Reset password</Button>
                    <Button size="compact-xs" variant="subtle" aria-label={`Reset second factor of ${user.username}`} disabled={!user.isTotpEnabled} onClick={() => setDialog({ kind: 'totp', user })}>Reset 2FA</Button>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color={user.isDisabled ? 'green' : 'red'}
                      aria-label={`${user.isDisabled ? 'Enable' : 'Disable'} ${user.username}`}
                      disabled={user.id === session.user.id}
                      onClick={() => setDialog({ kind: 'disable', user })}
                    >
                      {user.isDisabled ? 'Enable' : 'Disable'}
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {dialog?.kind === 'create' && <UserDialog onClose={closeDialog} />}
      {dialog?.kind === 'edit' && <UserDialog user={dialog.user} onClose={closeDialog} />}
      {dialog?.kind === 'password' && <ResetPasswordDialog user={dialog.user} onClose={closeDialog} />}
      {dialog?.kind === 'totp' && (
        <ConfirmDialog
          title={`Reset the second factor of ${dialog.user.username}?`}
          text="They will set up a new authenticator app at their next sign-in (if their role requires one)."
          action="Reset second factor"
          run={() => api.post(`/api/users/${dialog.user.id}/reset-totp`)}
          done={`Second factor of ${dialog.user.username} reset.`}
          onClose={closeDialog}
        />
      )}
      {dialog?.kind === 'disable' && (
        <ConfirmDialog
          title={`${dialog.user.isDisabled ? 'Enable' : 'Disable'} ${dialog.user.username}?`}
          text={dialog.user.isDisabled ? 'They can sign in again.' : 'They are signed out at once and cannot sign in until enabled again.'}
          action={dialog.user.isDisabled ? 'Enable' : 'Disable'}
          run={() => api.patch(`/api/users/${dialog.user.id}`, { isDisabled: !dialog.user.isDisabled })}
          done={`${dialog.user.username} ${dialog.user.isDisabled ? 'enabled' : 'disabled'}.`}
          onClose={closeDialog}
        />
      )}
    </Stack>
  );
}

function UserDialog({ user, onClose }: { user?: User; onClose(): void }) {
  const client = useQueryClient();
  const roles = useRoles();
  const [username, setUsername] = useState(user?.username ?? '');
  const [displayName, setDisplayName] = useState(user?.displayName ?? '');
  const [email, setEmail] = useState(user?.email ?? '');
  const [password, setPassword] = useState('');
  const [chosenRoles, setChosenRoles] = useState<string[]>(user?.roles ?? []);
  const save = useMutation({
    mutationFn: () =>
      user
        ? api.patch<User>(`/api/users/${user.id}`, { displayName: displayName.trim(), email: email.trim() || null, roles: chosenRoles })
        : api.post<User>('/api/users', { username: username.trim(), displayName: displayName.trim(), email: email.trim() || null, password, roles: chosenRoles }),
    onSuccess: (saved) => {
      void client.invalidateQueries({ queryKey: ['admin'] });
      notifications.show({ color: 'green', message: user ? `${saved.username} saved.` : `User ${saved.username} created.` });
      onClose();
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  const roleOptions = roles.data ?? [];
  return (
    <Modal opened onClose={onClose} title={user ? `Edit ${user.username}` : 'New user'} size="lg">
      <form onSubmit={submit}>
        <Stack gap="sm">
          {save.isError && <ErrorAlert error={save.error} />}
          {!user && (
            <TextInput label="User name" description="lower case: letters, digits, dot, dash" value={username} onChange={(event) => setUsername(event.currentTarget.value)} required data-autofocus autoComplete="off" />
          )}
          <TextInput label="Display name" value={displayName} onChange={(event) => setDisplayName(event.currentTarget.value)} required data-autofocus={user ? true : undefined} />
          <TextInput label="Email (optional)" type="email" value={email} onChange={(event) => setEmail(event.currentTarget.value)} />
          {!user && (
            <PasswordInput
              label="Initial password"
              description="At least 12 characters; not a common password."
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
              required
              autoComplete="new-password"
            />
          )}
          <Checkbox.Group label="Roles" value={chosenRoles} onChange={setChosenRoles}>
            <Stack gap={6} mt={6}>
              {roles.isError && <ErrorAlert error={roles.error} title="Roles did not load" />}
              {roleOptions.map((role) => (
                <Checkbox
                  key={role.code}
                  value={role.code}
                  label={`${role.name}${role.requiresTotp ? ' (needs a second factor)' : ''}`}
                  description={role.description}
                />
              ))}
            </Stack>
          </Checkbox.Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Back</Button>
            <Button type="submit" loading={save.isPending}>{user ? 'Save' : 'Create user'}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function ResetPasswordDialog({ user, onClose }: { user: User; onClose(): void }) {
  const client = useQueryClient();
  const [newPassword, setNewPassword] = useState('');
  const reset = useMutation({
    mutationFn: () => api.post(`/api/users/${user.id}/reset-password`, { newPassword }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['admin'] });
      notifications.show({ color: 'green', message: `Password of ${user.username} reset. Give it to them in person.` });
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={`Reset the password of ${user.username}`}>
      <form onSubmit={(event) => { event.preventDefault(); reset.mutate(); }}>
        <Stack gap="sm">
          {reset.isError && <ErrorAlert error={reset.error} />}
          <PasswordInput label="New password" description="At least 12 characters; not a common password." value={newPassword} onChange={(event) => setNewPassword(event.currentTarget.value)} required data-autofocus autoComplete="new-password" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Back</Button>
            <Button type="submit" loading={reset.isPending}>Reset password</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function ConfirmDialog({
  title,
  text,
  action,
  run,
  done,
  onClose,
}: {
  title: string;
  text: string;
  action: string;
  run(): Promise<unknown>;
  done: string;
  onClose(): void;
}) {
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: run,
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['admin'] });
      notifications.show({ color: 'green', message: done });
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={title}>
      <Stack gap="sm">
        <Text size="sm">{text}</Text>
        {mutation.isError && <ErrorAlert error={mutation.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Back</Button>
          <Button color="red" onClick={() => mutation.mutate()} loading={mutation.isPending} data-autofocus>
            {action}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Changing one's own password (POST /api/me/password). */
import { Button, Modal, PasswordInput, Stack } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';

export function ChangePasswordButton() {
  const [opened, { open, close }] = useDisclosure(false);
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const change = useMutation({
    mutationFn: () => api.post<void>('/api/me/password', { currentPassword, newPassword }),
    onSuccess: () => {
      notifications.show({ color: 'green', message: 'Your password is changed.' });
      finish();
    },
  });

  function finish() {
    setCurrentPassword('');
    setNewPassword('');
    setRepeated('');
    change.reset();
    close();
  }

  const mismatch = repeated !== '' && repeated !== newPassword;
  function submit(event: FormEvent) {
    event.preventDefault();
    if (mismatch || newPassword === '') return;
    change.mutate();
  }

  return (
    <>
      <Button variant="subtle" size="xs" onClick={open}>
        Change password
      </Button>
      <Modal opened={opened} onClose={finish} title="Change your password">
        <form onSubmit={submit}>
          <Stack gap="sm">
            {change.isError && <ErrorAlert error={change.error} />}
            <PasswordInput
              label="Current password"
              autoComplete="current-password"
              value={currentPassword}
              onChange={(event) => setCurrentPassword(event.currentTarget.value)}
              data-autofocus
              required
            />
            <PasswordInput
              label="New password"
              description="At least 12 characters; a phrase of several words is easiest to remember."
              autoComplete="new-password"
              value={newPassword}
              onChange={(event) => setNewPassword(event.currentTarget.value)}
              required
            />
            <PasswordInput
              label="New password again"
              autoComplete="new-password"
              value={repeated}
              onChange={(event) => setRepeated(event.currentTarget.value)}
              error={mismatch ? 'The two new passwords differ' : undefined}
              required
            />
            <Button type="submit" loading={change.isPending}>
              Change password
            </Button>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

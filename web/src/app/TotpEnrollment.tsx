/**
 * Second-factor enrollment, shown before anything else when the user's role requires TOTP and
 * they have none yet: a QR code and the secret for an authenticator app, then a code to confirm.
 */
import { Alert, Button, Card, Code, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { encode } from 'uqr';
import { api } from '../api/client';
import type { Session } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';

interface TotpEnrollmentProps {
  session: Session;
  onEnrolled(): void;
  onSignOut(): void;
}

export function TotpEnrollment({ session, onEnrolled, onSignOut }: TotpEnrollmentProps) {
  const [code, setCode] = useState('');
  const setup = useQuery({
    queryKey: ['totp-setup', session.user.id],
    queryFn: () => api.post<{ secret: string; uri: string }>('/api/session/totp/setup'),
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
  });
  const confirm = useMutation({
    mutationFn: () => api.post<void>('/api/session/totp/confirm', { code: code.trim() }),
    onSuccess: onEnrolled,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    confirm.mutate();
  }

  return (
    <main style={{ maxWidth: 640, margin: '3rem auto', padding: '0 1rem' }}>
      <Card withBorder padding="xl">
        <Stack>
          <Title order={1} size="h2">
            Set up your second factor
          </Title>
          <Text>
            {session.user.displayName}, your role needs a code from an authenticator app each time
            you sign in. Scan the QR code with the app (or type the secret), then enter the
            6-digit code it shows.
          </Text>
          {setup.isError && <ErrorAlert error={setup.error} />}
          {setup.data && (
            <Group align="flex-start" wrap="nowrap">
              <div style={{ flexShrink: 0 }}>
                <QrCode text={setup.data.uri} />
              </div>
              <Stack gap="xs">
                <Text size="sm" fw={600}>
                  Secret
                </Text>
                <Code aria-label="Secret" style={{ fontSize: '1rem', letterSpacing: '0.1em' }}>
                  {setup.data.secret.replace(/(.{4})/g, '$1 ').trim()}
                </Code>
                <Text size="sm" fw={600}>
                  Setup address
                </Text>
                <Code block aria-label="Setup address" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
                  {setup.data.uri}
                </Code>
              </Stack>
            </Group>
          )}
          <form onSubmit={submit} aria-label="Confirm second factor">
            <Stack gap="sm">
              {confirm.isError && <ErrorAlert error={confirm.error} title="Code not accepted" />}
              <TextInput
                label="6-digit code"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                value={code}
                onChange={(event) => setCode(event.currentTarget.value.replace(/\D/g, ''))}
                autoFocus
                required
              />
              <Group>
                <Button type="submit" loading={confirm.isPending} disabled={!setup.data}>
                  Confirm and continue
                </Button>
                <Button variant="default" onClick={onSignOut}>
                  Sign out
                </Button>
              </Group>
            </Stack>
          </form>
          <Alert color="gray" variant="light">
            Lost your phone later? An administrator can reset your second factor.
          </Alert>
        </Stack>
      </Card>
    </main>
  );
}

/** The QR code drawn as one SVG path (no inline styles or data URLs, so the CSP stays strict). */
function QrCode({ text }: { text: string }) {
  const { data, size } = encode(text, { ecc: 'M', border: 2 });
  let path = '';
  data.forEach((row, y) => {
    row.forEach((isDark, x) => {
      if (isDark) path += `M${x} ${y}h1v1h-1z`;
    });
  });
  return (
    <svg
      role="img"
      aria-label="QR code for your authenticator app"
      viewBox={`0 0 ${size} ${size}`}
      width={200}
      height={200}
      shapeRendering="crispEdges"
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}

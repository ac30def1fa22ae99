import { Card, Stack, Text, Title } from '@mantine/core';
import type { Session } from '../api/types';
import { CITY_NAME } from './city';
import { SignInForm } from './SignInForm';

export function SignInPage({ onSignedIn }: { onSignedIn(session: Session): void }) {
  return (
    <main style={{ maxWidth: 420, margin: '10vh auto', padding: '0 1rem' }}>
      <Stack gap="lg">
        <div>
          <Title order={1} size="h2">
            Civic Ledger
          </Title>
          <Text c="dimmed">{CITY_NAME} · Finance</Text>
        </div>
        <Card withBorder padding="lg">
          <SignInForm onSignedIn={onSignedIn} />
        </Card>
        <Text size="xs" c="dimmed">
          For city staff. Every sign-in and every change is recorded.
        </Text>
      </Stack>
    </main>
  );
}

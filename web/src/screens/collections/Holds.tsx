/**
 * Collection holds: pause an account's collection with a reason and an end date (at most 180 days;
 * it resumes by itself the day after), typed from the keyboard (Enter moves on and places it at the
 * end), and the holds in force today, each releasable early with a reason. Used as a screen and as
 * a panel of an account (pass `account`).
 */
import { Badge, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { placeHold, releaseHold, useHolds, type Hold } from '../../api/collectionsArrangements';
import { isApiError } from '../../api/client';
import { useSession } from '../../app/session';
import { ErrorAlert, problemsOf } from '../../components/ErrorAlert';
import { PageTitle } from '../../components/PageTitle';
import { advanceOnEnter, fieldErrorsOf, focusFirstInvalid } from '../../components/enterAdvances';
import { cityToday, formatIsoDate } from '../../dates';

export function HoldsScreen() {
  return (
    <Stack>
      <PageTitle title="Collection holds" />
      <HoldsPanel />
    </Stack>
  );
}

export function HoldsPanel({ account }: { account?: string }) {
  const { can } = useSession();
  const today = cityToday();
  const holds = useHolds(account ? { account } : { inForceOn: today });
  return (
    <Stack>
      {can('collections.work') && <PlaceHoldForm account={account} />}
      <section aria-label="Holds in force">
        <Title order={3} size="h5" mb="xs">{account ? `Holds of ${account}` : 'Holds in force today'}</Title>
        {holds.isError && <ErrorAlert error={holds.error} title="The holds did not load" />}
        <Stack gap="xs">
          {holds.data?.holds.length === 0 && <Text size="sm" c="dimmed">None</Text>}
          {holds.data?.holds.map((hold) => <HoldCard key={hold.id} hold={hold} today={holds.data.today} mayWork={can('collections.work')} />)}
        </Stack>
      </section>
    </Stack>
  );
}

function PlaceHoldForm({ account }: { account?: string | undefined }) {
  const client = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState({ accountId: account ?? '', reason: '', endsOn: '' });
  const place = useMutation({
    mutationFn: () => placeHold(draft),
    onSuccess: (hold) => {
      notifications.show({ color: 'green', message: `${hold.accountNumber} on hold through ${formatIsoDate(hold.endsOn)}` });
      setDraft({ accountId: account ?? '', reason: '', endsOn: '' });
      void client.invalidateQueries({ queryKey: ['collections', 'holds'] });
    },
    onError: () => focusFirstInvalid(formRef.current),
  });
  const errors = fieldErrorsOf(problemsOf(place.error));
  const field = isApiError(place.error) ? place.error.details.field : undefined;
  if (typeof field === 'string' && !errors[field]) errors[field] = (place.error?.message ?? '').replace(`${field}: `, '');
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!place.isPending) place.mutate();
  }
  return (
    <Card withBorder padding="sm">
      <form ref={formRef} onSubmit={submit} onKeyDown={advanceOnEnter} aria-label="Place a hold">
        <Group align="flex-start" gap="sm" wrap="wrap">
          {!account && (
            <TextInput label="Account" value={draft.accountId} onChange={(event) => setDraft({ ...draft, accountId: event.currentTarget.value })}
              error={errors.accountId} w={160} autoComplete="off" placeholder="account number" />
          )}
          <TextInput label="Reason" value={draft.reason} onChange={(event) => setDraft({ ...draft, reason: event.currentTarget.value })}
            error={errors.reason} w={340} autoComplete="off" />
          <TextInput label="Through" type="date" value={draft.endsOn} onChange={(event) => setDraft({ ...draft, endsOn: event.currentTarget.value })}
            error={errors.endsOn} w={160} />
          <Button type="submit" mt={25} loading={place.isPending}>Place hold</Button>
        </Group>
        <Text size="xs" c="dimmed" mt={4}>At most 180 days; collection resumes by itself the day after.</Text>
        {place.isError && !Object.keys(errors).length && <ErrorAlert error={place.error} title="No hold placed" />}
      </form>
    </Card>
  );
}

function HoldCard({ hold, today, mayWork }: { hold: Hold; today: string; mayWork: boolean }) {
  const client = useQueryClient();
  const [reason, setReason] = useState('');
  const [isReleasing, setIsReleasing] = useState(false);
  const release = useMutation({
    mutationFn: () => releaseHold(hold.id, reason),
    onSuccess: (released) => {
      notifications.show({ color: 'green', message: `Hold on ${released.accountNumber} released; collection resumes today` });
      void client.invalidateQueries({ queryKey: ['collections', 'holds'] });
    },
  });
  const inForce = !hold.releasedOn && hold.endsOn >= today && hold.startsOn <= today;
  return (
    <Card withBorder padding="xs" data-testid="hold-card">
      <Group justify="space-between">
        <Text size="sm"><strong>{hold.accountNumber}</strong> {hold.customerName} · {formatIsoDate(hold.startsOn)} – {formatIsoDate(hold.endsOn)}</Text>
        <Badge color={inForce ? 'orange' : 'gray'}>{hold.releasedOn ? 'released' : inForce ? 'on hold' : 'ended'}</Badge>
      </Group>
      <Text size="sm">{hold.reason}</Text>
      {hold.releasedOn && <Text size="xs" c="dimmed">Released {formatIsoDate(hold.releasedOn)} by {hold.releasedBy}: {hold.releaseReason}</Text>}
      {mayWork && inForce && !isReleasing && (
        <Group justify="flex-end"><Button size="compact-xs" variant="subtle" color="gray" onClick={() => setIsReleasing(true)}>Release early…</Button></Group>
      )}
      {isReleasing && (
        <form onSubmit={(event) => { event.preventDefault(); if (reason.trim()) release.mutate(); }} aria-label={`Release hold ${hold.id}`}>
          <Group gap={4} wrap="nowrap">
            <TextInput size="xs" aria-label="Why is it released" placeholder="Why (required)" value={reason} onChange={(event) => setReason(event.currentTarget.value)}
              style={{ flex: 1 }} autoFocus autoComplete="off" />
            <Button size="xs" type="submit" variant="light" disabled={!reason.trim()} loading={release.isPending}>Release</Button>
          </Group>
        </form>
      )}
      {release.isError && <ErrorAlert error={release.error} title="Not released" />}
    </Card>
  );
}

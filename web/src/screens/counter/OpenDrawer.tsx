/**
 * Opening a drawer: choose the drawer, count the starting float by denomination (pieces on the
 * 10-key; Enter moves from field to field, Enter on "Open drawer" opens it).
 */
import { Alert, Button, Card, NativeSelect, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { openDrawerSession, useCashieringSetup } from '../../api/cashiering';
import { advanceOnEnter } from '../../components/enterAdvances';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatCents } from '../../money';
import { countOf, countTotalCents, DenominationCountInputs, type CountDraft } from './DenominationCount';

export function OpenDrawer() {
  const client = useQueryClient();
  const setup = useCashieringSetup();
  const drawers = (setup.data?.drawers ?? []).filter((drawer) => drawer.isActive);
  const [drawer, setDrawer] = useState('');
  const [draft, setDraft] = useState<CountDraft>({});
  const chosen = drawer || drawers[0]?.code || '';
  const { count, errors } = countOf(draft);
  const totalCents = setup.data ? countTotalCents(count, setup.data.denominations) : 0;
  const open = useMutation({
    mutationFn: () => openDrawerSession({ drawer: chosen, openingCount: count }),
    onSuccess: (session) => {
      client.setQueryData(['cashiering', 'my-session'], { session });
      void client.invalidateQueries({ queryKey: ['cashiering'] });
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (Object.keys(errors).length > 0 || !chosen || open.isPending) return;
    open.mutate();
  }

  if (setup.isError) return <ErrorAlert error={setup.error} title="Cashiering set-up did not load" />;
  if (!setup.data) return <Text c="dimmed">Loading drawers…</Text>;
  if (drawers.length === 0) return <Alert color="yellow">No drawers are set up yet; cashiering set-up adds them.</Alert>;
  return (
    <Card withBorder maw={720}>
      <form onKeyDown={advanceOnEnter} onSubmit={submit} aria-label="Open drawer">
        <Stack>
          <Text fw={600}>You have no drawer open. Count your starting float to open one.</Text>
          <NativeSelect
            label="Drawer"
            w={320}
            value={chosen}
            data-autofocus
            autoFocus
            onChange={(event) => setDrawer(event.currentTarget.value)}
            data={drawers.map((item) => ({ value: item.code, label: `${item.code} · ${item.name}${item.location ? ` (${item.location})` : ''}` }))}
          />
          <DenominationCountInputs denominations={setup.data.denominations} draft={draft} onChange={setDraft} />
          {open.isError && <ErrorAlert error={open.error} title="The drawer did not open" />}
          <Text size="sm" c="dimmed">
            Enter moves to the next denomination; Enter on the button opens the drawer with a float of ${formatCents(totalCents)}.
          </Text>
          <div>
            <Button type="submit" loading={open.isPending} disabled={Object.keys(errors).length > 0}>
              Open drawer {chosen}
            </Button>
          </div>
        </Stack>
      </form>
    </Card>
  );
}

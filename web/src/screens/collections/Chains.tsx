/**
 * The delinquency chain of each utility class (collections.setup to change): the steps in order,
 * each with its days past due and business days to wait after the step before. Saved whole; the
 * server names each wrong step (a residential shutoff needs an SB 998 notice before it and at
 * least 60 days past due).
 */
import { Button, Card, Group, NumberInput, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { saveChain, stepTypeLabels, useChains, type ClassChain } from '../../api/collections';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageTitle } from '../../components/PageTitle';

export function ChainsScreen() {
  const chains = useChains();
  return (
    <Stack>
      <PageTitle title="Delinquency chains" />
      <Text size="sm" c="dimmed">One chain per customer class. The daily job takes at most one step a day per account; a shutoff order waits until every SB 998 rule allows it.</Text>
      {chains.isError && <ErrorAlert error={chains.error} title="The chains did not load" />}
      {chains.data?.map((chain) => <ChainEditor key={chain.classCode} chain={chain} />)}
    </Stack>
  );
}

type EditableStep = { stepOrder: number; stepType: string; name: string; daysPastDue: number; waitBusinessDays: number };

function ChainEditor({ chain }: { chain: ClassChain }) {
  const { can } = useSession();
  const queryClient = useQueryClient();
  const editable = can('collections.setup');
  const [steps, setSteps] = useState<EditableStep[]>(chain.steps.filter((step) => step.isActive).map(({ isActive: _active, ...step }) => step));
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const update = (index: number, patch: Partial<EditableStep>) => { setSaved(false); setSteps((current) => current.map((step, at) => (at === index ? { ...step, ...patch } : step))); };
  async function save() {
    setError(null);
    try {
      await saveChain(chain.classCode, steps);
      setSaved(true);
      await queryClient.invalidateQueries({ queryKey: ['collections', 'chains'] });
    } catch (caught) {
      setError(caught);
    }
  }
  return (
    <Card withBorder padding="sm" data-testid={`chain-${chain.classCode}`}>
      <Group justify="space-between" mb="xs">
        <Text fw={600}>{chain.className}{chain.isResidential ? ' · residential (SB 998)' : ''}</Text>
        {editable && (
          <Group>
            <Button variant="default" size="xs" onClick={() => setSteps((current) => [...current, { stepOrder: (current.at(-1)?.stepOrder ?? 0) + 1, stepType: 'late_notice', name: '', daysPastDue: current.at(-1)?.daysPastDue ?? 5, waitBusinessDays: 0 }])}>Add a step</Button>
            <Button size="xs" onClick={save}>Save chain</Button>
          </Group>
        )}
      </Group>
      {error !== null && <ErrorAlert error={error} title="The chain was not saved" />}
      {saved && <Text size="sm" c="green">Saved.</Text>}
      <Table className="report" aria-label={`Chain of ${chain.className}`}>
        <Table.Thead>
          <Table.Tr><Table.Th>#</Table.Th><Table.Th>Step</Table.Th><Table.Th>Name</Table.Th><Table.Th>Days past due</Table.Th><Table.Th>Business days after the step before</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {steps.map((step, index) => (
            <Table.Tr key={index}>
              <Table.Td>{step.stepOrder}</Table.Td>
              <Table.Td>
                {editable ? <Select aria-label="Step type" data={Object.entries(stepTypeLabels).map(([value, label]) => ({ value, label }))} value={step.stepType} onChange={(value) => value && update(index, { stepType: value })} allowDeselect={false} w={260} />
                  : stepTypeLabels[step.stepType] ?? step.stepType}
              </Table.Td>
              <Table.Td>{editable ? <TextInput aria-label="Step name" value={step.name} onChange={(event) => update(index, { name: event.currentTarget.value })} /> : step.name}</Table.Td>
              <Table.Td>{editable ? <NumberInput aria-label="Days past due" value={step.daysPastDue} min={0} max={3650} onChange={(value) => update(index, { daysPastDue: Number(value) || 0 })} w={100} /> : step.daysPastDue}</Table.Td>
              <Table.Td>{editable ? <NumberInput aria-label="Business days to wait" value={step.waitBusinessDays} min={0} max={60} onChange={(value) => update(index, { waitBusinessDays: Number(value) || 0 })} w={100} /> : step.waitBusinessDays}</Table.Td>
            </Table.Tr>
          ))}
          {steps.length === 0 && <Table.Tr><Table.Td colSpan={5}><Text size="sm" c="dimmed">No chain: accounts of this class are not pursued.</Text></Table.Td></Table.Tr>}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

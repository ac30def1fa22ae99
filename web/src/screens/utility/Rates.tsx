/**
 * Rates at the Utility Billing desk: the rate schedules, each schedule's effective-dated versions
 * (the one in effect today marked), and a version's definition read as a person reads a rate
 * sheet — fixed charges by meter size, tier blocks (by class), uniform and winter-average rates,
 * minimum and flat charges, surcharges and percent fees. Holders of utility.rates add a version:
 * its dates and its definition as JSON (the latest version's to start from); the server checks it
 * whole and every problem is listed by its field (a gap or an overlap names the date).
 */
import { Badge, Button, Card, Grid, Group, Stack, Table, Text, Textarea, TextInput, Title, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { addRateVersion, meterSizes, useRateSchedules, type RateDefinition, type RateSchedule, type RateVersion } from '../../api/utilityService';
import { useSession } from '../../app/session';
import { ErrorAlert, problemsOf } from '../../components/ErrorAlert';
import { PageTitle } from '../../components/PageTitle';
import { advanceOnEnter } from '../../components/enterAdvances';
import { cityToday, formatIsoDate } from '../../dates';
import { formatDollars } from '../../money';

const isInEffect = (version: RateVersion, today: string) => version.effectiveFrom <= today && (version.effectiveTo === null || version.effectiveTo >= today);

export function RatesScreen() {
  const schedules = useRateSchedules();
  const [code, setCode] = useState<string | null>(null);
  const list = schedules.data ?? [];
  const schedule = list.find((row) => row.code === code) ?? list[0];
  return (
    <Stack>
      <PageTitle title="Rates" />
      {schedules.isError && <ErrorAlert error={schedules.error} title="The rate schedules did not load" />}
      <Grid gap="lg">
        <Grid.Col span={3}>
          <Card withBorder padding="xs">
            <Title order={3} size="h5" mb="xs">Rate schedules</Title>
            <Stack gap={2} role="list" aria-label="Rate schedules">
              {list.map((row) => (
                <UnstyledButton key={row.code} role="listitem" onClick={() => setCode(row.code)} p={6}
                  bg={row.code === schedule?.code ? 'blue.0' : undefined} style={{ borderRadius: 4 }} aria-current={row.code === schedule?.code}>
                  <Group justify="space-between" wrap="nowrap" gap={4}>
                    <Text size="sm" fw={600} className="mono">{row.code}</Text>
                    <Badge size="xs" variant="light" color="gray">{row.serviceType.replace('_', ' ')}</Badge>
                  </Group>
                  <Text size="xs" c="dimmed" truncate="end" title={row.name}>{row.name} · {row.versions.length} version{row.versions.length === 1 ? '' : 's'}</Text>
                </UnstyledButton>
              ))}
              {list.length === 0 && !schedules.isPending && <Text size="sm" c="dimmed">No rate schedules yet.</Text>}
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={9}>{schedule && <ScheduleView key={schedule.code} schedule={schedule} />}</Grid.Col>
      </Grid>
    </Stack>
  );
}

function ScheduleView({ schedule }: { schedule: RateSchedule }) {
  const today = cityToday();
  const { can } = useSession();
  const current = schedule.versions.find((version) => isInEffect(version, today)) ?? schedule.versions.at(-1);
  const [versionId, setVersionId] = useState<number | null>(current?.id ?? null);
  const version = schedule.versions.find((row) => row.id === versionId) ?? current;
  return (
    <Stack>
      <Card withBorder padding="sm">
        <Group justify="space-between" mb="xs">
          <Title order={2} size="h4"><span className="mono">{schedule.code}</span> · {schedule.name}</Title>
          <Badge variant="light">{schedule.serviceType.replace('_', ' ')}</Badge>
        </Group>
        <Table className="report" highlightOnHover aria-label="Versions" fz="sm">
          <Table.Thead>
            <Table.Tr><Table.Th>Effective from</Table.Th><Table.Th>Through</Table.Th><Table.Th>Charges</Table.Th><Table.Th /></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {schedule.versions.map((row) => (
              <Table.Tr key={row.id} bg={row.id === version?.id ? 'blue.0' : undefined} style={{ cursor: 'pointer' }} onClick={() => setVersionId(row.id)}
                aria-selected={row.id === version?.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatIsoDate(row.effectiveFrom)}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{row.effectiveTo ? formatIsoDate(row.effectiveTo) : 'until a later version'}</Table.Td>
                <Table.Td>{componentsOf(row.definition).join(', ')}</Table.Td>
                <Table.Td>{isInEffect(row, today) && <Badge size="sm" color="green" variant="light" styles={{ root: { overflow: 'visible', maxWidth: 'none' }, label: { overflow: 'visible' } }}>
                  in effect
                </Badge>}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {schedule.versions.length === 0 && <Text size="sm" c="dimmed">No versions yet: nothing can be billed on this schedule.</Text>}
      </Card>
      {version && <DefinitionView version={version} />}
      {can('utility.rates') && <AddVersionForm schedule={schedule} />}
    </Stack>
  );
}

function componentsOf(definition: RateDefinition): string[] {
  const names: string[] = [];
  if (definition.fixed) names.push('fixed by meter size');
  if (definition.tiers) names.push(`${definition.tiers.byClass ? 'tiers by class' : `${definition.tiers.blocks?.length ?? 0} tiers`}`);
  if (definition.uniform) names.push('uniform rate');
  if (definition.winterAverage) names.push('winter average');
  if (definition.minimum) names.push('minimum');
  if (definition.flat) names.push('flat');
  if (definition.surcharges?.length) names.push(`${definition.surcharges.length} surcharge${definition.surcharges.length === 1 ? '' : 's'}`);
  if (definition.percentFees?.length) names.push(`${definition.percentFees.length} fee${definition.percentFees.length === 1 ? '' : 's'}`);
  return names;
}

/** Meter sizes smallest first (the stored JSON keeps its keys in no useful order). */
function bySize(amounts: Record<string, number>): Array<[string, number]> {
  const rank = (size: string) => {
    const index = (meterSizes as readonly string[]).indexOf(size);
    return index === -1 ? meterSizes.length : index;
  };
  return Object.entries(amounts).sort(([a], [b]) => rank(a) - rank(b));
}

/** "2.000000" -> "$2.00"; "4.2517" -> "$4.2517" (a rate keeps its decimals, at least two). */
function rateText(rate: string): string {
  const [whole = '0', fraction = ''] = rate.split('.');
  const trimmed = fraction.replace(/0+$/, '').padEnd(2, '0');
  return `$${whole}.${trimmed}`;
}

function Section({ title, account, children }: { title: string; account: string; children: ReactNode }) {
  return (
    <div>
      <Group gap="xs" mb={4}>
        <Text fw={600} size="sm">{title}</Text>
        <Text size="xs" c="dimmed" className="mono">{account}</Text>
      </Group>
      {children}
    </div>
  );
}

function TierTable({ blocks, unit, label }: { blocks: Array<{ from: string; to: string | null; rate: string }>; unit: string; label: string }) {
  return (
    <Table className="report" fz="sm" aria-label={label} w={420}>
      <Table.Thead><Table.Tr><Table.Th>Use a month ({unit})</Table.Th><Table.Th className="amount">Rate per {unit}</Table.Th></Table.Tr></Table.Thead>
      <Table.Tbody>
        {blocks.map((block) => (
          <Table.Tr key={block.from}>
            <Table.Td>{block.to === null ? `over ${block.from}` : `${block.from} to ${block.to}`}</Table.Td>
            <Table.Td className="amount">{rateText(block.rate)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function DefinitionView({ version }: { version: RateVersion }) {
  const definition = version.definition;
  const unit = definition.billingUnit ?? 'HCF';
  return (
    <Card withBorder padding="sm" data-testid="rate-definition">
      <Title order={3} size="h5" mb="sm">
        Version from {formatIsoDate(version.effectiveFrom)}{version.effectiveTo ? ` through ${formatIsoDate(version.effectiveTo)}` : ''} · billed in {unit}
      </Title>
      <Grid gap="md">
        {definition.fixed && (
          <Grid.Col span={6}>
            <Section title={definition.fixed.description ?? 'Fixed charge by meter size'} account={definition.fixed.revenueAccount}>
              <Table className="report" fz="sm" aria-label="Fixed charge by meter size" w={300}>
                <Table.Thead><Table.Tr><Table.Th>Meter</Table.Th><Table.Th className="amount">A month</Table.Th></Table.Tr></Table.Thead>
                <Table.Tbody>
                  {bySize(definition.fixed.amountCentsPerMonthBySize).map(([size, amount]) => (
                    <Table.Tr key={size}><Table.Td>{size}"</Table.Td><Table.Td className="amount">{formatDollars(amount)}</Table.Td></Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Section>
          </Grid.Col>
        )}
        {definition.tiers && (
          <Grid.Col span={6}>
            <Section title={definition.tiers.description ?? 'Use, inclining tiers'} account={definition.tiers.revenueAccount}>
              <Stack gap="xs">
                {definition.tiers.blocks && <TierTable blocks={definition.tiers.blocks} unit={unit} label="Tiers" />}
                {Object.entries(definition.tiers.byClass ?? {}).map(([classCode, blocks]) => (
                  <div key={classCode}>
                    <Text size="xs" fw={600}>{classCode.replaceAll('_', ' ')}</Text>
                    <TierTable blocks={blocks} unit={unit} label={`Tiers, ${classCode}`} />
                  </div>
                ))}
              </Stack>
            </Section>
          </Grid.Col>
        )}
        {definition.uniform && (
          <Grid.Col span={6}>
            <Section title={definition.uniform.description ?? 'Use, uniform rate'} account={definition.uniform.revenueAccount}>
              <Text size="sm">{rateText(definition.uniform.rate)} per {unit}</Text>
            </Section>
          </Grid.Col>
        )}
        {definition.winterAverage && (
          <Grid.Col span={6}>
            <Section title={definition.winterAverage.description ?? 'Sewer on winter-average water use'} account={definition.winterAverage.revenueAccount}>
              <Text size="sm">
                {rateText(definition.winterAverage.rate)} per {unit} of the December–March average
                {definition.winterAverage.capPerMonth ? `, at most ${definition.winterAverage.capPerMonth} ${unit} a month` : ''};
                {' '}{definition.winterAverage.defaultPerMonth} {unit} a month without a winter history
              </Text>
            </Section>
          </Grid.Col>
        )}
        {definition.minimum && (
          <Grid.Col span={6}>
            <Section title={definition.minimum.description ?? 'Minimum charge'} account={definition.minimum.revenueAccount}>
              <Text size="sm">{formatDollars(definition.minimum.amountCentsPerMonth)} a month at least</Text>
            </Section>
          </Grid.Col>
        )}
        {definition.flat && (
          <Grid.Col span={6}>
            <Section title={definition.flat.description ?? 'Flat charge'} account={definition.flat.revenueAccount}>
              <Text size="sm">{formatDollars(definition.flat.amountCentsPerMonth)} a month{definition.flat.perDwellingUnit ? ' per dwelling unit' : ''}</Text>
            </Section>
          </Grid.Col>
        )}
        {(definition.surcharges?.length || definition.percentFees?.length) ? (
          <Grid.Col span={12}>
            <Text fw={600} size="sm" mb={4}>Surcharges and fees</Text>
            <Table className="report" fz="sm" aria-label="Surcharges and fees">
              <Table.Tbody>
                {(definition.surcharges ?? []).map((surcharge) => (
                  <Table.Tr key={surcharge.code}>
                    <Table.Td>{surcharge.description}</Table.Td>
                    <Table.Td>{surcharge.per === 'billing_unit' ? `${rateText(surcharge.rate ?? '0')} per ${unit}` : `${formatDollars(surcharge.amountCentsPerMonth ?? 0)} a month per ${surcharge.per.replace('_', ' ')}`}</Table.Td>
                    <Table.Td className="mono">{surcharge.revenueAccount}</Table.Td>
                  </Table.Tr>
                ))}
                {(definition.percentFees ?? []).map((fee) => (
                  <Table.Tr key={fee.code}>
                    <Table.Td>{fee.description}</Table.Td>
                    <Table.Td>{fee.percent}% of {fee.of ? fee.of.join(', ') : 'the other charges'}</Table.Td>
                    <Table.Td className="mono">{fee.revenueAccount}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Grid.Col>
        ) : null}
      </Grid>
    </Card>
  );
}

function AddVersionForm({ schedule }: { schedule: RateSchedule }) {
  const client = useQueryClient();
  const latest = schedule.versions.at(-1);
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [effectiveTo, setEffectiveTo] = useState('');
  const [json, setJson] = useState(latest ? JSON.stringify(latest.definition, null, 2) : '{\n  "billingUnit": "HCF"\n}');
  const parsed = (() => {
    try {
      return { value: JSON.parse(json) as unknown };
    } catch (error) {
      return { error: `not JSON: ${error instanceof Error ? error.message : 'cannot be read'}` };
    }
  })();
  const add = useMutation({
    mutationFn: () => addRateVersion(schedule.code, { effectiveFrom, effectiveTo: effectiveTo || null, definition: parsed.value }),
    onSuccess: (result) => {
      notifications.show({ color: 'green', message: `${schedule.code}: version from ${formatIsoDate(result.version.effectiveFrom)} added` +
        (result.closed ? `; the version from ${formatIsoDate(result.closed.effectiveFrom)} now ends ${formatIsoDate(result.closed.effectiveTo)}` : '') });
      void client.invalidateQueries({ queryKey: ['utility', 'rate-schedules'] });
      setEffectiveFrom('');
      setEffectiveTo('');
    },
  });
  const problems = problemsOf(add.error);
  const dateError = (field: string) => problems.find((problem) => problem.field === field)?.message;
  const definitionProblems = problems.filter((problem) => problem.field?.startsWith('definition'));
  function submit(event: FormEvent) {
    event.preventDefault();
    if (parsed.error === undefined && !add.isPending) add.mutate();
  }
  return (
    <Card withBorder padding="sm">
      <Title order={3} size="h5" mb="xs">Add a version</Title>
      <form onSubmit={submit} onKeyDown={advanceOnEnter} aria-label="Add a rate version">
        <Stack gap="sm">
          <Group align="flex-start">
            <TextInput label="Effective from" type="date" value={effectiveFrom} onChange={(event) => setEffectiveFrom(event.currentTarget.value)} w={170}
              error={dateError('effectiveFrom') !== undefined} />
            <TextInput label="Through (optional)" type="date" value={effectiveTo} onChange={(event) => setEffectiveTo(event.currentTarget.value)} w={170}
              error={dateError('effectiveTo') !== undefined} description="empty: until a later version" />
            <Text size="xs" c="dimmed" maw={420} mt={28}>
              The open version before it ends the day before. A gap or an overlap with the other versions is refused.
            </Text>
          </Group>
          {add.isError && <ErrorAlert error={add.error} title="The version was not added" />}
          <Textarea label="Definition (JSON)" description="The latest version's, to start from; Ctrl+Enter adds the version" value={json}
            onChange={(event) => setJson(event.currentTarget.value)} autosize minRows={8} maxRows={14}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
            error={parsed.error ?? (definitionProblems.length > 0 ? `${definitionProblems.length} problem${definitionProblems.length === 1 ? '' : 's'}: see below` : undefined)} />
          <Group justify="flex-end">
            <Button type="submit" loading={add.isPending} disabled={parsed.error !== undefined}>Add version</Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

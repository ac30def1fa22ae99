/** Admin → Settings: each numeric setting with its label and bounds; amounts shown in dollars. */
import { Button, Card, Group, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import type { SettingDefinition } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageTitle } from '../../components/PageTitle';
import { formatCents, formatDollars, parseDollars } from '../../money';

interface SettingsResponse {
  settings: Record<string, number>;
  definitions: SettingDefinition[];
}

export function SettingsScreen() {
  const settings = useQuery({
    queryKey: ['admin', 'settings'],
    queryFn: () => api.get<SettingsResponse>('/api/settings'),
  });
  return (
    <Stack maw={860}>
      <PageTitle title="Settings" />
      {settings.isError && <ErrorAlert error={settings.error} />}
      {settings.data?.definitions.map((definition) => (
        <SettingRow key={definition.key} definition={definition} value={settings.data.settings[definition.key] ?? definition.default} />
      ))}
    </Stack>
  );
}

const isMoney = (key: string) => key.endsWith('_cents');

function show(key: string, value: number): string {
  return isMoney(key) ? formatCents(value) : String(value);
}

function parse(key: string, text: string): { ok: true; value: number } | { ok: false; message: string } {
  if (isMoney(key)) {
    const parsed = parseDollars(text);
    return parsed.ok ? { ok: true, value: parsed.cents } : parsed;
  }
  if (!/^\d+$/.test(text.trim())) return { ok: false, message: 'Enter a whole number' };
  return { ok: true, value: Number(text.trim()) };
}

function SettingRow({ definition, value }: { definition: SettingDefinition; value: number }) {
  const client = useQueryClient();
  const [text, setText] = useState(show(definition.key, value));
  useEffect(() => setText(show(definition.key, value)), [definition.key, value]);
  const parsed = parse(definition.key, text);
  const outOfBounds = parsed.ok && (parsed.value < definition.min || parsed.value > definition.max);
  const bounds = isMoney(definition.key)
    ? `${formatDollars(definition.min)} to ${formatDollars(definition.max)}; default ${formatDollars(definition.default)}`
    : `${definition.min} to ${definition.max}; default ${definition.default}`;
  const save = useMutation({
    mutationFn: (newValue: number) => api.put(`/api/settings/${definition.key}`, { value: newValue }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['admin', 'settings'] });
      notifications.show({ color: 'green', message: `${definition.label}: saved.` });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (parsed.ok && !outOfBounds) save.mutate(parsed.value);
  }
  const error = !parsed.ok ? parsed.message : outOfBounds ? `Must be from ${bounds.split(';')[0]}` : undefined;
  return (
    <Card withBorder padding="sm">
      <form onSubmit={submit} aria-label={definition.label}>
        <Group align="flex-start" justify="space-between" wrap="nowrap">
          <TextInput
            label={definition.label}
            description={`${bounds} · ${definition.key}`}
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
            error={error}
            inputMode={isMoney(definition.key) ? 'decimal' : 'numeric'}
            leftSection={isMoney(definition.key) ? <Text size="sm">$</Text> : undefined}
            style={{ flex: 1 }}
            maw={560}
          />
          <Button type="submit" mt={42} disabled={Boolean(error) || (parsed.ok && parsed.value === value)} loading={save.isPending}>
            Save
          </Button>
        </Group>
        {save.isError && <ErrorAlert error={save.error} />}
      </form>
    </Card>
  );
}

/**
 * Meters at the Utility Billing desk: find one by serial as you type (where it is, the account in
 * service there, its last read), then install it (from stock, at a service location, with its
 * first reading), remove it (with its last reading) or exchange it for another from stock (the old
 * meter's final read and the new one's first, both kept; its services read the new meter). New
 * meters are added to stock below. ?serial= comes from the global search.
 */
import { Anchor, Badge, Button, Card, Group, NativeSelect, SegmentedControl, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { isApiError } from '../../api/client';
import {
  addMeter,
  exchangeMeter,
  installMeter,
  meterSizes,
  readingOf,
  removeMeter,
  useMeterSearch,
  useServiceLocations,
  type MeterFound,
  type ServiceLocationFound,
} from '../../api/utilityService';
import { useSession } from '../../app/session';
import { ErrorAlert, problemsOf } from '../../components/ErrorAlert';
import { PageTitle } from '../../components/PageTitle';
import { RemoteSelect } from '../../components/RemoteSelect';
import { advanceOnEnter, fieldErrorsOf, focusFirstInvalid } from '../../components/enterAdvances';
import { cityToday, formatIsoDate } from '../../dates';

const statusColors: Record<MeterFound['status'], string> = { in_stock: 'blue', installed: 'green', removed: 'gray', retired: 'dark' };

export function MetersScreen() {
  const [params, setParams] = useSearchParams();
  const [serial, setSerial] = useState(params.get('serial') ?? '');
  const [chosen, setChosen] = useState<string | null>(params.get('serial'));
  const meters = useMeterSearch(serial.trim());
  const { can } = useSession();
  const found = meters.data ?? [];
  // Chosen by Enter or a click only, so the action form does not take the focus while the serial is typed.
  const selected = found.find((meter) => meter.serial === chosen?.toUpperCase());

  function submit(event: FormEvent) {
    event.preventDefault();
    const first = found.find((meter) => meter.serial === serial.trim().toUpperCase()) ?? found[0];
    if (first) {
      setChosen(first.serial);
      setParams({ serial: first.serial }, { replace: true });
    }
  }
  return (
    <Stack>
      <PageTitle title="Meters" />
      <form onSubmit={submit} aria-label="Find a meter">
        <Group align="flex-end">
          <TextInput label="Meter serial" value={serial} autoFocus w={240} autoComplete="off" classNames={{ input: 'mono' }} placeholder="e.g. MT-10042"
            onChange={(event) => { setSerial(event.currentTarget.value); setChosen(null); }} />
          <Button type="submit" variant="default">Find</Button>
        </Group>
      </form>
      {meters.isError && <ErrorAlert error={meters.error} title="The search did not work" />}
      {serial.trim() !== '' && found.length === 0 && !meters.isFetching && <Text size="sm" c="dimmed">No meter's serial begins with {serial.trim().toUpperCase()}.</Text>}
      {found.length > 0 && (
        <Table className="report" highlightOnHover aria-label="Meters found" fz="sm" withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Serial</Table.Th><Table.Th>Size</Table.Th><Table.Th>Status</Table.Th><Table.Th>Where</Table.Th>
              <Table.Th>Account in service</Table.Th><Table.Th className="amount">Last read</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {found.map((meter) => (
              <Table.Tr key={meter.id} bg={meter.serial === selected?.serial ? 'blue.0' : undefined} style={{ cursor: 'pointer' }}
                onClick={() => setChosen(meter.serial)} aria-selected={meter.serial === selected?.serial}>
                <Table.Td className="mono" fw={600}>{meter.serial}</Table.Td>
                <Table.Td>{meter.size}" · {meter.unit} · {meter.dials} dials</Table.Td>
                <Table.Td><Badge size="sm" variant="light" color={statusColors[meter.status]}>{meter.status.replace('_', ' ')}</Badge></Table.Td>
                <Table.Td>{meter.serviceAddress ? `${meter.serviceAddress} (${meter.locationNumber})` : <Text span size="sm" c="dimmed">—</Text>}</Table.Td>
                <Table.Td>
                  {meter.accountNumber
                    ? <Anchor component={Link} to={`/utility/accounts/${meter.accountNumber}`} className="mono" size="sm">{meter.accountNumber}</Anchor>
                    : <Text span size="sm" c="dimmed">none</Text>}
                  {meter.customerName && <Text span size="sm"> {meter.customerName}</Text>}
                </Table.Td>
                <Table.Td className="amount">{meter.lastRead ? `${meter.lastRead.reading} on ${formatIsoDate(meter.lastRead.readDate)}` : ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {selected && can('utility.service') && <MeterActions key={`${selected.serial}-${selected.status}-${selected.installedOn}`} meter={selected} />}
      {can('utility.service') && <AddMeterForm onAdded={(added) => { setSerial(added); setChosen(added); }} />}
    </Stack>
  );
}

type Action = 'exchange' | 'remove' | 'install';

function MeterActions({ meter }: { meter: MeterFound }) {
  const isInstalled = meter.status === 'installed';
  const actions: Action[] = isInstalled ? ['exchange', 'remove'] : meter.status === 'retired' ? [] : ['install'];
  const [action, setAction] = useState<Action | undefined>(actions[0]);
  if (!action) return null;
  return (
    <Card withBorder padding="sm" aria-label={`Meter ${meter.serial}`}>
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5">Meter <span className="mono">{meter.serial}</span></Title>
        {actions.length > 1 && (
          <SegmentedControl size="xs" value={action} onChange={(value) => setAction(value as Action)}
            data={actions.map((value) => ({ value, label: value === 'exchange' ? 'Exchange' : value === 'remove' ? 'Remove' : 'Install' }))} />
        )}
      </Group>
      {action === 'exchange' && <ExchangeForm meter={meter} />}
      {action === 'remove' && <RemoveForm meter={meter} />}
      {action === 'install' && <InstallForm meter={meter} />}
    </Card>
  );
}

/** Errors by field: what the browser found (once submitted) and what the server named. */
function useFieldErrors(error: unknown, local: Record<string, string>, isSubmitted: boolean): Record<string, string> {
  const errors = fieldErrorsOf(problemsOf(error));
  const field = isApiError(error) ? error.details.field : undefined;
  if (typeof field === 'string' && !errors[field] && isApiError(error)) errors[field] = error.message.replace(`${field}: `, '');
  return isSubmitted ? { ...errors, ...local } : errors;
}

function useMeterWrite<Result>(write: () => Promise<Result>, message: (result: Result) => string) {
  const client = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const mutation = useMutation({
    mutationFn: write,
    onSuccess: (result) => {
      notifications.show({ color: 'green', message: message(result) });
      void client.invalidateQueries({ queryKey: ['utility'] });
    },
    onError: () => focusFirstInvalid(formRef.current),
  });
  return { mutation, formRef };
}

function ExchangeForm({ meter }: { meter: MeterFound }) {
  const [draft, setDraft] = useState({ newSerial: '', on: cityToday(), oldReading: '', newReading: '0' });
  const [isSubmitted, setSubmitted] = useState(false);
  const oldReading = readingOf(draft.oldReading);
  const newReading = readingOf(draft.newReading);
  const local: Record<string, string> = {};
  if (draft.newSerial.trim() === '') local.newSerial = 'the serial of the new meter (from stock)';
  if (oldReading.error) local.oldReading = oldReading.error;
  if (newReading.error) local.newReading = newReading.error;
  const { mutation, formRef } = useMeterWrite(
    () => exchangeMeter(meter.serial, { newSerial: draft.newSerial.trim().toUpperCase(), on: draft.on, oldReading: oldReading.reading ?? 0, newReading: newReading.reading ?? 0 }),
    (result) => `Meter ${result.removed.serial} replaced by ${result.installed.serial} on ${formatIsoDate(draft.on)}; ${result.agreementsMoved} service(s) now read the new meter`,
  );
  const errors = useFieldErrors(mutation.error, local, isSubmitted);
  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(local).length > 0) return focusFirstInvalid(formRef.current);
    if (!mutation.isPending) mutation.mutate();
  }
  return (
    <form ref={formRef} onSubmit={submit} onKeyDown={advanceOnEnter} aria-label={`Exchange meter ${meter.serial}`}>
      <Text size="sm" c="dimmed" mb="xs">
        At {meter.serviceAddress} ({meter.locationNumber}){meter.lastRead ? ` · last read ${meter.lastRead.reading} on ${formatIsoDate(meter.lastRead.readDate)}` : ''}
      </Text>
      <Group align="flex-start" gap="sm">
        <TextInput label="New meter serial" value={draft.newSerial} onChange={(event) => setDraft({ ...draft, newSerial: event.currentTarget.value })} w={200}
          autoFocus autoComplete="off" classNames={{ input: 'mono' }} error={errors.newSerial ?? errors.serial} />
        <TextInput label="Exchange date" type="date" value={draft.on} onChange={(event) => setDraft({ ...draft, on: event.currentTarget.value })} w={160}
          error={errors.on ?? errors.removedOn ?? errors.installedOn} />
        <TextInput label={`Final reading of ${meter.serial}`} value={draft.oldReading} onChange={(event) => setDraft({ ...draft, oldReading: event.currentTarget.value })}
          w={200} inputMode="numeric" error={errors.oldReading ?? errors.reading} />
        <TextInput label="First reading of the new meter" value={draft.newReading} onChange={(event) => setDraft({ ...draft, newReading: event.currentTarget.value })}
          w={220} inputMode="numeric" error={errors.newReading} />
        <Button type="submit" mt={25} loading={mutation.isPending}>Exchange meter</Button>
      </Group>
      {mutation.isError && <ErrorAlert error={mutation.error} title="The meter was not exchanged" />}
    </form>
  );
}

function RemoveForm({ meter }: { meter: MeterFound }) {
  const [draft, setDraft] = useState({ removedOn: cityToday(), reading: '' });
  const [isSubmitted, setSubmitted] = useState(false);
  const reading = readingOf(draft.reading);
  const local: Record<string, string> = reading.error ? { reading: reading.error } : {};
  const { mutation, formRef } = useMeterWrite(() => removeMeter(meter.serial, { removedOn: draft.removedOn, reading: reading.reading ?? 0 }),
    (removed) => `Meter ${removed.serial} removed on ${formatIsoDate(draft.removedOn)}`);
  const errors = useFieldErrors(mutation.error, local, isSubmitted);
  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(local).length > 0) return focusFirstInvalid(formRef.current);
    if (!mutation.isPending) mutation.mutate();
  }
  return (
    <form ref={formRef} onSubmit={submit} onKeyDown={advanceOnEnter} aria-label={`Remove meter ${meter.serial}`}>
      <Text size="sm" c="dimmed" mb="xs">Services that read it stay unmetered until a meter is installed: exchange it instead when one replaces it.</Text>
      <Group align="flex-start" gap="sm">
        <TextInput label="Removal date" type="date" value={draft.removedOn} onChange={(event) => setDraft({ ...draft, removedOn: event.currentTarget.value })} w={160}
          autoFocus error={errors.removedOn} />
        <TextInput label="Last reading" value={draft.reading} onChange={(event) => setDraft({ ...draft, reading: event.currentTarget.value })} w={160}
          inputMode="numeric" error={errors.reading} />
        <Button type="submit" mt={25} color="red" variant="light" loading={mutation.isPending}>Remove meter</Button>
      </Group>
      {mutation.isError && <ErrorAlert error={mutation.error} title="The meter was not removed" />}
    </form>
  );
}

function InstallForm({ meter }: { meter: MeterFound }) {
  const [location, setLocation] = useState<ServiceLocationFound | null>(null);
  const [search, setSearch] = useState('');
  const locations = useServiceLocations(location && search === labelOf(location) ? '' : search);
  const list = locations.data?.locations ?? [];
  const [draft, setDraft] = useState({ installedOn: cityToday(), reading: '0' });
  const [isSubmitted, setSubmitted] = useState(false);
  const reading = readingOf(draft.reading);
  const local: Record<string, string> = {};
  if (!location) local.serviceLocationId = 'choose the service location';
  if (reading.error) local.reading = reading.error;
  const { mutation, formRef } = useMeterWrite(
    () => installMeter(meter.serial, { serviceLocationId: location?.id ?? 0, installedOn: draft.installedOn, reading: reading.reading ?? 0 }),
    (installed) => `Meter ${installed.serial} installed at ${installed.locationNumber} on ${formatIsoDate(installed.installedOn)}`,
  );
  const errors = useFieldErrors(mutation.error, local, isSubmitted);
  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(local).length > 0) return focusFirstInvalid(formRef.current);
    if (!mutation.isPending) mutation.mutate();
  }
  return (
    <form ref={formRef} onSubmit={submit} onKeyDown={advanceOnEnter} aria-label={`Install meter ${meter.serial}`}>
      <Group align="flex-start" gap="sm">
        <RemoteSelect label="Service location" placeholder="location number or address" w={380} autoFocus search={search} onSearch={setSearch}
          value={location ? { value: String(location.id), label: labelOf(location) } : null}
          onChange={(option) => setLocation(list.find((row) => String(row.id) === option?.value) ?? null)}
          options={list.map((row) => ({ value: String(row.id), label: labelOf(row) }))} error={errors.serviceLocationId}
          nothingFoundMessage={search.trim().length >= 2 ? 'No active service location found' : 'Type 2 characters or more'} />
        <TextInput label="Install date" type="date" value={draft.installedOn} onChange={(event) => setDraft({ ...draft, installedOn: event.currentTarget.value })}
          w={160} error={errors.installedOn} />
        <TextInput label="First reading" value={draft.reading} onChange={(event) => setDraft({ ...draft, reading: event.currentTarget.value })} w={140}
          inputMode="numeric" error={errors.reading} />
        <Button type="submit" mt={25} loading={mutation.isPending}>Install meter</Button>
      </Group>
      {mutation.isError && <ErrorAlert error={mutation.error} title="The meter was not installed" />}
    </form>
  );
}

function labelOf(location: ServiceLocationFound): string {
  return `${location.serviceAddress} (${location.locationNumber})`;
}

function AddMeterForm({ onAdded }: { onAdded(serial: string): void }) {
  const [draft, setDraft] = useState({ serial: '', size: '5/8', dials: '6', unit: 'HCF', manufacturer: '' });
  const { mutation, formRef } = useMeterWrite(
    () => addMeter({ serial: draft.serial.trim(), size: draft.size, dials: Number(draft.dials), unit: draft.unit, manufacturer: draft.manufacturer.trim() || null }),
    (added) => `Meter ${added.serial} (${added.size}", ${added.dials} dials) added to stock`,
  );
  const errors = useFieldErrors(mutation.error, {}, false);
  function submit(event: FormEvent) {
    event.preventDefault();
    if (mutation.isPending) return;
    mutation.mutate(undefined, { onSuccess: (added) => { onAdded(added.serial); setDraft({ ...draft, serial: '' }); } });
  }
  return (
    <Card withBorder padding="sm">
      <Title order={3} size="h5" mb="xs">Add a meter to stock</Title>
      <form ref={formRef} onSubmit={submit} onKeyDown={advanceOnEnter} aria-label="Add a meter to stock">
        <Group align="flex-start" gap="sm">
          <TextInput label="Serial" value={draft.serial} onChange={(event) => setDraft({ ...draft, serial: event.currentTarget.value })} w={180}
            autoComplete="off" classNames={{ input: 'mono' }} error={errors.serial} />
          <NativeSelect label="Size (inches)" value={draft.size} onChange={(event) => setDraft({ ...draft, size: event.currentTarget.value })} w={120}
            data={meterSizes.map((size) => ({ value: size, label: `${size}"` }))} error={errors.size} />
          <NativeSelect label="Dials" value={draft.dials} onChange={(event) => setDraft({ ...draft, dials: event.currentTarget.value })} w={90}
            data={['4', '5', '6', '7', '8', '9']} error={errors.dials} />
          <NativeSelect label="Unit" value={draft.unit} onChange={(event) => setDraft({ ...draft, unit: event.currentTarget.value })} w={100}
            data={[{ value: 'HCF', label: 'HCF' }, { value: 'GAL', label: 'gallons' }]} error={errors.unit} />
          <TextInput label="Manufacturer" value={draft.manufacturer} onChange={(event) => setDraft({ ...draft, manufacturer: event.currentTarget.value })} w={180}
            error={errors.manufacturer} />
          <Button type="submit" mt={25} variant="default" loading={mutation.isPending}>Add to stock</Button>
        </Group>
        {mutation.isError && Object.keys(errors).length === 0 && <ErrorAlert error={mutation.error} title="The meter was not added" />}
      </form>
    </Card>
  );
}

/**
 * Start service (move-in) at the Utility Billing desk: the customer and the service location
 * (found as the clerk types), class, cycle and route, dwelling units, the start date, the services
 * with their rates and the meter's move-in reading, and the deposit the start will charge (asked of
 * the server: the class's, or after returned payments). Enter moves from field to field and
 * submits at the end; the new account opens. ?customer=ID comes from the Customer 360.
 */
import { Alert, Button, Card, Group, NativeSelect, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '../../api/client';
import { useCustomer, useCustomerSearch } from '../../api/customers';
import { useUtilitySetup } from '../../api/utilityBills';
import { readingOf, startService, useDepositQuote, useRateSchedules, useServiceLocations, type ServiceLocationFound } from '../../api/utilityService';
import { ErrorAlert, problemsOf } from '../../components/ErrorAlert';
import { PageTitle } from '../../components/PageTitle';
import { RemoteSelect, type RemoteOption } from '../../components/RemoteSelect';
import { advanceOnEnter, fieldErrorsOf, focusFirstInvalid } from '../../components/enterAdvances';
import { cityToday, formatIsoDate } from '../../dates';
import { formatDollars } from '../../money';

interface Draft {
  classCode: string;
  cycleCode: string;
  routeCode: string | null;
  dwellingUnits: string;
  startedOn: string;
  waterRate: string;
  meterSerial: string;
  reading: string;
  sewerRate: string;
  waiveDepositReason: string;
}

export function StartServiceScreen() {
  const navigate = useNavigate();
  const client = useQueryClient();
  const [params] = useSearchParams();
  const formRef = useRef<HTMLFormElement>(null);
  const setup = useUtilitySetup();
  const schedules = useRateSchedules();
  const [customer, setCustomer] = useState<RemoteOption | null>(null);
  const [customerSearch, setCustomerSearch] = useState('');
  const [location, setLocation] = useState<ServiceLocationFound | null>(null);
  const [locationSearch, setLocationSearch] = useState('');
  const [draft, setDraft] = useState<Draft>({ classCode: '', cycleCode: '', routeCode: null, dwellingUnits: '1', startedOn: cityToday(), waterRate: '',
    meterSerial: '', reading: '', sewerRate: '', waiveDepositReason: '' });
  const set = <Key extends keyof Draft>(key: Key, value: Draft[Key]) => setDraft((current) => ({ ...current, [key]: value }));

  // From the Customer 360: the customer is chosen already.
  const preset = useCustomer(params.get('customer') ?? undefined);
  useEffect(() => {
    if (preset.data && !customer) {
      const option = { value: String(preset.data.id), label: `${preset.data.legalName} (${preset.data.customerNumber})` };
      setCustomer(option);
      setCustomerSearch(option.label);
    }
  }, [preset.data, customer]);

  const customers = useCustomerSearch(customer && customerSearch === customer.label ? '' : customerSearch.trim());
  const customerOptions = (customers.data ?? []).slice(0, 10).map((hit) => ({
    value: String(hit.customerId), label: `${hit.legalName} (${hit.customerNumber})${hit.mailingAddress ? ` · ${hit.mailingAddress}` : ''}`,
  }));
  const locations = useServiceLocations(location && locationSearch === labelOfLocation(location) ? '' : locationSearch);
  const locationList = locations.data?.locations ?? [];

  const classes = setup.data?.classes ?? [];
  const cycles = (setup.data?.cycles ?? []).filter((cycle) => cycle.isActive);
  // Until the clerk chooses: the first class and cycle, and the cycle's first route (null = that default).
  const classCode = draft.classCode || (classes[0]?.code ?? '');
  const cycleCode = draft.cycleCode || (cycles[0]?.code ?? '');
  const routes = cycles.find((cycle) => cycle.code === cycleCode)?.routes ?? [];
  const routeCode = draft.routeCode ?? (routes[0]?.code ?? '');
  const waterSchedules = (schedules.data ?? []).filter((schedule) => schedule.serviceType === 'water' || schedule.serviceType === 'irrigation');
  const sewerSchedules = (schedules.data ?? []).filter((schedule) => schedule.serviceType === 'sewer');
  const selectedClass = classes.find((row) => row.code === classCode);

  function chooseLocation(found: ServiceLocationFound | null) {
    setLocation(found);
    const meter = found?.meters[0];
    setDraft((current) => ({ ...current, meterSerial: meter?.serial ?? '', reading: meter?.lastRead ? String(meter.lastRead.reading) : '' }));
  }

  const deposit = useDepositQuote({ classCode, customerId: customer ? Number(customer.value) : null, startedOn: draft.startedOn });
  const reading = draft.meterSerial && draft.reading.trim() !== '' ? readingOf(draft.reading) : null;
  const localErrors: Record<string, string> = {};
  if (reading?.error) localErrors.reading = reading.error;
  if (!/^\d{1,5}$/.test(draft.dwellingUnits.trim())) localErrors.dwellingUnits = 'a whole number from 1';
  if (!customer) localErrors.customerId = 'choose the customer';
  if (!location) localErrors.serviceLocationId = 'choose the service location';
  if (!draft.waterRate && !draft.sewerRate) localErrors.agreements = 'choose a water or a sewer rate (or both)';
  const [isSubmitted, setSubmitted] = useState(false);

  const start = useMutation({
    mutationFn: () => {
      const waterType = waterSchedules.find((schedule) => schedule.code === draft.waterRate)?.serviceType === 'irrigation' ? 'irrigation' : 'water';
      return startService({
        customerId: Number(customer?.value ?? 0), serviceLocationId: location?.id ?? 0, classCode, cycleCode,
        routeCode: routeCode || null, dwellingUnits: Number(draft.dwellingUnits), startedOn: draft.startedOn, paperless: false,
        agreements: [
          ...(draft.waterRate ? [{ serviceType: waterType, rateCode: draft.waterRate, meterSerial: draft.meterSerial || null } as const] : []),
          ...(draft.sewerRate ? [{ serviceType: 'sewer', rateCode: draft.sewerRate, meterSerial: null } as const] : []),
        ],
        readings: draft.waterRate && draft.meterSerial && reading?.reading !== undefined ? { [draft.meterSerial]: reading.reading } : {},
        waiveDepositReason: draft.waiveDepositReason.trim() || null,
      });
    },
    onSuccess: (account) => {
      const charged = account.deposits[0];
      notifications.show({ color: 'green', message: `${account.accountNumber} started for ${account.customerName}${charged ? `; deposit ${formatDollars(charged.amountCents)} billed` : ''}` });
      void client.invalidateQueries({ queryKey: ['utility'] });
      void client.invalidateQueries({ queryKey: ['customers'] });
      navigate(`/utility/accounts/${account.accountNumber}`);
    },
    onError: () => focusFirstInvalid(formRef.current),
  });
  const errors: Record<string, string> = { ...fieldErrorsOf(problemsOf(start.error)), ...(isSubmitted ? localErrors : {}) };
  const fieldError = isApiError(start.error) ? start.error.details.field : undefined;
  if (typeof fieldError === 'string' && !errors[fieldError]) errors[fieldError] = start.error?.message ?? '';
  const agreementError = Object.entries(errors).find(([field]) => field.startsWith('agreements'))?.[1];

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(localErrors).length > 0) return focusFirstInvalid(formRef.current);
    if (!start.isPending) start.mutate();
  }

  const occupied = location?.accountNumber ? `${location.accountNumber} (${location.customerName}) is in service here: stop or transfer it first` : null;
  return (
    <Stack maw={1100}>
      <PageTitle title="Start service" />
      <Card withBorder padding="md">
        <form ref={formRef} onSubmit={submit} onKeyDown={advanceOnEnter} aria-label="Start service">
          <Stack gap="sm">
            <SimpleGrid cols={2} spacing="md">
              <RemoteSelect label="Customer" placeholder="name, customer or account number" value={customer} onChange={setCustomer}
                search={customerSearch} onSearch={setCustomerSearch} options={customerOptions} autoFocus error={errors.customerId}
                nothingFoundMessage={customerSearch.trim().length >= 2 ? 'No customer found' : 'Type 2 letters or more'} />
              <RemoteSelect label="Service location" placeholder="location number or address" search={locationSearch} onSearch={setLocationSearch}
                value={location ? { value: String(location.id), label: labelOfLocation(location) } : null}
                onChange={(option) => chooseLocation(locationList.find((row) => String(row.id) === option?.value) ?? (option && location && String(location.id) === option.value ? location : null))}
                options={locationList.map((row) => ({ value: String(row.id), label: labelOfLocation(row) }))}
                error={errors.serviceLocationId ?? (occupied ?? undefined)}
                description={location ? locationDescription(location) : undefined}
                nothingFoundMessage={locationSearch.trim().length >= 2 ? 'No active service location found' : 'Type 2 characters or more'} />
            </SimpleGrid>
            <Group align="flex-start" gap="md" wrap="nowrap">
              <NativeSelect label="Class" value={classCode} onChange={(event) => set('classCode', event.currentTarget.value)} w={260}
                data={classes.map((row) => ({ value: row.code, label: row.name }))} error={errors.classCode} />
              <NativeSelect label="Cycle" value={cycleCode} w={300} error={errors.cycleCode}
                onChange={(event) => {
                  const chosen = event.currentTarget.value;
                  setDraft((current) => ({ ...current, cycleCode: chosen, routeCode: null }));
                }}
                data={cycles.map((cycle) => ({ value: cycle.code, label: `${cycle.code} · ${cycle.name}` }))} />
              <NativeSelect label="Route" value={routeCode} onChange={(event) => set('routeCode', event.currentTarget.value)} w={120}
                data={[{ value: '', label: '(none)' }, ...routes.map((route) => ({ value: route.code, label: route.code }))]} error={errors.routeCode} />
              <TextInput label="Units" value={draft.dwellingUnits} onChange={(event) => set('dwellingUnits', event.currentTarget.value)} w={80}
                title="Dwelling units"
                inputMode="numeric" error={errors.dwellingUnits} description={selectedClass?.tiersPerUnit ? 'tiers per unit' : undefined} />
              <TextInput label="Start date" type="date" value={draft.startedOn} onChange={(event) => set('startedOn', event.currentTarget.value)} w={160}
                error={errors.startedOn} />
            </Group>
            <Group align="flex-start" gap="md" wrap="nowrap">
              <NativeSelect label="Water rate" value={draft.waterRate} onChange={(event) => set('waterRate', event.currentTarget.value)} w={250}
                data={[{ value: '', label: '(no water service)' }, ...waterSchedules.map((schedule) => ({ value: schedule.code, label: `${schedule.code} · ${schedule.name}` }))]}
                error={errors['agreements[0].rateCode'] ?? errors['agreements[0].meterSerial']} />
              <NativeSelect label="Meter" value={draft.meterSerial} w={250} disabled={!draft.waterRate}
                onChange={(event) => {
                  const serial = event.currentTarget.value;
                  const meter = location?.meters.find((candidate) => candidate.serial === serial);
                  setDraft((current) => ({ ...current, meterSerial: serial, reading: meter?.lastRead ? String(meter.lastRead.reading) : '' }));
                }}
                data={[{ value: '', label: location?.meters.length ? '(unmetered)' : '(no meter at the location)' },
                  ...(location?.meters ?? []).map((meter) => ({ value: meter.serial, label: `${meter.serial} · ${meter.size}" ${meter.unit}` }))]} />
              <TextInput label="Move-in reading" value={draft.reading} onChange={(event) => set('reading', event.currentTarget.value)} w={130}
                inputMode="numeric" disabled={!draft.waterRate || !draft.meterSerial} error={errors.reading ?? errors[`readings.${draft.meterSerial}`]}
                description={lastReadText(location, draft.meterSerial)} />
              <NativeSelect label="Sewer rate" value={draft.sewerRate} onChange={(event) => set('sewerRate', event.currentTarget.value)} w={250}
                data={[{ value: '', label: '(no sewer service)' }, ...sewerSchedules.map((schedule) => ({ value: schedule.code, label: `${schedule.code} · ${schedule.name}` }))]} />
            </Group>
            {(errors.agreements || agreementError) && <Text size="sm" c="red.8">{errors.agreements ?? agreementError}</Text>}
            <Group justify="space-between" align="flex-end">
              <DepositPanel amountCents={deposit.data?.amountCents ?? null} reason={deposit.data?.reason ?? null} isLoading={deposit.isFetching}
                waiveReason={draft.waiveDepositReason} onWaiveReason={(text) => set('waiveDepositReason', text)} />
              <Button type="submit" loading={start.isPending} disabled={occupied !== null}>Start service</Button>
            </Group>
            {start.isError && <ErrorAlert error={start.error} title="Service was not started" />}
          </Stack>
        </form>
      </Card>
    </Stack>
  );
}

function labelOfLocation(location: ServiceLocationFound): string {
  return `${location.serviceAddress} (${location.locationNumber})`;
}

function locationDescription(location: ServiceLocationFound): string {
  const meters = location.meters.map((meter) => `meter ${meter.serial}`).join(', ');
  return `APN ${location.apn} · ${meters || 'no meter installed'}${location.accountNumber ? '' : ' · vacant'}`;
}

function lastReadText(location: ServiceLocationFound | null, serial: string): string | undefined {
  const meter = location?.meters.find((candidate) => candidate.serial === serial);
  return meter?.lastRead ? `last ${meter.lastRead.reading} on ${formatIsoDate(meter.lastRead.readDate)}` : undefined;
}

function DepositPanel({ amountCents, reason, isLoading, waiveReason, onWaiveReason }: {
  amountCents: number | null; reason: string | null; isLoading: boolean; waiveReason: string; onWaiveReason(text: string): void;
}) {
  const isDue = amountCents !== null && amountCents > 0;
  const text = useMemo(() => {
    if (amountCents === null) return isLoading ? 'Working out the deposit…' : 'Choose the class and the start date';
    if (!isDue) return 'No deposit for this class and customer';
    return `${formatDollars(amountCents)} — ${reason ?? 'deposit'}`;
  }, [amountCents, isDue, isLoading, reason]);
  return (
    <Group align="flex-end" gap="md">
      <Alert color={isDue && !waiveReason.trim() ? 'yellow' : 'gray'} variant="light" p="xs" title="Deposit to be charged" data-testid="deposit-quote" miw={360}>
        <Text size="sm" fw={isDue ? 700 : 400}>{waiveReason.trim() && isDue ? `Waived (${formatDollars(amountCents)} not billed)` : text}</Text>
      </Alert>
      {isDue && (
        <TextInput label="Waive the deposit: reason" value={waiveReason} onChange={(event) => onWaiveReason(event.currentTarget.value)} w={280}
          placeholder="leave empty to bill it" />
      )}
    </Group>
  );
}

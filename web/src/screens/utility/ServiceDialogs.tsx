/**
 * Stop and transfer service, from the utility account screen: the stop date (or the old
 * customer's last day) and the final reading of each meter the account reads; a transfer also
 * names the new customer (found as the clerk types). Keyboard-first: focus on the first field,
 * Enter moves on and submits at the end. The server checks everything again.
 */
import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { isApiError } from '../../api/client';
import { useCustomerSearch } from '../../api/customers';
import type { UtilityAccountView } from '../../api/utilityBills';
import { readingOf, stopService, transferService } from '../../api/utilityService';
import { ErrorAlert, problemsOf } from '../../components/ErrorAlert';
import { RemoteSelect, type RemoteOption } from '../../components/RemoteSelect';
import { advanceOnEnter, fieldErrorsOf, focusFirstInvalid } from '../../components/enterAdvances';
import { cityToday, formatIsoDate } from '../../dates';

type Kind = 'stop' | 'transfer';

/** The meters the account reads now, with their last reads (for the labels). */
function metersOf(view: UtilityAccountView): Array<{ serial: string; hint: string }> {
  const serials = [...new Set(view.account.agreements.filter((agreement) => agreement.endedOn === null && agreement.meterSerial).map((agreement) => agreement.meterSerial as string))];
  return serials.map((serial) => {
    const meter = view.meters.find((candidate) => candidate.serial === serial);
    return { serial, hint: meter ? `${meter.size}" · ${meter.dials} dials` : '' };
  });
}

export function ServiceDialog({ kind, view, onClose }: { kind: Kind; view: UtilityAccountView; onClose(): void }) {
  const { account } = view;
  const client = useQueryClient();
  const navigate = useNavigate();
  const formRef = useRef<HTMLFormElement>(null);
  const meters = metersOf(view);
  const [on, setOn] = useState(cityToday());
  const [readings, setReadings] = useState<Record<string, string>>({});
  const [customer, setCustomer] = useState<RemoteOption | null>(null);
  const [search, setSearch] = useState('');
  const customers = useCustomerSearch(kind === 'transfer' && !(customer && search === customer.label) ? search.trim() : '');
  const options = (customers.data ?? []).filter((hit) => hit.customerId !== account.customerId).slice(0, 10)
    .map((hit) => ({ value: String(hit.customerId), label: `${hit.legalName} (${hit.customerNumber})` }));

  const localErrors: Record<string, string> = {};
  const parsed: Record<string, number> = {};
  for (const meter of meters) {
    const text = readings[meter.serial] ?? '';
    if (text.trim() === '') continue;
    const reading = readingOf(text);
    if (reading.reading === undefined) localErrors[`readings.${meter.serial}`] = reading.error;
    else parsed[meter.serial] = reading.reading;
  }
  if (kind === 'transfer' && !customer) localErrors.toCustomerId = 'choose the new customer';

  const save = useMutation({
    mutationFn: async () => {
      if (kind === 'stop') return { stopped: await stopService(account.accountNumber, { stoppedOn: on, readings: parsed }), started: null };
      return transferService(account.accountNumber, { toCustomerId: Number(customer?.value), on, readings: parsed });
    },
    onSuccess: ({ stopped, started }) => {
      notifications.show({ color: 'green', message: started
        ? `${stopped.accountNumber} stops on ${formatIsoDate(stopped.stoppedOn)}; ${started.accountNumber} starts for ${started.customerName} on ${formatIsoDate(started.startedOn)}`
        : `${stopped.accountNumber} stops on ${formatIsoDate(stopped.stoppedOn)}; the final bill comes with cycle ${stopped.cycleCode}'s next run` });
      void client.invalidateQueries({ queryKey: ['utility'] });
      void client.invalidateQueries({ queryKey: ['customers'] });
      onClose();
      if (started) navigate(`/utility/accounts/${started.accountNumber}`);
    },
    onError: () => focusFirstInvalid(formRef.current),
  });
  const errors = fieldErrorsOf(problemsOf(save.error));
  const fieldError = isApiError(save.error) ? save.error.details.field : undefined;
  if (typeof fieldError === 'string' && !errors[fieldError]) errors[fieldError] = (save.error?.message ?? '').replace(`${fieldError}: `, '');
  const dateField = kind === 'stop' ? 'stoppedOn' : 'on';
  const [showLocal, setShowLocal] = useState(false);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (Object.keys(localErrors).length > 0) {
      setShowLocal(true);
      focusFirstInvalid(formRef.current);
      return;
    }
    if (!save.isPending) save.mutate();
  }
  const errorOf = (field: string) => (showLocal ? localErrors[field] : undefined) ?? errors[field];
  const title = kind === 'stop' ? `Stop service: ${account.accountNumber}` : `Transfer service: ${account.accountNumber}`;
  return (
    <Modal opened onClose={onClose} title={title} size="lg">
      <form ref={formRef} onSubmit={submit} onKeyDown={advanceOnEnter} aria-label={kind === 'stop' ? 'Stop service' : 'Transfer service'}>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {account.customerName} · {account.serviceAddress} ({account.locationNumber}) · billed through {account.billedThrough ? formatIsoDate(account.billedThrough) : 'not billed yet'}
          </Text>
          {kind === 'transfer' && (
            <RemoteSelect label="New customer" placeholder="name, customer or account number" value={customer} onChange={setCustomer} search={search}
              onSearch={setSearch} options={options} data-autofocus error={errorOf('toCustomerId') ?? errors.customerId}
              nothingFoundMessage={search.trim().length >= 2 ? 'No customer found' : 'Type 2 letters or more'} comboboxProps={{ withinPortal: true }} />
          )}
          <TextInput label={kind === 'stop' ? 'Stop date (last day of service)' : 'Last day of the current customer'} type="date" value={on}
            onChange={(event) => setOn(event.currentTarget.value)} error={errors[dateField] ?? errors.stoppedOn} w={260} data-autofocus={kind === 'stop' || undefined}
            description={kind === 'transfer' ? 'The new account starts the next day with the same services and meters' : undefined} />
          {meters.length === 0 && <Text size="sm" c="dimmed">No meter: unmetered services stop on the date.</Text>}
          {meters.map((meter) => (
            <TextInput key={meter.serial} label={`Final reading, meter ${meter.serial}`} description={meter.hint} inputMode="numeric" w={260}
              value={readings[meter.serial] ?? ''} onChange={(event) => {
                const text = event.currentTarget.value;
                setReadings((current) => ({ ...current, [meter.serial]: text }));
              }}
              error={errorOf(`readings.${meter.serial}`) ?? errors.reading} />
          ))}
          {save.isError && Object.keys(errors).length === 0 && <ErrorAlert error={save.error} title="That did not work" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={save.isPending} color={kind === 'stop' ? 'red' : undefined}>{kind === 'stop' ? 'Stop service' : 'Transfer service'}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

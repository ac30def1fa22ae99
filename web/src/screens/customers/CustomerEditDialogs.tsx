/**
 * Changing who a customer is: names, language, flags and notes (PATCH), and a new mailing address
 * (the current one becomes history; returned mail is usually why). Keyboard-first like the other
 * dialogs; the server's field errors show on the fields.
 */
import { Button, Checkbox, Group, Modal, NativeSelect, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { flagKeys, flagLabels, languageLabels, type CustomerDetail, type CustomerFlags } from '../../api/customers';
import { advanceOnEnter, fieldErrorsOf } from '../../components/enterAdvances';
import { ErrorAlert, problemsOf } from '../../components/ErrorAlert';
import { cityToday } from '../../dates';
import type { ActionOutcome } from './CustomerDialogs';

interface Props {
  customer: CustomerDetail;
  onClose(): void;
  onOutcome(outcome: ActionOutcome): void;
}

function sentence(message: string | undefined): string | undefined {
  return message ? message.charAt(0).toUpperCase() + message.slice(1) : undefined;
}

export function EditCustomerDialog({ customer, onClose, onOutcome }: Props) {
  const client = useQueryClient();
  const [legalName, setLegalName] = useState(customer.legalName);
  const [dbaName, setDbaName] = useState(customer.dbaName ?? '');
  const [preferredLanguage, setPreferredLanguage] = useState(customer.preferredLanguage);
  const [flags, setFlags] = useState<CustomerFlags>(customer.flags);
  const [notes, setNotes] = useState(customer.notes ?? '');
  const save = useMutation({
    mutationFn: () =>
      api.patch<unknown>(`/api/customers/${customer.id}`, {
        legalName,
        dbaName: customer.customerType === 'business' ? dbaName.trim() || null : null,
        preferredLanguage,
        flags,
        notes: notes.trim() || null,
      }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['customers'] });
      onOutcome({ color: 'green', title: 'Customer saved', message: `${legalName.trim()} (${customer.customerNumber}) updated.` });
      onClose();
    },
  });
  const errors = fieldErrorsOf(problemsOf(save.error));
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!save.isPending) save.mutate();
  }
  return (
    <Modal opened onClose={onClose} title={`Edit ${customer.customerNumber}`} size="lg">
      <form onSubmit={submit} onKeyDown={advanceOnEnter} aria-label="Edit customer" noValidate>
        <Stack gap="sm">
          <TextInput
            label={customer.customerType === 'business' ? 'Legal name of the business' : 'Full name'}
            data-autofocus
            value={legalName}
            onChange={(event) => setLegalName(event.currentTarget.value)}
            error={sentence(errors.legalName)}
          />
          {customer.customerType === 'business' && (
            <TextInput label="Doing business as (DBA)" value={dbaName} onChange={(event) => setDbaName(event.currentTarget.value)} error={sentence(errors.dbaName)} />
          )}
          <NativeSelect
            label="Language for letters and notices"
            value={preferredLanguage}
            onChange={(event) => setPreferredLanguage(event.currentTarget.value)}
            data={Object.entries(languageLabels).map(([value, label]) => ({ value, label }))}
            error={sentence(errors.preferredLanguage)}
            w={280}
          />
          <Text fw={600} size="sm">
            Flags
          </Text>
          <SimpleGrid cols={3} spacing="xs">
            {flagKeys.map((key) => (
              <Checkbox
                key={key}
                label={flagLabels[key].label}
                description={flagLabels[key].hint}
                checked={flags[key]}
                onChange={(event) => setFlags({ ...flags, [key]: event.currentTarget.checked })}
              />
            ))}
          </SimpleGrid>
          <Textarea label="Notes" autosize minRows={2} value={notes} onChange={(event) => setNotes(event.currentTarget.value)} error={sentence(errors.notes)} />
          {save.isError && <ErrorAlert error={save.error} title="Not saved" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Back
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function ChangeAddressDialog({ customer, onClose, onOutcome }: Props) {
  const client = useQueryClient();
  const [line1, setLine1] = useState('');
  const [line2, setLine2] = useState('');
  const [city, setCity] = useState(customer.mailingAddress?.city ?? '');
  const [state, setState] = useState(customer.mailingAddress?.state ?? 'CA');
  const [zip, setZip] = useState('');
  const [validFrom, setValidFrom] = useState(cityToday());
  const [clearReturnedMail, setClearReturnedMail] = useState(customer.flags.hasReturnedMail);
  const change = useMutation({
    mutationFn: async () => {
      await api.post<unknown>(`/api/customers/${customer.id}/mailing-address`, {
        line1,
        line2: line2.trim() || null,
        city,
        state,
        zip,
        validFrom: validFrom || null,
      });
      if (clearReturnedMail && customer.flags.hasReturnedMail) {
        await api.patch<unknown>(`/api/customers/${customer.id}`, { flags: { hasReturnedMail: false } });
      }
    },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['customers'] });
      onOutcome({
        color: 'green',
        title: 'Mailing address changed',
        message: `Letters to ${customer.legalName} now go to ${line1.trim()}, ${city.trim()}; the old address is kept as history.`,
      });
      onClose();
    },
  });
  const errors = fieldErrorsOf(problemsOf(change.error));
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!change.isPending) change.mutate();
  }
  return (
    <Modal opened onClose={onClose} title="New mailing address" size="lg">
      <form onSubmit={submit} onKeyDown={advanceOnEnter} aria-label="New mailing address" noValidate>
        <Stack gap="sm">
          {customer.mailingAddress && (
            <Text size="sm" c="dimmed">
              Now: {customer.mailingAddress.oneLine}
            </Text>
          )}
          <TextInput label="Street" data-autofocus value={line1} onChange={(event) => setLine1(event.currentTarget.value)} error={sentence(errors.line1)} />
          <TextInput label="Apartment, suite, PO box (optional)" value={line2} onChange={(event) => setLine2(event.currentTarget.value)} error={sentence(errors.line2)} />
          <Group align="flex-start" wrap="nowrap">
            <TextInput label="City" value={city} onChange={(event) => setCity(event.currentTarget.value)} error={sentence(errors.city)} style={{ flex: 1 }} />
            <TextInput label="State" value={state} maxLength={2} onChange={(event) => setState(event.currentTarget.value.toUpperCase())} error={sentence(errors.state)} w={80} />
            <TextInput label="ZIP" value={zip} inputMode="numeric" onChange={(event) => setZip(event.currentTarget.value)} error={sentence(errors.zip)} w={140} />
          </Group>
          <TextInput label="Valid from" type="date" value={validFrom} onChange={(event) => setValidFrom(event.currentTarget.value)} error={sentence(errors.validFrom)} w={180} />
          {customer.flags.hasReturnedMail && (
            <Checkbox
              label="Clear the Returned mail flag"
              checked={clearReturnedMail}
              onChange={(event) => setClearReturnedMail(event.currentTarget.checked)}
            />
          )}
          {change.isError && <ErrorAlert error={change.error} title="Not changed" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Back
            </Button>
            <Button type="submit" loading={change.isPending}>
              Change address
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

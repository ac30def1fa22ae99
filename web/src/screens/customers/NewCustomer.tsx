/**
 * A new customer: a person or a business, names, a phone and an email, the mailing address, the
 * language letters go out in, and flags. Enter moves to the next field, Ctrl+Enter saves. The
 * server checks everything; what it refuses shows next to the field at fault. While the name is
 * typed, customers with a similar name are listed, so a duplicate is caught before it exists.
 */
import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Grid,
  Group,
  NativeSelect,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import {
  flagKeys,
  flagLabels,
  languageLabels,
  useCustomerSearch,
  type CustomerDetail,
  type CustomerFlags,
  type CustomerType,
} from '../../api/customers';
import { advanceOnEnter, fieldErrorsOf, focusFirstInvalid } from '../../components/enterAdvances';
import { ErrorAlert, problemsOf } from '../../components/ErrorAlert';
import { PageTitle } from '../../components/PageTitle';
import { FlagBadges } from './FlagBadges';

const noFlags: CustomerFlags = {
  isCashOnly: false,
  hasReturnedMail: false,
  isDeceased: false,
  inBankruptcy: false,
  hasCollectionsHold: false,
};

interface Draft {
  customerType: CustomerType;
  legalName: string;
  dbaName: string;
  phone: string;
  email: string;
  line1: string;
  line2: string;
  city: string;
  state: string;
  zip: string;
  preferredLanguage: string;
  notes: string;
  flags: CustomerFlags;
}

function payloadOf(draft: Draft) {
  const hasAddress = [draft.line1, draft.line2, draft.city, draft.zip].some((value) => value.trim() !== '');
  return {
    customerType: draft.customerType,
    legalName: draft.legalName,
    dbaName: draft.customerType === 'business' && draft.dbaName.trim() ? draft.dbaName : null,
    preferredLanguage: draft.preferredLanguage,
    phones: draft.phone.trim() ? [{ value: draft.phone }] : [],
    emails: draft.email.trim() ? [{ value: draft.email }] : [],
    mailingAddress: hasAddress
      ? { line1: draft.line1, line2: draft.line2.trim() || null, city: draft.city, state: draft.state, zip: draft.zip }
      : null,
    flags: draft.flags,
    notes: draft.notes.trim() || null,
  };
}

/** "is required" -> "Is required": the API's messages name the field; next to it, they start the sentence. */
function sentence(message: string | undefined): string | undefined {
  return message ? message.charAt(0).toUpperCase() + message.slice(1) : undefined;
}

export function NewCustomer() {
  const navigate = useNavigate();
  const client = useQueryClient();
  const [params] = useSearchParams();
  const [draft, setDraft] = useState<Draft>(() => ({
    customerType: 'person',
    legalName: params.get('name') ?? '',
    dbaName: '',
    phone: '',
    email: '',
    line1: '',
    line2: '',
    city: 'Alder Creek',
    state: 'CA',
    zip: '',
    preferredLanguage: 'en',
    notes: '',
    flags: noFlags,
  }));
  const set = <K extends keyof Draft>(key: K) => (value: Draft[K]) => setDraft((current) => ({ ...current, [key]: value }));
  const [nameQuery] = useDebouncedValue(draft.legalName.trim(), 300);
  const similar = useCustomerSearch(nameQuery, nameQuery.length >= 3);

  const formRef = useRef<HTMLFormElement>(null);
  const create = useMutation({
    mutationFn: () => api.post<CustomerDetail>('/api/customers', payloadOf(draft)),
    onError: () => focusFirstInvalid(formRef.current),
    onSuccess: (customer) => {
      void client.invalidateQueries({ queryKey: ['customers'] });
      notifications.show({ color: 'green', title: `Customer ${customer.customerNumber} added`, message: customer.legalName });
      navigate(`/customers/${customer.id}`);
    },
  });
  const errors = fieldErrorsOf(problemsOf(create.error));
  const err = (field: string) => sentence(errors[field]);
  const knownFields = new Set([
    'customerType', 'legalName', 'dbaName', 'preferredLanguage', 'phones[0].value', 'emails[0].value', 'mailingAddress',
    'mailingAddress.line1', 'mailingAddress.line2', 'mailingAddress.city', 'mailingAddress.state', 'mailingAddress.zip',
    'notes',
  ]);
  const otherProblems = problemsOf(create.error).filter((problem) => !problem.field || !knownFields.has(problem.field));

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!create.isPending) create.mutate();
  }

  const matches = nameQuery.length >= 3 ? (similar.data ?? []).slice(0, 5) : [];
  return (
    <Stack maw={1100}>
      <PageTitle title="New customer" />
      <Text size="sm" c="dimmed">
        Enter moves to the next field; Ctrl+Enter saves. Only the name is required.
      </Text>
      <Grid gap="xl">
        <Grid.Col span={8}>
          <form ref={formRef} onSubmit={submit} onKeyDown={advanceOnEnter} aria-label="New customer" noValidate>
            <Stack gap="sm">
              <SegmentedControl
                value={draft.customerType}
                onChange={(value) => set('customerType')(value as CustomerType)}
                data={[
                  { value: 'person', label: 'Person' },
                  { value: 'business', label: 'Business' },
                ]}
                w={240}
                aria-label="Customer type"
              />
              <TextInput
                label={draft.customerType === 'business' ? 'Legal name of the business' : 'Full name'}
                required
                autoFocus
                value={draft.legalName}
                onChange={(event) => set('legalName')(event.currentTarget.value)}
                error={err('legalName')}
              />
              {draft.customerType === 'business' && (
                <TextInput
                  label="Doing business as (DBA)"
                  value={draft.dbaName}
                  onChange={(event) => set('dbaName')(event.currentTarget.value)}
                  error={err('dbaName')}
                />
              )}
              <Group grow align="flex-start">
                <TextInput
                  label="Phone"
                  type="tel"
                  placeholder="(530) 555-0101"
                  value={draft.phone}
                  onChange={(event) => set('phone')(event.currentTarget.value)}
                  error={err('phones[0].value')}
                />
                <TextInput
                  label="Email"
                  type="email"
                  placeholder="name@example.com"
                  value={draft.email}
                  onChange={(event) => set('email')(event.currentTarget.value)}
                  error={err('emails[0].value')}
                />
              </Group>
              <Text fw={600} size="sm" mt="xs">
                Mailing address
              </Text>
              {errors.mailingAddress && <Text size="sm" c="red">{sentence(errors.mailingAddress)}</Text>}
              <TextInput
                label="Street"
                placeholder="123 Main St"
                value={draft.line1}
                onChange={(event) => set('line1')(event.currentTarget.value)}
                error={err('mailingAddress.line1')}
              />
              <TextInput
                label="Apartment, suite, PO box (optional)"
                value={draft.line2}
                onChange={(event) => set('line2')(event.currentTarget.value)}
                error={err('mailingAddress.line2')}
              />
              <Group align="flex-start" wrap="nowrap">
                <TextInput
                  label="City"
                  value={draft.city}
                  onChange={(event) => set('city')(event.currentTarget.value)}
                  error={err('mailingAddress.city')}
                  style={{ flex: 1 }}
                />
                <TextInput
                  label="State"
                  value={draft.state}
                  maxLength={2}
                  onChange={(event) => set('state')(event.currentTarget.value.toUpperCase())}
                  error={err('mailingAddress.state')}
                  w={80}
                />
                <TextInput
                  label="ZIP"
                  value={draft.zip}
                  inputMode="numeric"
                  onChange={(event) => set('zip')(event.currentTarget.value)}
                  error={err('mailingAddress.zip')}
                  w={140}
                />
              </Group>
              <NativeSelect
                label="Language for letters and notices"
                value={draft.preferredLanguage}
                onChange={(event) => set('preferredLanguage')(event.currentTarget.value)}
                data={Object.entries(languageLabels).map(([value, label]) => ({ value, label }))}
                error={err('preferredLanguage')}
                w={280}
              />
              <Text fw={600} size="sm" mt="xs">
                Flags
              </Text>
              <Group gap="lg">
                {flagKeys.map((key) => (
                  <Checkbox
                    key={key}
                    label={flagLabels[key].label}
                    checked={draft.flags[key]}
                    onChange={(event) => set('flags')({ ...draft.flags, [key]: event.currentTarget.checked })}
                    error={err(`flags.${key}`)}
                  />
                ))}
              </Group>
              <Textarea
                label="Notes (optional)"
                autosize
                minRows={2}
                value={draft.notes}
                onChange={(event) => set('notes')(event.currentTarget.value)}
                error={err('notes')}
              />
              {create.isError && (otherProblems.length > 0 || problemsOf(create.error).length === 0) && (
                <ErrorAlert error={create.error} title="Not saved" />
              )}
              {create.isError && otherProblems.length === 0 && problemsOf(create.error).length > 0 && (
                <Alert color="red" role="alert" title="Not saved">
                  Some fields need attention (see the red notes).
                </Alert>
              )}
              <Group>
                <Button type="submit" loading={create.isPending}>
                  Save customer
                </Button>
                <Button variant="subtle" component={Link} to="/customers">
                  Cancel
                </Button>
              </Group>
            </Stack>
          </form>
        </Grid.Col>
        <Grid.Col span={4}>
          <Stack gap="xs" aria-label="Customers with a similar name">
            <Text fw={600} size="sm">
              Already a customer?
            </Text>
            {nameQuery.length < 3 && (
              <Text size="sm" c="dimmed">
                Customers with a similar name show here as you type.
              </Text>
            )}
            {nameQuery.length >= 3 && similar.isSuccess && matches.length === 0 && (
              <Text size="sm" c="dimmed">
                No customer has a similar name.
              </Text>
            )}
            {matches.map((match) => (
              <div key={match.customerId}>
                <Anchor component={Link} to={`/customers/${match.customerId}`} size="sm" fw={600}>
                  {match.legalName}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {match.customerNumber} · {match.mailingAddress ?? 'no address'}
                </Text>
                <FlagBadges flags={match.flags} size="xs" />
              </div>
            ))}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

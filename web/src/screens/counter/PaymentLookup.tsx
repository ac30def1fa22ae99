/**
 * The lookup box of the counter: a scanned stub, an account number or a customer's name; Enter
 * searches. One account (or a scanned stub) is taken at once; several customers are listed as
 * buttons (the first has the focus: arrows or Tab move, Enter takes one).
 */
import { Badge, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent, type Ref } from 'react';
import { lookupPayable, type PayableMatch } from '../../api/cashiering';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDollars } from '../../money';

interface PaymentLookupProps {
  inputRef: Ref<HTMLInputElement>;
  onFound(match: PayableMatch, scanned: boolean): void;
}

export function PaymentLookup({ inputRef, onFound }: PaymentLookupProps) {
  const [text, setText] = useState('');
  const [choices, setChoices] = useState<PayableMatch[] | null>(null);
  const firstChoice = useRef<HTMLButtonElement>(null);
  const lookup = useMutation({
    mutationFn: (query: string) => lookupPayable(query),
    onSuccess: (result) => {
      const only = result.matches[0];
      if (result.matches.length === 1 && only && (only.accountNumber !== null || result.scanned)) {
        setChoices(null);
        setText('');
        onFound(only, result.scanned);
        return;
      }
      setChoices(result.matches);
    },
  });

  useEffect(() => {
    if (choices && choices.length > 0) firstChoice.current?.focus();
  }, [choices]);

  function search(event: FormEvent) {
    event.preventDefault();
    if (text.trim() !== '' && !lookup.isPending) lookup.mutate(text.trim());
  }

  function take(match: PayableMatch) {
    setChoices(null);
    setText('');
    onFound(match, false);
  }

  function moveAmongChoices(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const buttons = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('button')];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = buttons[at + (event.key === 'ArrowDown' ? 1 : -1)];
    if (next) {
      event.preventDefault();
      next.focus();
    }
  }

  return (
    <Stack gap="xs">
      <form onSubmit={search} role="search" aria-label="Find what to pay">
        <Group align="flex-end" gap="xs">
          <TextInput
            ref={inputRef}
            label="Scan a stub, or type an account number or a name"
            placeholder="UB 000100234 0000012345 7 · UB-100234 · Garcia"
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
            autoComplete="off"
            spellCheck={false}
            w={440}
            data-autofocus
          />
          <Button type="submit" variant="default" leftSection={<IconSearch size={16} aria-hidden />} loading={lookup.isPending}>
            Find
          </Button>
        </Group>
      </form>
      {lookup.isError && <ErrorAlert error={lookup.error} title="The lookup did not work" />}
      {choices && choices.length === 0 && (
        <Text size="sm" c="red.8" role="status">Nothing found for “{lookup.variables}”. Try the account number or another spelling.</Text>
      )}
      {choices && choices.length > 0 && (
        <div role="group" aria-label="Matching customers" onKeyDown={moveAmongChoices}>
          <Text size="sm" c="dimmed" mb={4}>Choose the customer (arrows, Enter):</Text>
          <Stack gap={4}>
            {choices.map((match, index) => (
              <Button
                key={`${match.customerId}-${match.accountNumber ?? ''}`}
                ref={index === 0 ? firstChoice : undefined}
                variant="light"
                justify="flex-start"
                onClick={() => take(match)}
                w={440}
              >
                {match.customerName} · {match.customerNumber}
                {match.accountNumber ? ` · ${match.accountNumber}` : ''}
                {match.amountDueCents !== null ? ` · ${formatDollars(match.amountDueCents)} due` : ''}
                {match.isCashOnly && <Badge color="red" size="xs" ml="xs">cash only</Badge>}
              </Button>
            ))}
          </Stack>
        </div>
      )}
    </Stack>
  );
}

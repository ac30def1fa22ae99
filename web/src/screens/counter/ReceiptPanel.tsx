/**
 * A receipt on screen with what a cashier does with it: Print (counted; the first print is the
 * original, every later one says COPY), the PDF (also counted), and email. Only the receipt prints.
 */
import { Anchor, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconFileTypePdf, IconMail, IconPrinter } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode, type Ref } from 'react';
import { flushSync } from 'react-dom';
import { emailReceipt, receiptPdfUrl, recordReceiptPrint, type Receipt } from '../../api/cashiering';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ThermalReceipt } from './ThermalReceipt';

interface ReceiptPanelProps {
  receipt: Receipt;
  printRef?: Ref<HTMLButtonElement>;
  /** After the print dialog: e.g. focus "New payment". */
  onPrinted?(): void;
  /** Buttons beside Print (New payment, Request void…). */
  children?: ReactNode;
}

export function ReceiptPanel({ receipt: initial, printRef, onPrinted, children }: ReceiptPanelProps) {
  const client = useQueryClient();
  const [receipt, setReceipt] = useState(initial);
  const [shownCopy, setShownCopy] = useState<number | null>(null);
  const [emailTo, setEmailTo] = useState(initial.emailTo ?? '');
  if (initial.receiptNumber !== receipt.receiptNumber) {
    setReceipt(initial);
    setShownCopy(null);
  }
  const isReprint = receipt.printCount > 0;
  const print = useMutation({
    mutationFn: () => recordReceiptPrint(receipt.receiptNumber),
    onSuccess: (result) => {
      // The COPY mark must be on the page before the print dialog takes its picture.
      flushSync(() => {
        setReceipt(result.receipt);
        setShownCopy(result.copyNumber);
      });
      window.print();
      void client.invalidateQueries({ queryKey: ['cashiering', 'receipts'] });
      onPrinted?.();
    },
  });
  const email = useMutation({ mutationFn: () => emailReceipt(receipt.receiptNumber, emailTo.trim()) });

  function sendEmail(event: FormEvent) {
    event.preventDefault();
    if (emailTo.trim() && !email.isPending) email.mutate();
  }

  return (
    <Group align="flex-start" gap="lg">
      <ThermalReceipt receipt={receipt} copyNumber={shownCopy ?? receipt.printCount} />
      <Stack className="no-print" gap="sm" maw={360}>
        <Group gap="xs">
          <Button
            ref={printRef}
            leftSection={<IconPrinter size={16} aria-hidden />}
            onClick={() => print.mutate()}
            loading={print.isPending}
          >
            {isReprint ? 'Reprint (COPY)' : 'Print receipt'}
          </Button>
          {children}
        </Group>
        <Text size="xs" c="dimmed">
          {isReprint ? `Printed ${receipt.printCount} time${receipt.printCount === 1 ? '' : 's'}; a reprint is marked COPY.` : 'Not printed yet: the first print is the original.'}
        </Text>
        {print.isError && <ErrorAlert error={print.error} title="The print was not recorded" />}
        <Anchor href={receiptPdfUrl(receipt.receiptNumber)} target="_blank" size="sm">
          <Group gap={4} component="span"><IconFileTypePdf size={16} aria-hidden /> Receipt PDF (80 mm){isReprint ? ', COPY' : ''}</Group>
        </Anchor>
        <form onSubmit={sendEmail} aria-label="Email the receipt">
          <Group gap="xs" align="flex-end">
            <TextInput label="Email the receipt to" type="email" value={emailTo} onChange={(event) => setEmailTo(event.currentTarget.value)} w={230} size="xs" />
            <Button type="submit" size="xs" variant="default" leftSection={<IconMail size={14} aria-hidden />} loading={email.isPending}>
              Send
            </Button>
          </Group>
        </form>
        {email.isSuccess && <Text size="sm" c="green.8">Queued for {emailTo.trim()}.</Text>}
        {email.isError && <ErrorAlert error={email.error} title="The email was not queued" />}
      </Stack>
    </Group>
  );
}

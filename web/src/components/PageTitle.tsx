import { Group, Title } from '@mantine/core';
import { useEffect, type ReactNode } from 'react';

/** The screen's heading, also the document title (what a screen reader and the tab show). */
export function PageTitle({ title, children }: { title: string; children?: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · Civic Ledger`;
  }, [title]);
  return (
    <Group justify="space-between" mb="md" wrap="nowrap" className="page-title">
      <Title order={2}>{title}</Title>
      {children && (
        <Group gap="xs" className="no-print">
          {children}
        </Group>
      )}
    </Group>
  );
}

import { Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A labeled value in a header: the label small and dimmed above, the value below. */
export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="sm" fw={500} component="div">{children}</Text>
    </div>
  );
}

/** What a printed report carries at the top: title, as-of date, fund, who printed it and when. */
import { Text } from '@mantine/core';
import { useSession } from '../app/session';
import { CITY_NAME } from '../app/city';
import { formatInstant } from '../dates';

export function PrintHeader({ title, lines }: { title: string; lines: string[] }) {
  const { session } = useSession();
  return (
    <div className="print-only" data-testid="print-header">
      <Text fw={700} size="lg">
        {CITY_NAME} · {title}
      </Text>
      {lines.map((line) => (
        <Text key={line} size="sm">
          {line}
        </Text>
      ))}
      <Text size="sm">
        Printed by {session.user.displayName} ({session.user.username}) on{' '}
        {formatInstant(new Date().toISOString(), true)}
      </Text>
      <hr />
    </div>
  );
}

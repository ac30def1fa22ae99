/** A customer's flags as badges a clerk cannot miss (cash only, returned mail, deceased, ...). */
import { Badge, Group, Tooltip } from '@mantine/core';
import { flagKeys, flagLabels, type CustomerFlags } from '../../api/customers';

export function FlagBadges({ flags, size = 'sm' }: { flags: CustomerFlags; size?: 'xs' | 'sm' | 'lg' }) {
  const raised = flagKeys.filter((key) => flags[key]);
  if (raised.length === 0) return null;
  return (
    <Group gap={6} wrap="wrap" aria-label="Flags">
      {raised.map((key) => (
        <Tooltip key={key} label={flagLabels[key].hint} withinPortal>
          <Badge color={flagLabels[key].color} size={size} variant="filled" data-testid={`flag-${key}`}>
            {flagLabels[key].label}
          </Badge>
        </Tooltip>
      ))}
    </Group>
  );
}

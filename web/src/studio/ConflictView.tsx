/**
 * A refused import (409): each cause (the same content under another digest, a lowered version,
 * other bundles and the pools and deployments built on them), and the overwrite choice, which names
 * exactly what it would replace and change (from a dry run with overwrite).
 */
import { Alert, Checkbox, List, Stack, Text } from '@mantine/core';
import type { Cause } from '../api/client';
import type { ImportReport } from './studioApi';

const TITLES: Record<string, string> = {
  Conflict: 'Exists with other content',
  Downgrade: 'Lowers the version',
  SharedObject: 'Other objects of the namespace would change',
};

/** What an overwrite would do, in one sentence (from the overwrite dry run's report). */
export const overwriteSummary = (preview: ImportReport): string => {
  const replaced = preview.objects.filter((o) => o.action === 'update').map((o) => `${o.kind} ${o.name}`);
  const parts = [];
  if (replaced.length) parts.push(`replace ${replaced.join(', ')}`);
  if (preview.downgrade)
    parts.push(`lower ${preview.bundle.name} from ${preview.downgrade.from} to ${preview.downgrade.to}`);
  if (preview.affected.length)
    parts.push(`change ${preview.affected.map((a) => `${a.kind} ${a.name}`).join(', ')}`);
  return parts.length ? `Overwrite: ${parts.join('; ')}` : 'Overwrite';
};

export const ConflictView = ({
  message,
  causes,
  preview,
  overwrite,
  onOverwrite,
}: {
  message: string;
  causes: Cause[];
  /** The overwrite dry run's report, when it has been read. */
  preview?: ImportReport;
  overwrite: boolean;
  onOverwrite: (on: boolean) => void;
}) => {
  const groups = new Map<string, Cause[]>();
  for (const c of causes) groups.set(c.reason, [...(groups.get(c.reason) ?? []), c]);
  return (
    <Alert color="orange" title="The import conflicts with what the namespace holds" role="alert">
      <Stack gap="xs">
        {/* The message repeats the causes; alone it is shown only when there are none. */}
        {causes.length ? null : <Text size="sm">{message}</Text>}
        {[...groups].map(([reason, list]) => (
          <div key={reason}>
            <Text size="sm" fw={600}>
              {TITLES[reason] ?? reason}
            </Text>
            <List size="sm" aria-label={TITLES[reason] ?? reason}>
              {list.map((c, i) => (
                <List.Item key={i}>{c.message}</List.Item>
              ))}
            </List>
          </div>
        ))}
        <Checkbox
          mt="xs"
          checked={overwrite}
          disabled={!preview}
          onChange={(e) => onOverwrite(e.currentTarget.checked)}
          label={preview ? overwriteSummary(preview) : 'Overwrite (reading what it would change…)'}
          description="Goes through the same checks as any change; deployments on the changed bundles are re-planned."
        />
      </Stack>
    </Alert>
  );
};

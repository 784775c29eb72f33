import { Badge, Group } from '@mantine/core';

/** An object's labels as small badges (`key=value`). */
export const Labels = ({ labels, max = 3 }: { labels: Record<string, string> | undefined; max?: number }) => {
  const entries = Object.entries(labels ?? {});
  return (
    <Group gap={4} wrap="nowrap">
      {entries.slice(0, max).map(([k, v]) => (
        <Badge key={k} variant="outline" radius="sm" size="sm" tt="none" title={`${k}=${v}`}>
          {k.replace(/^palette\.ai\//, '')}={v}
        </Badge>
      ))}
      {entries.length > max ? (
        <Badge variant="transparent" size="sm">
          +{entries.length - max}
        </Badge>
      ) : null}
    </Group>
  );
};

/** How long ago a timestamp was, in kubectl's short form (`42s`, `5m`, `3h`, `2d`). */
export const age = (timestamp: string | null | undefined, now = Date.now()): string => {
  if (!timestamp) return '';
  const s = Math.max(0, Math.floor((now - Date.parse(timestamp)) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7_200) return `${Math.floor(s / 60)}m`;
  if (s < 172_800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
};

export const Age = ({ timestamp }: { timestamp: string | null | undefined }) => (
  <time dateTime={timestamp ?? undefined} title={timestamp ?? undefined}>
    {age(timestamp)}
  </time>
);

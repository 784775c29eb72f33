/**
 * An object's phase as a timeline: the steps the controllers recorded as core v1 Events about it
 * (kept live by a watch) and the transitions of its conditions, newest first, under its current
 * phase. Used by the compute pool and deployment detail pages.
 */
import { Group, Text, Timeline } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconCircleDot, IconFlag } from '@tabler/icons-react';
import { useMemo } from 'react';
import type { Event } from '../../../src/model/index.js';
import { useList } from '../api/hooks';
import { Age } from './Age';
import type { Condition } from './Conditions';
import { PhaseBadge } from './PhaseBadge';
import { ErrorAlert } from './states';

/** One step of the timeline. */
export interface TimelineStep {
  key: string;
  time: string | undefined;
  title: string;
  message?: string;
  tone: 'normal' | 'warning' | 'condition-true' | 'condition-false';
  count?: number;
}

const timeOf = (e: Event) =>
  e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp;

/** The steps of an object from its Events and conditions, newest first (undated last). */
export const timelineSteps = (
  events: readonly Event[],
  conditions: readonly Condition[] | undefined,
  kind: string,
  name: string,
): TimelineStep[] => {
  const fromEvents = events
    .filter((e) => e.involvedObject.kind === kind && e.involvedObject.name === name)
    .map((e): TimelineStep => ({
      key: `event/${e.metadata.name}`,
      time: timeOf(e) ?? undefined,
      title: e.reason ?? 'Event',
      ...(e.message ? { message: e.message } : {}),
      tone: e.type === 'Warning' ? 'warning' : 'normal',
      ...(e.count && e.count > 1 ? { count: e.count } : {}),
    }));
  const fromConditions = (conditions ?? []).map((c): TimelineStep => ({
    key: `condition/${c.type}`,
    time: c.lastTransitionTime,
    title: `${c.type} ${c.status}${c.reason ? ` (${c.reason})` : ''}`,
    ...(c.message ? { message: c.message } : {}),
    tone: c.status === 'True' ? 'condition-true' : 'condition-false',
  }));
  const at = (s: TimelineStep) => (s.time ? Date.parse(s.time) : -Infinity);
  return [...fromEvents, ...fromConditions].sort((a, b) => at(b) - at(a) || a.key.localeCompare(b.key));
};

const ICONS = {
  normal: <IconCircleDot size={14} />,
  warning: <IconAlertTriangle size={14} />,
  'condition-true': <IconCircleCheck size={14} />,
  'condition-false': <IconCircleDot size={14} />,
};
const COLORS = { normal: 'blue', warning: 'red', 'condition-true': 'green', 'condition-false': 'gray' };

/**
 * The timeline of object `kind`/`name` in `namespace`: its current `phase` on top, then its Events
 * and its `conditions` (pass `status.conditions`), newest first.
 */
export const PhaseTimeline = ({
  kind,
  name,
  namespace,
  phase,
  conditions,
}: {
  kind: string;
  name: string;
  namespace: string;
  phase?: string | undefined;
  conditions?: readonly Condition[] | undefined;
}) => {
  // The server selects Events by metadata fields only, so the namespace's Events are filtered here.
  const events = useList<Event>('Event', namespace);
  const steps = useMemo(
    () => timelineSteps(events.items, conditions, kind, name),
    [events.items, conditions, kind, name],
  );
  return (
    <section aria-label="Phase timeline">
      <Timeline active={0} bulletSize={22} lineWidth={2}>
        <Timeline.Item
          bullet={<IconFlag size={14} />}
          title={
            <Group gap="xs">
              <Text fw={600} size="sm">
                Now
              </Text>
              <PhaseBadge phase={phase} />
            </Group>
          }
        />
        {steps.map((s) => (
          <Timeline.Item
            key={s.key}
            bullet={ICONS[s.tone]}
            color={COLORS[s.tone]}
            title={
              <Group gap="xs">
                <Text fw={600} size="sm">
                  {s.title}
                </Text>
                {s.count ? (
                  <Text size="xs" c="dimmed">
                    ×{s.count}
                  </Text>
                ) : null}
                {s.time ? (
                  <Text size="xs" c="dimmed">
                    <Age timestamp={s.time} /> ago
                  </Text>
                ) : null}
              </Group>
            }
          >
            {s.message ? (
              <Text size="sm" c="dimmed">
                {s.message}
              </Text>
            ) : null}
          </Timeline.Item>
        ))}
      </Timeline>
      {events.error ? <ErrorAlert error={events.error} title="The events could not be read" /> : null}
      {!events.loading && steps.length === 0 ? (
        <Text size="sm" c="dimmed">
          No events recorded yet.
        </Text>
      ) : null}
    </section>
  );
};

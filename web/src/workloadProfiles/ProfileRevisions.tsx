/**
 * A workload profile's revisions, newest first: the current one and the earlier ones the server
 * keeps in `status.history`, each with the bundles of the project that deploy it (those that pin
 * it, and for the current one those that take the latest), and its spec on demand.
 */
import { Accordion, Anchor, Badge, Code, Group, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { stringify } from 'yaml';
import {
  WORKLOAD_PROFILE_HISTORY,
  type ProfileBundle,
  type WorkloadProfile,
} from '../../../src/model/index.js';
import { to } from '../app/paths';

/** One revision of a profile, as the panel lists it. */
export interface RevisionRow {
  revision: number;
  current: boolean;
  spec: WorkloadProfile['spec'];
  /** Bundles that deploy this revision: those pinning it, and (current) those taking the latest. */
  deployedBy: { bundle: string; pinned: boolean }[];
}

/** The revisions of `p`, newest first, with the bundles among `bundles` that deploy each. */
export const revisionRows = (p: WorkloadProfile, bundles: readonly ProfileBundle[]): RevisionRow[] => {
  const current = p.status?.revision ?? 1;
  const refs = bundles.flatMap((b) =>
    (b.spec.workloadProfiles ?? [])
      .filter((r) => r.name === p.metadata.name)
      .map((r) => ({ bundle: b.metadata.name, revision: r.revision })),
  );
  const deployedBy = (revision: number, isCurrent: boolean) =>
    refs
      .filter((r) => r.revision === revision || (isCurrent && r.revision === undefined))
      .map((r) => ({ bundle: r.bundle, pinned: r.revision !== undefined }));
  return [
    { revision: current, current: true, spec: p.spec, deployedBy: deployedBy(current, true) },
    ...[...(p.status?.history ?? [])].reverse().map((h) => ({
      revision: h.revision,
      current: false,
      spec: h.spec,
      deployedBy: deployedBy(h.revision, false),
    })),
  ];
};

/** The revisions panel of a workload profile's page. */
export const ProfileRevisions = ({
  profile,
  bundles,
  namespace,
}: {
  profile: WorkloadProfile;
  bundles: readonly ProfileBundle[];
  namespace: string;
}) => {
  const rows = revisionRows(profile, bundles);
  return (
    <>
      <Text size="sm" c="dimmed" mb="xs">
        Every spec change is a new revision; up to {WORKLOAD_PROFILE_HISTORY} earlier ones stay readable (1
        MiB of specs), so a bundle that pins one keeps deploying it.
      </Text>
      <Accordion variant="separated" aria-label="Revisions">
        {rows.map((r) => (
          <Accordion.Item key={r.revision} value={String(r.revision)}>
            <Accordion.Control aria-label={`Revision ${r.revision}`}>
              <Group gap="xs">
                <Text fw={600}>Revision {r.revision}</Text>
                {r.current ? (
                  <Badge variant="light" size="sm">
                    current
                  </Badge>
                ) : null}
                <Text size="sm" c="dimmed">
                  {r.spec.workload.components.length} component
                  {r.spec.workload.components.length === 1 ? '' : 's'}
                </Text>
                {r.deployedBy.length ? (
                  <Text size="sm">
                    {r.deployedBy.map((d) => `${d.bundle}${d.pinned ? ' (pinned)' : ''}`).join(', ')}
                  </Text>
                ) : null}
              </Group>
            </Accordion.Control>
            <Accordion.Panel>
              {r.deployedBy.length ? (
                <Group gap="xs" mb="xs">
                  <Text size="sm">Deployed by</Text>
                  {r.deployedBy.map((d) => (
                    <Anchor key={d.bundle} component={Link} to={to.bundle(namespace, d.bundle)} size="sm">
                      {d.bundle}
                    </Anchor>
                  ))}
                </Group>
              ) : null}
              <Code block>{stringify(r.spec)}</Code>
            </Accordion.Panel>
          </Accordion.Item>
        ))}
      </Accordion>
    </>
  );
};

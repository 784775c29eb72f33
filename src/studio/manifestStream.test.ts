import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inWriteOrder } from '../kinds/index.js';
import type { KubeObject } from '../model/index.js';
import { inspectFiles } from './archiveContent.js';
import { readFolder } from './folder.js';
import { bare } from './testArchives.js';
import { ManifestStream, streamOrder, writeRank, type ArchiveManifest } from './manifestStream.js';

const object = (kind: string, name: string) =>
  ({ apiVersion: 'v1', kind, metadata: { name }, spec: {} }) as unknown as KubeObject;

describe('streamOrder', () => {
  it('reads the bundle first, then the folders by the write rank of their kinds, by path within one', () => {
    const order = streamOrder([
      'cluster-profiles/a.yaml',
      'definitions/d.yaml',
      'profilebundle.yaml',
      'repositories/b.yaml',
      'repositories/a.yaml',
      'studio.yaml',
      'variable-sets/v.yaml',
      'workload-profiles/w.yaml',
    ]);
    expect(order.map((o) => o.path)).toEqual([
      'profilebundle.yaml',
      'variable-sets/v.yaml',
      'definitions/d.yaml',
      'repositories/b.yaml',
      'repositories/a.yaml',
      'cluster-profiles/a.yaml',
      'workload-profiles/w.yaml',
      'studio.yaml',
    ]);
    // Each file knows the lowest rank a later file may hold.
    expect(order.find((o) => o.path === 'repositories/b.yaml')!.next).toBe(writeRank('HelmRepository'));
    expect(order.find((o) => o.path === 'repositories/a.yaml')!.next).toBe(writeRank('ClusterProfile'));
  });
});

describe('ManifestStream', () => {
  it('holds an object until no file still to read may hold one of a lower rank, stable within a rank', () => {
    const out: string[] = [];
    const s = new ManifestStream((m) => out.push(`${m.kind}/${m.name}`));
    s.offer(object('ProfileBundle', 'b'), 0);
    expect(out).toEqual(['ProfileBundle/b']);
    // repositories/x.yaml holds an OCI and a Helm repository; the next file is in the same folder.
    s.offer(object('OCIRepository', 'oci-1'), 1);
    s.offer(object('HelmRepository', 'helm-1'), 2);
    s.fileDone(writeRank('HelmRepository'));
    expect(out).toEqual(['ProfileBundle/b', 'HelmRepository/helm-1']);
    s.offer(object('HelmRepository', 'helm-2'), 3);
    s.offer(object('OCIRepository', 'oci-2'), 4);
    s.fileDone(writeRank('ClusterProfile'));
    expect(out.slice(2)).toEqual(['HelmRepository/helm-2', 'OCIRepository/oci-1', 'OCIRepository/oci-2']);
  });
});

describe('inspectFiles handing objects out while it reads', () => {
  it.each(['vllm-fullstack', 'jupyterhub', 'edge-gpu-infra'])(
    '%s: the same report, and every object once, in write order',
    async (name) => {
      const files = await readFolder(fileURLToPath(new URL(`../../catalog/${name}`, import.meta.url)));
      const plain = inspectFiles(files, false);
      const emitted: ArchiveManifest[] = [];
      const streamed = inspectFiles(files, false, (m) => emitted.push(m));
      expect(bare(streamed)).toEqual(bare(plain));
      const valid = plain.objects.filter((o) => o.object);
      expect(valid.length).toBeGreaterThan(2);
      // The bundle first (the import needs it), then the others in the order the import writes them.
      expect(emitted[0]!.kind).toBe('ProfileBundle');
      const rest = valid.filter((o) => o.kind !== 'ProfileBundle');
      expect(emitted.slice(1).map((m) => `${m.kind}/${m.name}`)).toEqual(
        inWriteOrder(rest).map((o) => `${o.kind}/${o.name}`),
      );
      expect(emitted.map((m) => m.json).sort()).toEqual(valid.map((o) => JSON.stringify(o.object)).sort());
    },
  );
});

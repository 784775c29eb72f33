import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetArchive } from '../../bench/studioImport.js';
import { buildStudioFile, packArchive, readArchive, STUDIO_FILE } from '../../src/studio/index.js';
import type { WatchEvent } from '../../src/storage/store.js';
import { stringify } from 'yaml';
import { startHarness, type Harness } from './harness.js';

/**
 * The import writes an archive's objects while its checker is still reading the next files
 * (issue #11): an archive found invalid only at the end (a rule that reads other objects, a digest)
 * must still store nothing and publish nothing.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

const MANIFESTS = 600;

/** The bench's fleet archive of `MANIFESTS` objects, its files changed by `change` before packing. */
const fleet = (
  change: (files: Map<string, Buffer>) => void,
  after?: (files: Map<string, Buffer>) => void,
) => {
  const files = new Map(readArchive(fleetArchive(MANIFESTS).archive).files);
  change(files);
  files.delete(STUDIO_FILE);
  files.set(
    STUDIO_FILE,
    Buffer.from(
      stringify(buildStudioFile({ name: 'fleet-models', version: '1.0.0', type: 'Application' }, files)),
    ),
  );
  after?.(files);
  return packArchive(files);
};

const LAST = 'workload-profiles/model-00598.yaml';

const importInto = (ns: string, archive: Buffer) =>
  h.client().request('POST', `/apis/studio.spectrocloud.com/v1/namespaces/${ns}/imports`, archive, {
    'content-type': 'application/gzip',
  });

let marked = 0;

/** Every watch event of `kind` while `fn` runs, up to a write made after it (so all are in). */
const eventsDuring = async (kind: string, fn: () => Promise<void>): Promise<WatchEvent[]> => {
  const events: WatchEvent[] = [];
  const store = h.server.ctx.store;
  const watch = await store.watch(kind, {}, undefined, (e) => void events.push(e));
  const marks: WatchEvent[] = [];
  const name = `stream-mark-${++marked}`;
  const mark = await store.watch('Namespace', { name }, undefined, (e) => void marks.push(e));
  try {
    await fn();
    await h.namespaces(name);
    for (let i = 0; marks.length === 0 && i < 500; i++) await new Promise((r) => setTimeout(r, 10));
    expect(marks).toHaveLength(1);
    return events;
  } finally {
    watch.stop();
    mark.stop();
  }
};

describe('studio import, written while checked', () => {
  it('imports every object of a large archive, in order, the bundle last', async () => {
    const events = await eventsDuring('WorkloadProfile', async () => {
      const r = await importInto(
        'stream-ok',
        fleet(() => undefined),
      );
      expect(r.status, r.text).toBe(201);
      const report = r.json as { objects: { kind: string; name: string; action: string }[] };
      expect(report.objects.map((o) => `${o.kind}/${o.name}`)).toEqual([
        'Namespace/stream-ok',
        ...Array.from({ length: MANIFESTS - 1 }, (_, i) => `WorkloadProfile/model-${i}`),
        'ProfileBundle/fleet-models',
      ]);
    });
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(
      Array.from({ length: MANIFESTS - 1 }, (_, i) => `ADDED model-${i}`),
    );
    const bundle = await h.api(
      'GET',
      '/apis/spectrocloud.com/v1beta1/namespaces/stream-ok/profilebundles/fleet-models',
    );
    expect(bundle.status).toBe(200);
  });

  it('stores and publishes nothing when a rule that reads other objects fails in the last file, and names its file:line', async () => {
    const archive = fleet((files) => {
      const text = files.get(LAST)!.toString();
      files.set(LAST, Buffer.from(text.replace('type: webservice', 'type: not-defined-anywhere')));
    });
    const events = await eventsDuring('WorkloadProfile', async () => {
      const r = await importInto('stream-bad-rule', archive);
      expect(r.status, r.text).toBe(422);
      const causes = (r.json as { details: { causes: { reason: string; message: string }[] } }).details
        .causes;
      const cause = causes.find((c) => c.reason === 'WP002')!;
      expect(cause.message).toMatch(new RegExp(`^${LAST.replace('.', '\\.')}:\\d+: .*not-defined-anywhere`));
      expect((r.json as { message: string }).message).toMatch(/^the archive is invalid/);
    });
    expect(events).toEqual([]);
    const ns = await h.api('GET', '/api/v1/namespaces/stream-bad-rule');
    expect(ns.status).toBe(404);
  });

  it('stores and publishes nothing when a digest fails once every object has been written', async () => {
    // Changed after packing: every object is valid and is written; only studio.yaml's digest is wrong.
    const archive = fleet(
      () => undefined,
      (files) =>
        files.set(LAST, Buffer.concat([files.get(LAST)!, Buffer.from('\n# changed after packing\n')])),
    );
    const events = await eventsDuring('WorkloadProfile', async () => {
      const r = await importInto('stream-bad-digest', archive);
      expect(r.status, r.text).toBe(422);
      const causes = (r.json as { details: { causes: { reason: string; message: string }[] } }).details
        .causes;
      expect(causes.map((c) => c.reason)).toContain('SD003');
      expect(causes.map((c) => c.message).join('\n')).toContain(LAST);
    });
    expect(events).toEqual([]);
    const list = await h.api(
      'GET',
      '/apis/spectrocloud.com/v1beta1/namespaces/stream-bad-digest/workloadprofiles',
    );
    expect(list.body.items).toEqual([]);
  });

  it('reports a duplicate object as the archive error it is, not as the store refusing the second write', async () => {
    const archive = fleet((files) => {
      const first = files.get('workload-profiles/model-00000.yaml')!;
      files.set('workload-profiles/model-99999.yaml', first);
    });
    const r = await importInto('stream-duplicate', archive);
    expect(r.status, r.text).toBe(422);
    const causes = (r.json as { details: { causes: { reason: string }[] } }).details.causes;
    expect(causes.map((c) => c.reason)).toContain('KND004');
    expect((await h.api('GET', '/api/v1/namespaces/stream-duplicate')).status).toBe(404);
  });
});

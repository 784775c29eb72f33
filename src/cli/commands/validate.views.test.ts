import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadText } from '../../loader/index.js';
import type { KubeObject } from '../../model/index.js';
import { flat, objectView, sourceOf, type ObjectSource } from './validateViews.js';

const TEXT = `apiVersion: spectrocloud.com/v1alpha1
kind: ClusterProfile
metadata:
  name: edge-gpu-with-a-long-name
  namespace: team-a
  labels: { palette.ai/cluster-profile: edge }
  annotations: { palette.ai/owner: platform-team@example.com }
spec:
  type: Infrastructure
  cloudType: edge-native
  version: 1.0.0
  description: the layers are not held by the view
  layers:
    - type: os
      pack: { name: ubuntu, version: '22.04', registry: public }
---
apiVersion: spectrocloud.com/v1beta1
kind: WorkloadProfile
metadata: { name: chat, namespace: team-a }
spec: { type: Model, workload: { components: [] } }
`;

let dir = '';
let file = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'paletteai-validate-views-'));
  file = join(dir, 'objects.yaml');
  await writeFile(file, TEXT);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A fresh view of document `index` of the file, and the object it stands for. */
const viewAt = (index: number) => {
  const object = loadText(TEXT, file).documents[index]!.object as unknown as KubeObject;
  const source: ObjectSource = { file, index, line: 1 };
  return { object, source, view: objectView(object, source) };
};

describe('validate views (compact stand-ins for loaded objects)', () => {
  it('hold the fields rules read of a referenced object without reading the file again', () => {
    const { view, source } = viewAt(0);
    expect(view.kind).toBe('ClusterProfile');
    expect(view.metadata.name).toBe('edge-gpu-with-a-long-name');
    expect(view.metadata.labels).toEqual({ 'palette.ai/cluster-profile': 'edge' });
    const spec = view.spec as { type: string; cloudType: string; version: string };
    expect([spec.type, spec.cloudType, spec.version]).toEqual(['Infrastructure', 'edge-native', '1.0.0']);
    expect(source.full).toBeUndefined();
    expect(sourceOf(view)).toBe(source);
  });

  it('read any other field from the object loaded again, and list, spread and serialize as it does', () => {
    const { view, object, source } = viewAt(0);
    expect(view.metadata.annotations).toEqual({ 'palette.ai/owner': 'platform-team@example.com' });
    expect(source.full).toEqual(object);
    expect((view.spec as { layers: unknown }).layers).toEqual((object.spec as { layers: unknown }).layers);
    expect(Object.keys(view.spec as object)).toEqual(Object.keys(object.spec as object));
    expect(JSON.stringify(view)).toBe(JSON.stringify(object));
    expect({ ...view.metadata }).toEqual(object.metadata);
    expect('description' in (view.spec as object)).toBe(true);
    expect('status' in view).toBe(false);
    expect(view.status).toBeUndefined();
  });

  it('find the right document of a file with several', () => {
    const { view, object } = viewAt(1);
    expect(JSON.stringify(view)).toBe(JSON.stringify(object));
    expect(view.metadata.name).toBe('chat');
  });

  it('copy strings so that they keep nothing of the text they were cut from', () => {
    const long = `${'x'.repeat(40)}-${'y'.repeat(40)}`.slice(10, 60);
    expect(flat(long)).toBe(long);
    expect(flat('short')).toBe('short');
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Io } from '../io.js';
import { openWorkspace } from '../workspace.js';
import { printReportsJson } from './validate.js';
import { validateFiles } from './validateStream.js';

/** Parses for source positions: the loader asks js-yaml with a `listener` only for those. */
const positionParses = vi.hoisted(() => ({ count: 0 }));
vi.mock('js-yaml', async (importOriginal) => {
  const real = await importOriginal<typeof import('js-yaml')>();
  return {
    ...real,
    load: (text: string, options?: import('js-yaml').LoadOptions) => {
      if (options?.listener) positionParses.count++;
      return real.load(text, options);
    },
  };
});

const NS = 'team-a';
const meta = (name: string, extra = '') => `metadata:\n  name: ${name}\n  namespace: ${NS}\n${extra}`;
const clusterProfile = (name: string, version: string, type: string, labels = '') =>
  `apiVersion: spectrocloud.com/v1alpha1
kind: ClusterProfile
${meta(name, labels)}spec:
  type: ${type}
  cloudType: edge-native
  version: ${version}
  layers:
${
  type === 'Add-on'
    ? `    - type: addon
      pack: { name: kube-prometheus-stack, version: '66.3.1', registry: public }`
    : `    - type: os
      pack: { name: ubuntu, version: '22.04', registry: public }
    - type: k8s
      pack: { name: k3s, version: 1.30.4, registry: public }
    - type: cni
      pack: { name: cilium, version: 1.15.3, registry: public }
    - type: csi
      pack: { name: longhorn, version: 1.6.1, registry: public }`
}
`;
const workloadProfile = (name: string) => `apiVersion: spectrocloud.com/v1beta1
kind: WorkloadProfile
${meta(name)}spec:
  type: Model
  variables:
    - { name: modelId, variableType: string, value: { string: meta-llama/Llama-3.1-8B-Instruct } }
  workload:
    components:
      - name: server
        type: webservice
        properties:
          image: vllm/vllm-openai:v0.6.3
          port: 8000
          env: { MODEL: '{{ .var.modelId }}' }
`;
const bundle = (name: string, clusterProfiles: string, workloadProfiles: string, variables = '') =>
  `apiVersion: spectrocloud.com/v1beta1
kind: ProfileBundle
${meta(name)}spec:
  type: Fullstack
  version: 1.0.0
  clusterProfiles: ${clusterProfiles}
  workloadProfiles: ${workloadProfiles}
${variables}`;

/**
 * Files whose objects refer to each other across files in every way pass two must catch: a bundle
 * before the profiles it names, a newer version of a profile in a later file (the bundle takes the
 * newest), a pinned version that only a later file has, a lock in a later VariableSet, a duplicate
 * in a later file, a List, a file with a YAML error among objects.
 */
const TRICKY: Record<string, string> = {
  'a-bundles.yaml': [
    bundle(
      'forward',
      '[{ name: edge }]',
      '[{ name: chat }]',
      '  variableSet:\n    variables:\n      - { name: pinnedRegion, variableType: string, value: { string: eu } }\n',
    ),
    bundle('pinned', "[{ name: edge, version: '3.0.0' }]", '[{ name: chat }]'),
    bundle('missing', '[{ name: nope }]', '[{ name: chat }, { name: chat }]'),
  ].join('---\n'),
  'b-profiles.yaml': `# profiles\n${clusterProfile('edge', '1.0.0', 'Infrastructure')}---\n${workloadProfile('chat')}`,
  'c-later.yaml': [
    clusterProfile('edge-two', '2.0.0', 'Add-on', '  labels:\n    palette.ai/cluster-profile: edge\n'),
    `apiVersion: spectrocloud.com/v1beta1\nkind: VariableSet\n${meta('locks')}spec:\n  variables:\n    - { name: pinnedRegion, variableType: string, value: { string: us }, locked: true }\n`,
    workloadProfile('chat'),
    `apiVersion: v1\nkind: List\nitems:\n  - ${bundle('listed', '[{ name: edge }]', '[{ name: chat }]').replaceAll('\n', '\n    ').trimEnd()}\n`,
  ].join('---\n'),
  'd-broken.yaml': `${bundle('after-error', '[{ name: edge }]', '[{ name: gone }]')}---\nkind: [unclosed\n---\n${clusterProfile('edge', '1.0.0', 'Infrastructure')}`,
};

/** The JSON `validate -o json` prints for these reports. */
const json = async (reports: Parameters<typeof printReportsJson>[1], valid: boolean): Promise<string> => {
  let text = '';
  const out = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  await printReportsJson({ out, err: out } satisfies Io, reports, valid);
  return text;
};

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'paletteai-validate-stream-'));
  for (const [name, text] of Object.entries(TRICKY)) await writeFile(join(dir, name), text);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('validate file by file (validateFiles)', () => {
  it.each([
    ['the tricky files', () => [dir]],
    [
      'the tricky files, named in reverse',
      () =>
        Object.keys(TRICKY)
          .reverse()
          .map((f) => join(dir, f)),
    ],
    ['examples/valid', () => ['examples/valid']],
    ['examples/valid with examples/broken', () => ['examples/valid', 'examples/broken']],
    ['examples/broken before examples/valid', () => ['examples/broken', 'examples/valid']],
  ])('reports exactly what checking every object at once does: %s', async (_name, paths) => {
    const old = await openWorkspace(paths());
    const now = await validateFiles(paths());
    expect(now.reports).toEqual(old.reports);
    expect(now.valid).toBe(old.valid);
    expect(await json(now.reports, now.valid)).toBe(await json(old.reports, old.valid));
  });

  it('re-checks in pass two the objects whose references a later file changes, with their lines', async () => {
    const { reports, rechecked } = await validateFiles([dir]);
    const row = (name: string) => reports.find((r) => r.name === name)!;
    const codes = (name: string) => row(name).issues.map((i) => i.code);
    // the newest "edge" (2.0.0, an Add-on) is in a later file: no Infrastructure profile left
    expect(codes('forward')).toContain('PB005');
    // the lock is in a later file too, and the issue points at the bundle's variable
    const locked = row('forward').issues.find((i) => i.code === 'PB009')!;
    expect(locked.line).toBe(row('forward').line + 12);
    expect(row('pinned').issues.find((i) => i.code === 'PB008')?.message).toContain('found: 1.0.0, 2.0.0');
    expect(codes('missing')).toEqual(['PB008', 'PB010']);
    expect(codes('listed')).toContain('PB005');
    const dup = reports.filter((r) => r.name === 'chat')[1]!;
    expect(dup.issues[0]?.message).toContain(`is at ${join(dir, 'b-profiles.yaml')}:`);
    expect(rechecked).toBeGreaterThanOrEqual(3);
  });

  it('finds no line for an issue that pass two drops: a valid project is never parsed for positions', async () => {
    positionParses.count = 0;
    // examples/valid: bundles/ comes before cluster-profiles/ and workload-profiles/
    const { valid, rechecked } = await validateFiles(['examples/valid']);
    expect([valid, rechecked > 0]).toEqual([true, true]);
    expect(positionParses.count).toBe(0);
    // an issue that stands is still located (the row's own line would be the object's)
    const { reports } = await validateFiles([dir]);
    expect(positionParses.count).toBeGreaterThan(0);
    const missing = reports.find((r) => r.name === 'missing')!;
    expect(missing.issues.every((i) => i.line !== undefined && i.line > missing.line)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import type { WorkloadProfile } from '../model/index.js';
import { renderBundle } from './renderBundle.js';
import { toJson, toYaml } from './serialize.js';
import {
  embeddingsComponent,
  openWebuiComponent,
  profile,
  renderInput,
  vllmComponent,
  warmupComponent,
} from './testFixtures.js';

const fullStack = (): WorkloadProfile[] => [
  profile('vllm-server', [warmupComponent(), embeddingsComponent(), vllmComponent()]),
  profile('chat-ui', [openWebuiComponent()], 'Application'),
];

const ids = (objects: { kind: string; metadata: { name: string } }[]) =>
  objects.map((o) => `${o.kind}/${o.metadata.name}`);

/** A deep copy whose object keys are in reverse order (arrays keep their order). */
const reverseKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reverseKeys(v)]),
  );
};

describe('renderBundle', () => {
  it('writes sources first, then profiles in order and components by deployment priority', () => {
    const { objects, issues } = renderBundle(renderInput(fullStack()));
    expect(issues).toEqual([]);
    expect(ids(objects)).toEqual([
      'HelmRepository/open-webui',
      'HelmRepository/vllm',
      'HelmRelease/vllm-server-server', // priority 1 runs before the unprioritised components (100)
      'CronJob/warmup',
      'Deployment/embeddings',
      'Service/embeddings',
      'HelmRelease/chat-ui-ui',
    ]);
  });

  it('labels every object with the bundle and its workload profile', () => {
    const { objects } = renderBundle(renderInput(fullStack()));
    for (const o of objects) {
      expect(o.metadata.labels).toMatchObject({
        'app.kubernetes.io/managed-by': 'paletteai',
        'palette.ai/profile-bundle': 'vllm-llama3',
      });
    }
    const release = objects.find((o) => o.metadata.name === 'chat-ui-ui');
    expect(release?.metadata.labels?.['palette.ai/workload-profile']).toBe('chat-ui');
  });

  it('reports a variable without value (RN005) at the field that reads it, saying how to give it', () => {
    const { issues } = renderBundle(
      renderInput([profile('vllm-server', [vllmComponent()])], { values: { replicas: 1 } }),
    );
    expect(issues).toEqual([
      {
        code: 'RN005',
        severity: 'error',
        path: 'spec.workload.components[0].properties.values.servingEngineSpec.modelSpec[0].modelURL',
        message:
          'workload profile "vllm-server": component "server": variable "modelId" has no value (read by ' +
          "{{ .var.modelId }}); declare it in the profile's spec.variables or give it with --set modelId=VALUE",
      },
    ]);
  });

  it.each([
    ['a pipe', '{{ .var.modelId | upper }}', /pipes are not supported/],
    ['an unclosed placeholder', '{{ .var.modelId', /has no closing "}}"/],
  ])('reports a template syntax error (RN006): %s', (_what, text, message) => {
    const component = vllmComponent();
    (component.properties as { values: Record<string, unknown> }).values = { model: text };
    const { issues } = renderBundle(renderInput([profile('vllm-server', [component])]));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      code: 'RN006',
      path: 'spec.workload.components[0].properties.values.model',
    });
    expect(issues[0]?.message).toMatch(message);
  });

  it('refuses prototype-polluting keys in values (RN007) and pollutes nothing', () => {
    const component = vllmComponent();
    (component.properties as { values: unknown }).values = JSON.parse(
      '{"__proto__": {"isAdmin": true}, "router": {"constructor": {"prototype": {"isAdmin": true}}, "port": 80}}',
    );
    const evil = JSON.parse('{"__proto__": {"isAdmin": true}}') as unknown;
    const { objects, issues } = renderBundle(
      renderInput([profile('vllm-server', [component])], { values: { modelId: evil } }),
    );
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['RN007', 'spec.workload.components[0].properties.values.__proto__'],
      ['RN007', 'spec.workload.components[0].properties.values.router.constructor'],
    ]);
    expect(objects[1]?.spec).toMatchObject({ values: { router: { port: 80 } } });
    expect(({} as { isAdmin?: boolean }).isAdmin).toBeUndefined();
    expect(toYaml(objects)).not.toContain('isAdmin');
  });

  it('reports two components that render the same object (RN009) and keeps the first', () => {
    const { objects, issues } = renderBundle(
      renderInput([profile('a', [embeddingsComponent()]), profile('b', [embeddingsComponent()])]),
    );
    expect(ids(objects)).toEqual(['Deployment/embeddings', 'Service/embeddings']);
    expect(issues.map((i) => [i.code, i.path, i.message])).toEqual([
      [
        'RN009',
        'spec.workload.components[0].name',
        expect.stringMatching(/^workload profile "b": .* Deployment "embeddings"/),
      ],
      ['RN009', 'spec.workload.components[0].name', expect.stringMatching(/Service "embeddings"/)],
    ]);
  });

  it('does not mutate its input', () => {
    const input = renderInput(fullStack());
    const before = structuredClone(input);
    renderBundle(input);
    expect(input).toEqual(before);
  });

  it('gives byte-identical YAML and JSON for the same input, whatever the key order of the input', () => {
    const first = renderBundle(renderInput(fullStack()));
    const again = renderBundle(renderInput(fullStack()));
    const shuffled = renderBundle(reverseKeys(renderInput(fullStack())) as ReturnType<typeof renderInput>);
    expect(toYaml(again.objects)).toBe(toYaml(first.objects));
    expect(toYaml(shuffled.objects)).toBe(toYaml(first.objects));
    expect(toJson(shuffled.objects)).toBe(toJson(first.objects));
    expect(shuffled.issues).toEqual(first.issues);
  });
});

import { describe, expect, it } from 'vitest';
import type { WorkloadProfile } from '../model/index.js';
import { codes, issuesOf, NS, resolverOf, workloadProfile } from '../testing/builders.js';
import { checkWorkloadProfile, checkWorkloadProfileReferences } from './workloadProfileRules.js';

const repo = {
  apiVersion: 'source.toolkit.fluxcd.io/v1',
  kind: 'HelmRepository',
  metadata: { name: 'vllm', namespace: NS },
  spec: { url: 'https://vllm-project.github.io/production-stack' },
};
const cron = {
  apiVersion: 'spectrocloud.com/v1beta1',
  kind: 'ComponentDefinition',
  metadata: { name: 'cron-task', namespace: NS },
  spec: {
    schema: {
      type: 'object',
      required: ['image', 'schedule'],
      properties: { image: { type: 'string' }, schedule: { type: 'string' } },
    },
    template: [
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: '{{ .name }}' },
        spec: { schedule: '{{ .properties.schedule }}' },
      },
    ],
  },
};
const withComponents = (
  components: WorkloadProfile['spec']['workload']['components'],
  variables: WorkloadProfile['spec']['variables'] = [],
) => {
  const wp = workloadProfile('vllm-server', 'Model', variables);
  wp.spec.workload.components = components;
  return wp;
};
const helm = (properties: Record<string, unknown>) => ({ name: 'server', type: 'helm', properties });
const check = (wp: WorkloadProfile) => codes(issuesOf(wp, [repo, cron]));

describe('workload profile rules', () => {
  it('accepts a helm component on a known repository reading a declared variable', () => {
    const wp = withComponents(
      [
        helm({
          repository: 'vllm',
          chart: 'vllm-stack',
          version: '0.1.5',
          values: { model: '{{ .var.modelId }}' },
        }),
      ],
      [{ name: 'modelId', variableType: 'string' }],
    );
    expect(check(wp)).toEqual([]);
  });
  it('rejects two components with one name (WP001)', () => {
    const c = { name: 'web', type: 'webservice', properties: { image: 'nginx:1.27' } };
    expect(check(withComponents([c, { ...c }]))).toEqual(['WP001']);
  });
  it('rejects a component type that is neither built in nor defined, suggesting the near one (WP002)', () => {
    const issues = issuesOf(withComponents([{ name: 'x', type: 'hlem', properties: {} }]), [repo]);
    expect(codes(issues)).toEqual(['WP002']);
    expect(issues[0]!.message).toContain('did you mean "helm"');
  });
  it('rejects a helm component without a chart or with a misspelt property (WP003)', () => {
    const issues = issuesOf(withComponents([helm({ repository: 'vllm', version: '0.1.5', valuse: {} })]), [
      repo,
    ]);
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['WP003', 'spec.workload.components[0].properties.valuse'],
      ['WP003', 'spec.workload.components[0].properties.chart'],
    ]);
    expect(issues[0]!.message).toContain('did you mean "values"');
  });
  it('accepts a helm component on an OCIRepository without chart and version (the artifact is the chart)', () => {
    const oci = {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'OCIRepository',
      metadata: { name: 'nim', namespace: NS },
      spec: { url: 'oci://nvcr.io/nim/charts/nim-llm', ref: { tag: '1.7.0' } },
    };
    expect(codes(issuesOf(withComponents([helm({ repository: 'nim' })]), [oci]))).toEqual([]);
    expect(codes(issuesOf(withComponents([helm({ repository: 'vllm' })]), [repo]))).toEqual(['WP003']);
  });
  it('rejects a helm repository that does not exist, listing those that do (WP004)', () => {
    const issues = issuesOf(
      withComponents([helm({ repository: 'vlm', chart: 'vllm-stack', version: '0.1.5' })]),
      [repo],
    );
    expect(codes(issues)).toEqual(['WP004']);
    expect(issues[0]!.message).toContain('found: vllm');
  });
  it('rejects a webservice without an image or with a port out of range (WP005)', () => {
    expect(check(withComponents([{ name: 'web', type: 'webservice', properties: { port: 70000 } }]))).toEqual(
      ['WP005'],
    );
  });
  it('rejects manifests objects without kind or name (WP006)', () => {
    expect(
      check(
        withComponents([
          { name: 'm', type: 'manifests', properties: { objects: [{ apiVersion: 'v1', metadata: {} }] } },
        ]),
      ),
    ).toEqual(['WP006']);
  });
  it('checks custom component properties against the definition schema (WP007)', () => {
    const ok = withComponents([
      { name: 'cleanup', type: 'cron-task', properties: { image: 'busybox:1.36', schedule: '0 3 * * *' } },
    ]);
    expect(check(ok)).toEqual([]);
    const issues = issuesOf(
      withComponents([{ name: 'cleanup', type: 'cron-task', properties: { image: 'busybox:1.36' } }]),
      [cron],
    );
    expect(issues).toMatchObject([
      { code: 'WP007', message: expect.stringContaining("must have required property 'schedule'") },
    ]);
  });
  it('rejects template syntax it cannot substitute (TPL001)', () => {
    expect(
      check(
        withComponents(
          [
            helm({
              repository: 'vllm',
              chart: 'vllm-stack',
              version: '0.1.5',
              values: { model: '{{ .var.modelId | upper }}' },
            }),
          ],
          [{ name: 'modelId', variableType: 'string' }],
        ),
      ),
    ).toEqual(['TPL001']);
  });
  it('warns when a template reads a variable the profile does not declare (VAR006)', () => {
    const issues = issuesOf(
      withComponents([
        helm({
          repository: 'vllm',
          chart: 'vllm-stack',
          version: '0.1.5',
          values: { model: '{{ .var.modelId }}' },
        }),
      ]),
      [repo],
    );
    expect(issues).toMatchObject([
      { code: 'VAR006', severity: 'warning', path: 'spec.workload.components[0].properties.values.model' },
    ]);
  });
  it('checks the references alone as the whole check does, without the rules on the profile alone', () => {
    // one issue of each rule: own (VAR…, WP001, TPL001, VAR006) and reading others (WP002, WP004, WP007)
    const wp = withComponents(
      [
        helm({ repository: 'nope', chart: 'c', version: '1', values: { a: '{{ .var.x | upper }}' } }),
        helm({ repository: 'vllm', chart: 'c', version: '1', values: { b: '{{ .var.undeclared }}' } }),
        { name: 'job', type: 'cron-task', properties: { image: 'i' } },
        { name: 'x', type: 'cron-taks', properties: {} },
      ],
      [
        { name: 'x', variableType: 'string' },
        { name: 'x', variableType: 'string' },
      ],
    );
    const resolver = resolverOf([wp, repo, cron]);
    const whole = checkWorkloadProfile(wp, resolver);
    const references = checkWorkloadProfileReferences(wp, resolver);
    expect(codes(whole)).toEqual(['TPL001', 'VAR001', 'VAR006', 'WP001', 'WP002', 'WP004', 'WP007']);
    expect(codes(references)).toEqual(['WP002', 'WP004', 'WP007']);
    // the same issues, in the whole check's order
    expect(references).toEqual(whole.filter((i) => ['WP002', 'WP004', 'WP007'].includes(i.code)));
  });
});

import { describe, expect, it } from 'vitest';
import { placeIssues, toYaml } from './yamlLines';

const bundle = {
  apiVersion: 'spectrocloud.com/v1beta1',
  kind: 'ProfileBundle',
  metadata: { name: 'b', labels: { 'palette.ai/inference-engine': 'vllm' } },
  spec: {
    type: 'Fullstack',
    version: '1.0',
    clusterProfiles: [{ name: 'edge' }, { name: 'gpu' }],
    workloadProfiles: [{ name: 'vllm' }],
  },
};

/** The text of the line an issue was placed on. */
const lineOf = (text: string, line: number) => text.split('\n')[line - 1];

describe('issues placed in the YAML', () => {
  const text = toYaml(bundle);
  it('sit at the line of the field they name, list items by index', () => {
    const [version, second, labels] = placeIssues(text, [
      { code: 'SCH004', message: 'not semver', field: 'spec.version' },
      { code: 'PB002', message: 'two infra', field: 'spec.clusterProfiles[1].name' },
      { code: 'MD003', message: 'bad label', field: 'metadata.labels["palette.ai/inference-engine"]' },
    ]);
    expect(lineOf(text, version!.line)).toBe('  version: "1.0"');
    expect(text.slice(version!.from, version!.to)).toBe('version');
    expect(lineOf(text, second!.line)).toBe('    - name: gpu');
    expect(text.slice(second!.from, second!.to)).toBe('name');
    expect(lineOf(text, labels!.line)).toContain('palette.ai/inference-engine: vllm');
  });
  it('fall back to the deepest field that exists, and to line 1 without a field', () => {
    const [missing, whole, outOfRange] = placeIssues(text, [
      { code: 'PB005', message: 'needs one', field: 'spec.description' },
      { code: 'AlreadyExists', message: 'taken' },
      { code: 'PB008', message: 'gone', field: 'spec.workloadProfiles[3].name' },
    ]);
    expect(lineOf(text, missing!.line)).toBe('spec:');
    expect(whole!.line).toBe(1);
    expect(whole!.to).toBeGreaterThan(whole!.from);
    expect(lineOf(text, outOfRange!.line)).toBe('  workloadProfiles:');
  });
});

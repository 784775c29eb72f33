import { describe, expect, it } from 'vitest';
import { classify } from './layout.js';

describe('classify', () => {
  it.each([
    ['studio.yaml', ['StudioBundle']],
    ['profilebundle.yaml', ['ProfileBundle']],
    ['cluster-profiles/gpu.yaml', ['ClusterProfile']],
    ['workload-profiles/llm.yaml', ['WorkloadProfile']],
    ['definitions/vllm.yaml', ['ComponentDefinition']],
    ['repositories/charts.yaml', ['HelmRepository', 'OCIRepository']],
    ['variable-sets/gpu.yaml', ['VariableSet']],
  ])('allows %s to hold %j', (path, kinds) => {
    expect(classify(path)).toMatchObject({ ok: true, kinds });
  });

  it.each([
    ['README.md', 'not part of the Studio archive layout'],
    ['definitions/sub/x.yaml', 'not sub-folders'],
    ['definitions/x.yml', 'must end in .yaml'],
    ['cluster-profiles/', 'must end in .yaml'],
    ['Profilebundle.yaml', 'not part of'],
  ])('refuses %s', (path, message) => {
    const c = classify(path);
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.message).toContain(message);
  });
});

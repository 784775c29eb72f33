import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { buildStudioFile, checkDigests, sha256, StudioFile } from './studioFile.js';

const files = {
  'studio.yaml': Buffer.from('ignored'),
  'profilebundle.yaml': Buffer.from('kind: ProfileBundle\n'),
  'definitions/vllm.yaml': Buffer.from('kind: ComponentDefinition\n'),
};
const check = new Ajv({ strict: false }).compile(StudioFile);
const meta = { name: 'vllm-llama3', version: '1.2.0', type: 'Fullstack' as const, labels: { a: 'b' } };

describe('buildStudioFile', () => {
  it('lists the sha256 of every other file, sorted by path, and matches the schema', () => {
    const sf = buildStudioFile(meta, files);
    expect(sf.spec.files).toEqual([
      { path: 'definitions/vllm.yaml', sha256: sha256(files['definitions/vllm.yaml']) },
      { path: 'profilebundle.yaml', sha256: sha256(files['profilebundle.yaml']) },
    ]);
    expect(sf.spec.formatVersion).toBe(1);
    expect(check(sf)).toBe(true);
  });

  it('gives a schema that rejects unknown fields and bad digests', () => {
    const sf = buildStudioFile(meta, files);
    expect(check({ ...sf, extra: 1 })).toBe(false);
    const bad = { ...sf, spec: { ...sf.spec, files: [{ path: 'a', sha256: 'XYZ' }] } };
    expect(check(bad)).toBe(false);
  });
});

describe('checkDigests', () => {
  it('finds nothing wrong when the files match', () => {
    expect(checkDigests(buildStudioFile(meta, files), files)).toEqual([]);
  });

  it('reports a digest mismatch naming both digests', () => {
    const sf = buildStudioFile(meta, files);
    const changed = { ...files, 'profilebundle.yaml': Buffer.from('tampered') };
    const issues = checkDigests(sf, changed);
    expect(issues.map((i) => i.code)).toEqual(['SD003']);
    expect(issues[0]?.message).toContain(sha256(Buffer.from('tampered')));
    expect(issues[0]?.message).toContain(sha256(files['profilebundle.yaml']));
    expect(issues[0]?.path).toBe('spec.files[1].sha256');
  });

  it('reports a missing file, an unlisted file and a path listed twice', () => {
    const sf = buildStudioFile(meta, files);
    sf.spec.files.push(sf.spec.files[0] ?? { path: '', sha256: '' });
    const { 'definitions/vllm.yaml': _gone, ...rest } = files;
    const issues = checkDigests(sf, new Map([...Object.entries(rest), ['extra.yaml', Buffer.from('x')]]));
    expect(issues.map((i) => i.code).sort()).toEqual(['SD001', 'SD002', 'SD004']);
    expect(issues.find((i) => i.code === 'SD002')?.message).toContain('"extra.yaml"');
  });
});

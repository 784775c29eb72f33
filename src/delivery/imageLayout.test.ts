import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { packFluxArtifact } from './fluxArtifact.js';
import { ANNOTATION_REF_NAME, readImageLayout, writeImageLayout } from './imageLayout.js';
import { skopeo } from './testing/registryServer.js';
import { objects, origin } from './testFixtures.js';

let root: string;
let dir: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'paletteai-layout-'));
  dir = join(root, 'oci');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Every file under `dir` with its modification time and bytes. */
const snapshot = (at: string): Map<string, string> => {
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, name.name);
      if (name.isDirectory()) walk(path);
      else files.set(path, `${statSync(path).mtimeMs} ${readFileSync(path).toString('base64')}`);
    }
  };
  walk(at);
  return files;
};

describe('writeImageLayout', () => {
  it('writes oci-layout, index.json with the tag, and every blob under blobs/sha256', () => {
    const artifact = packFluxArtifact(objects(), origin());
    expect(writeImageLayout(dir, 'v1', artifact)).toEqual({ digest: artifact.digest, changed: true });
    expect(JSON.parse(readFileSync(join(dir, 'oci-layout'), 'utf8'))).toEqual({
      imageLayoutVersion: '1.0.0',
    });
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
    expect(index.manifests).toEqual([
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: artifact.digest,
        size: artifact.manifest.length,
        annotations: { [ANNOTATION_REF_NAME]: 'v1' },
      },
    ]);
    expect(readdirSync(join(dir, 'blobs', 'sha256')).sort()).toEqual(
      [artifact.digest, artifact.config.digest, artifact.layer.digest].map((d) => d.slice(7)).sort(),
    );
  });

  it('changes nothing when the same artifact is written again, and adds an entry for a second tag', () => {
    const artifact = packFluxArtifact(objects(), origin());
    writeImageLayout(dir, 'v1', artifact);
    const before = snapshot(dir);
    expect(writeImageLayout(dir, 'v1', artifact).changed).toBe(false);
    expect(snapshot(dir)).toEqual(before);
    expect(writeImageLayout(dir, 'latest', artifact).changed).toBe(true);
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
    expect(
      index.manifests.map((m: { annotations: Record<string, string> }) => m.annotations[ANNOTATION_REF_NAME]),
    ).toEqual(['v1', 'latest']);
    expect(readdirSync(join(dir, 'blobs', 'sha256'))).toHaveLength(3);
  });

  it('moves a tag to a new artifact and keeps the old blobs', () => {
    writeImageLayout(dir, 'v1', packFluxArtifact(objects(), origin()));
    const next = packFluxArtifact(objects('meta-llama/Llama-3.3-70B-Instruct'), origin());
    writeImageLayout(dir, 'v1', next);
    expect(readImageLayout(dir, 'v1').digest).toBe(next.digest);
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
    expect(index.manifests).toHaveLength(1);
  });

  it('leaves no temporary files behind', () => {
    writeImageLayout(dir, 'v1', packFluxArtifact(objects(), origin()));
    expect([...snapshot(dir).keys()].filter((p) => p.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses tags that could name a path outside the layout', () => {
    const artifact = packFluxArtifact(objects(), origin());
    for (const tag of ['../x', 'a/b', '..', '.hidden', '', 'x'.repeat(129)])
      expect(() => writeImageLayout(dir, tag, artifact)).toThrow(/not a valid OCI tag/);
    expect(snapshot(root).size).toBe(0);
  });

  it('reads back what skopeo, a client that is not ours, reads from the layout', () => {
    const artifact = packFluxArtifact(objects(), origin());
    writeImageLayout(dir, 'v1', artifact);
    writeImageLayout(dir, 'v2', packFluxArtifact(objects(), { ...origin(), revision: 'generation-2' }));
    const raw = skopeo(['inspect', '--raw', `oci:${dir}:v1`]);
    expect(raw.equals(artifact.manifest)).toBe(true);
    const pulled = readImageLayout(dir, 'v1');
    expect(pulled.digest).toBe(artifact.digest);
    expect(pulled.blobs.get(artifact.layer.digest)!.equals(artifact.blobs.get(artifact.layer.digest)!)).toBe(
      true,
    );
  });
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  FLUX_CONFIG_MEDIA_TYPE,
  FLUX_CONTENT_MEDIA_TYPE,
  OCI_MANIFEST_MEDIA_TYPE,
  packFluxArtifact,
  sha256Digest,
} from './fluxArtifact.js';
import { objects, origin } from './testFixtures.js';

describe('packFluxArtifact', () => {
  it('gives the same bytes and digest for the same content every time', () => {
    const a = packFluxArtifact(objects(), origin());
    const b = packFluxArtifact(objects(), origin());
    expect(b.digest).toBe(a.digest);
    expect(b.manifest.equals(a.manifest)).toBe(true);
    expect([...b.blobs.keys()]).toEqual([...a.blobs.keys()]);
    for (const [digest, data] of a.blobs) expect(b.blobs.get(digest)!.equals(data)).toBe(true);
  });

  it('gives the same layer whatever order the files are given in', () => {
    const files = (order: string[]) => new Map(order.map((p) => [p, `# ${p}\n`]));
    const a = packFluxArtifact(files(['b.yaml', 'a/x.yaml', 'a.yaml']), origin());
    const b = packFluxArtifact(files(['a.yaml', 'b.yaml', 'a/x.yaml']), origin());
    expect(b.layer.digest).toBe(a.layer.digest);
  });

  it('gives another digest when the content or the origin changes', () => {
    const base = packFluxArtifact(objects(), origin());
    expect(packFluxArtifact(objects('meta-llama/Llama-3.3-70B-Instruct'), origin()).digest).not.toBe(
      base.digest,
    );
    expect(packFluxArtifact(objects(), { ...origin(), revision: 'generation-2' }).digest).not.toBe(
      base.digest,
    );
  });

  it("writes Flux's media types and the origin annotations into an OCI image manifest", () => {
    const artifact = packFluxArtifact(objects(), origin());
    const manifest = JSON.parse(artifact.manifest.toString()) as Record<string, unknown>;
    expect(manifest).toEqual({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST_MEDIA_TYPE,
      config: { mediaType: FLUX_CONFIG_MEDIA_TYPE, digest: artifact.config.digest, size: 2 },
      layers: [
        { mediaType: FLUX_CONTENT_MEDIA_TYPE, digest: artifact.layer.digest, size: artifact.layer.size },
      ],
      annotations: {
        'org.opencontainers.image.created': '2026-11-30T09:00:00Z',
        'org.opencontainers.image.revision': 'generation-1',
        'org.opencontainers.image.source':
          'paletteai://project-melbourne/WorkloadDeployment/chat-vllm-server',
      },
    });
    expect(artifact.digest).toBe(sha256Digest(artifact.manifest));
    for (const [digest, data] of artifact.blobs) expect(sha256Digest(data)).toBe(digest);
  });

  it('packs a tarball that GNU tar lists with fixed owner, mode and time, and the objects as YAML', () => {
    const artifact = packFluxArtifact(objects(), origin());
    const layer = artifact.blobs.get(artifact.layer.digest)!;
    // gzip header: no file name flag, no modification time
    expect(layer[3]).toBe(0);
    expect(layer.readUInt32LE(4)).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'paletteai-flux-'));
    try {
      writeFileSync(join(dir, 'layer.tgz'), layer);
      const listing = execFileSync('tar', ['-tvzf', 'layer.tgz', '--numeric-owner'], { cwd: dir })
        .toString()
        .trim();
      expect(listing).toMatch(/^-rw-r--r-- 0\/0 +\d+ 1980-01-01 00:00 manifests\.yaml$/);
      execFileSync('tar', ['-xzf', 'layer.tgz'], { cwd: dir });
      const yaml = readFileSync(join(dir, 'manifests.yaml'), 'utf8');
      expect(yaml).toContain('modelId: meta-llama/Llama-3.1-8B-Instruct');
      // Flux sources lead, as the render orders them
      expect(yaml.indexOf('kind: HelmRepository')).toBeLessThan(yaml.indexOf('kind: ConfigMap'));
      expect(gunzipSync(layer).length % 512).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses file paths that leave the artifact and a created time that is not RFC 3339', () => {
    for (const path of ['/etc/passwd', '../x.yaml', 'a/../b.yaml', 'a//b.yaml', ''])
      expect(() => packFluxArtifact(new Map([[path, 'x']]), origin())).toThrow(/relative and normalised/);
    expect(() => packFluxArtifact(objects(), { ...origin(), created: 'yesterday' })).toThrow(/RFC 3339/);
  });
});

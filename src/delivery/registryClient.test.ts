import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { packFluxArtifact, sha256Digest } from './fluxArtifact.js';
import { readImageLayout } from './imageLayout.js';
import { pullArtifact, pushArtifact } from './registryClient.js';
import {
  RegistryAuthError,
  RegistryHttpError,
  RegistryTlsError,
  RegistryUnreachableError,
} from './registryErrors.js';
import { skopeo, startRegistry, type TestRegistry } from './testing/registryServer.js';
import { startTokenProxy } from './testing/tokenProxy.js';
import { objects, origin } from './testFixtures.js';

const artifact = () => packFluxArtifact(objects(), origin());

/** The methods fetch was called with while `run` ran. */
const methodsDuring = async (run: () => Promise<unknown>): Promise<string[]> => {
  const spy = vi.spyOn(globalThis, 'fetch');
  try {
    await run();
    return spy.mock.calls.map(([, init]) => init?.method ?? 'GET');
  } finally {
    spy.mockRestore();
  }
};

const caught = async (run: () => Promise<unknown>): Promise<Error> => {
  try {
    await run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
};

describe('pushArtifact to a registry without auth', () => {
  let registry: TestRegistry;
  let scratch: string;
  beforeAll(async () => {
    registry = await startRegistry();
    scratch = mkdtempSync(join(tmpdir(), 'paletteai-pull-'));
  });
  afterAll(async () => {
    await registry?.remove();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('pushes an artifact that skopeo reads back with our manifest digest and layer digest', async () => {
    const a = artifact();
    const url = `http://${registry.host}/paletteai/chat`;
    const result = await pushArtifact({ url, insecure: true }, 'gen-1', a);
    expect(result).toEqual({
      digest: a.digest,
      reference: `${registry.host}/paletteai/chat:gen-1@${a.digest}`,
      uploaded: true,
      uploadedBlobs: [...a.blobs.keys()],
    });
    const ref = `docker://${registry.host}/paletteai/chat:gen-1`;
    const raw = skopeo(['inspect', '--raw', '--tls-verify=false', ref]);
    expect(raw.equals(a.manifest)).toBe(true);
    // skopeo's non-raw inspect only understands images; the raw manifest's digest is the one
    expect(sha256Digest(raw)).toBe(a.digest);
    skopeo(['copy', '--src-tls-verify=false', ref, `oci:${scratch}:gen-1`]);
    const copied = readImageLayout(scratch, 'gen-1');
    expect(copied.manifest.layers[0]!.digest).toBe(a.layer.digest);
    expect(copied.blobs.get(a.layer.digest)!.equals(a.blobs.get(a.layer.digest)!)).toBe(true);
  });

  it('uploads nothing the second time the same artifact is pushed', async () => {
    const target = { url: `oci://${registry.host}/paletteai/twice`, insecure: true };
    expect((await pushArtifact(target, 'gen-1', artifact())).uploaded).toBe(true);
    let second: Awaited<ReturnType<typeof pushArtifact>> | undefined;
    const methods = await methodsDuring(
      async () => (second = await pushArtifact(target, 'gen-1', artifact())),
    );
    expect(second).toMatchObject({ uploaded: false, uploadedBlobs: [] });
    expect(methods.filter((m) => m === 'POST' || m === 'PUT')).toEqual([]);
  });

  it('reads a pushed artifact back with pullArtifact, by tag and by digest', async () => {
    const a = artifact();
    const target = { url: `http://${registry.host}/paletteai/pull`, insecure: true };
    await pushArtifact(target, 'gen-1', a);
    for (const reference of ['gen-1', a.digest]) {
      const pulled = await pullArtifact(target, reference);
      expect(pulled.digest).toBe(a.digest);
      expect(pulled.manifest.annotations?.['org.opencontainers.image.revision']).toBe('generation-1');
      expect(pulled.blobs.get(a.layer.digest)!.equals(a.blobs.get(a.layer.digest)!)).toBe(true);
    }
  });

  it("reports the registry's own error code when it refuses a manifest", async () => {
    const a = artifact();
    a.blobs.clear(); // the manifest names blobs the registry never got
    const error = await caught(() =>
      pushArtifact({ url: `http://${registry.host}/paletteai/broken`, insecure: true }, 'x', a),
    );
    expect(error).toBeInstanceOf(RegistryHttpError);
    expect(error.message).toMatch(
      /HTTP 400 to push of manifest x to paletteai\/broken: MANIFEST_BLOB_UNKNOWN/,
    );
  });

  it('refuses plain http:// unless insecure is set', async () => {
    await expect(
      pushArtifact({ url: `http://${registry.host}/paletteai/x` }, 'x', artifact()),
    ).rejects.toThrow(/plain HTTP: set Settings ociRegistry.insecure: true/);
  });
});

describe('pushArtifact with credentials', () => {
  const username = 'paletteai';
  const password = 'pa55-Secret-never-printed';
  let registry: TestRegistry;
  beforeAll(async () => {
    registry = await startRegistry({ basicAuth: { username, password } });
  });
  afterAll(() => registry?.remove());

  it('pushes with basic auth from the Secret', async () => {
    const target = {
      url: `oci://${registry.host}/paletteai/basic`,
      insecure: true,
      credentials: { username, password },
    };
    const a = artifact();
    expect((await pushArtifact(target, 'gen-1', a)).uploaded).toBe(true);
    expect((await pullArtifact(target, 'gen-1')).digest).toBe(a.digest);
  });

  it('gives a typed 401 naming the Secret, without the password, for wrong credentials', async () => {
    const wrong = 'wrong-Password-42';
    const error = await caught(() =>
      pushArtifact(
        {
          url: `oci://${registry.host}/paletteai/basic`,
          insecure: true,
          credentials: { username, password: wrong },
          credentialsName: 'Secret project-melbourne/registry-creds',
        },
        'gen-1',
        artifact(),
      ),
    );
    expect(error).toBeInstanceOf(RegistryAuthError);
    expect((error as RegistryAuthError).status).toBe(401);
    expect(error.message).toMatch(/refused the credentials .*Secret project-melbourne\/registry-creds/);
    expect(`${error.message} ${error.stack} ${JSON.stringify(error)}`).not.toContain(wrong);
    expect(JSON.stringify(error)).not.toContain(Buffer.from(`${username}:${wrong}`).toString('base64'));
  });

  it('says credentials are needed when none are given', async () => {
    const error = await caught(() =>
      pushArtifact({ url: `oci://${registry.host}/p/x`, insecure: true }, 'a', artifact()),
    );
    expect(error).toBeInstanceOf(RegistryAuthError);
    expect(error.message).toMatch(/requires credentials .*ociRegistry.credentialsSecretRef/);
  });

  it('fetches a bearer token from the challenge realm with the credentials and retries', async () => {
    const open = await startRegistry();
    const proxy = await startTokenProxy(open.host, { username, password });
    try {
      const target = {
        url: `oci://${proxy.host}/paletteai/token`,
        insecure: true,
        credentials: { username, password },
      };
      const a = artifact();
      expect((await pushArtifact(target, 'gen-1', a)).uploaded).toBe(true);
      expect(proxy.tokensIssued()).toBeGreaterThan(0);
      expect(
        skopeo([
          'inspect',
          '--raw',
          '--tls-verify=false',
          `docker://${open.host}/paletteai/token:gen-1`,
        ]).equals(a.manifest),
      ).toBe(true);
      const bad = await caught(() =>
        pushArtifact({ ...target, credentials: { username, password: 'nope-nope' } }, 'gen-2', a),
      );
      expect(bad).toBeInstanceOf(RegistryAuthError);
      expect(bad.message).not.toContain('nope-nope');
    } finally {
      await proxy.close();
      await open.remove();
    }
  });
});

describe('pushArtifact when the registry is unreachable or its certificate untrusted', () => {
  let registry: TestRegistry;
  afterEach(() => registry?.remove());

  it('says which registry is unreachable and where to fix its URL', async () => {
    registry = await startRegistry();
    await registry.stop();
    const error = await caught(() =>
      pushArtifact({ url: `oci://${registry.host}/p/x`, insecure: true }, 'a', artifact()),
    );
    expect(error).toBeInstanceOf(RegistryUnreachableError);
    expect(error.message).toContain(registry.host);
    expect(error.message).toMatch(/ECONNREFUSED.*Settings ociRegistry.url/);
  });

  it('verifies TLS by default and skips verification with insecure', async () => {
    registry = await startRegistry({ tls: true });
    const url = `oci://${registry.host}/paletteai/tls`;
    const error = await caught(() => pushArtifact({ url }, 'a', artifact()));
    expect(error).toBeInstanceOf(RegistryTlsError);
    expect(error.message).toMatch(/ociRegistry.insecure/);
    const a = artifact();
    expect((await pushArtifact({ url, insecure: true }, 'a', a)).uploaded).toBe(true);
    expect(
      skopeo(['inspect', '--raw', '--tls-verify=false', `docker://${registry.host}/paletteai/tls:a`]).equals(
        a.manifest,
      ),
    ).toBe(true);
  });

  it('gives up on a registry that accepts connections and never answers', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const target = { url: `http://127.0.0.1:${port}/p/x`, insecure: true, timeoutMs: 300 };
      const error = await caught(() => pushArtifact(target, 'a', artifact()));
      expect(error).toBeInstanceOf(RegistryUnreachableError);
      expect(error.message).toMatch(/127\.0\.0\.1:\d+ is unreachable \(no answer within 0\.3 s\)/);
    } finally {
      sockets.forEach((s) => s.destroy());
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

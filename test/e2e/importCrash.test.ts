import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { referencesOf } from '../../src/kinds/index.js';
import { SqliteStore } from '../../src/storage/sqliteStore.js';
import { buildStudioFile, packArchive, STUDIO_FILE } from '../../src/studio/index.js';
import { ROOT } from '../cli.js';
import { HANG_MS, removeDir, startServerProcess, stepsTimeout, tempDir } from './serverProcess.js';

// Every timeout here is a hang guard, never a budget a busy machine can run out of: each step has its
// own (HANG_MS), and a test or hook may take as long as its steps need (start, kill -9, start again, stop).
vi.setConfig({ testTimeout: stepsTimeout(6), hookTimeout: stepsTimeout(2) });

/**
 * kill -9 of the real server while it imports a large Studio archive: after a restart the import
 * is fully present or fully absent, never half.
 */

const PROFILES = 3_000;

const archive = (() => {
  const files = new Map<string, Buffer>();
  const bundle = {
    apiVersion: 'spectrocloud.com/v1beta1',
    kind: 'ProfileBundle',
    metadata: { name: 'fleet' },
    spec: { type: 'Application', version: '1.0.0', workloadProfiles: [{ name: 'model-0' }] },
  };
  files.set('profilebundle.yaml', Buffer.from(stringify(bundle)));
  for (let i = 0; i < PROFILES; i++) {
    const wp = {
      apiVersion: 'spectrocloud.com/v1beta1',
      kind: 'WorkloadProfile',
      metadata: { name: `model-${i}` },
      spec: {
        type: 'Model',
        workload: {
          components: [
            {
              name: 'server',
              type: 'webservice',
              properties: {
                image: 'vllm/vllm-openai:v0.10.1.1',
                port: 8000,
                env: { MODEL: `org/model-${i}` },
              },
            },
          ],
        },
      },
    };
    files.set(`workload-profiles/model-${String(i).padStart(5, '0')}.yaml`, Buffer.from(stringify(wp)));
  }
  files.set(
    STUDIO_FILE,
    Buffer.from(stringify(buildStudioFile({ name: 'fleet', version: '1.0.0', type: 'Application' }, files))),
  );
  return packArchive(files);
})();

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await removeDir(d);
});

describe('kill -9 in the middle of a large import', () => {
  for (const delay of [150, 400, 900]) {
    it(`leaves the import fully present or fully absent (killed after ${delay} ms)`, async () => {
      const data = await tempDir('import-crash');
      dirs.push(data);
      const victim = await startServerProcess(data);
      const answer = victim
        .client()
        .request('POST', '/apis/studio.spectrocloud.com/v1/namespaces/fleet/imports', archive, {
          'content-type': 'application/gzip',
        })
        .then((r) => r.status)
        .catch(() => 0);
      await new Promise((r) => setTimeout(r, delay));
      await victim.kill9();
      const status = await answer;
      const again = await startServerProcess(data);
      try {
        const list = await again
          .client()
          .request('GET', '/apis/spectrocloud.com/v1beta1/namespaces/fleet/workloadprofiles?limit=1');
        const meta = list.json as { items: unknown[]; metadata: { remainingItemCount?: number } };
        const count = meta.items.length + (meta.metadata.remainingItemCount ?? 0);
        const bundle = await again
          .client()
          .request('GET', '/apis/spectrocloud.com/v1beta1/namespaces/fleet/profilebundles/fleet');
        if (count === 0) expect(bundle.status).toBe(404);
        else {
          expect(count).toBe(PROFILES);
          expect(bundle.status).toBe(200);
        }
        // An import the server acknowledged (201) must be there in full.
        if (status === 201) expect(count).toBe(PROFILES);
      } finally {
        await again.stop();
      }
    });
  }
});

/** Runs importHold.mjs; resolves with what it printed first ("mid" or "done N") and the child. */
const runHold = async (data: string, after: number) => {
  const archivePath = join(data, 'fleet.tar.gz');
  await writeFile(archivePath, archive);
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'test/e2e/importHold.mjs'),
      join(ROOT, 'dist'),
      join(data, 'store.db'),
      archivePath,
      String(after),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const said = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`importHold said nothing in ${HANG_MS} ms: ${out}`)),
      HANG_MS,
    );
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve(out.trim());
      }
    });
    child.once('exit', (code) =>
      reject(new Error(`importHold exited ${code} before saying anything: ${out}`)),
    );
  });
  return { said, child, exited };
};

/** How many WorkloadProfiles and bundles the store at `path` holds, after an integrity check. */
const contents = async (path: string) => {
  const store = SqliteStore.open(path, { referencesOf, quickCheck: true });
  try {
    const profiles = (await store.list('WorkloadProfile', { namespace: 'fleet' })).items.length;
    const bundles = (await store.list('ProfileBundle', { namespace: 'fleet' })).items.length;
    return { profiles, bundles };
  } finally {
    await store.close();
  }
};

describe('kill -9 while the import transaction is open (half of its objects written)', () => {
  it('leaves nothing of the import, and the same import without a kill writes everything', async () => {
    const data = await tempDir('import-mid');
    dirs.push(data);
    const mid = await runHold(data, PROFILES / 2);
    expect(mid.said).toBe('mid'); // the kill lands inside the transaction, by construction
    mid.child.kill('SIGKILL');
    await mid.exited;
    expect(await contents(join(data, 'store.db'))).toEqual({ profiles: 0, bundles: 0 });

    const full = await runHold(data, -1);
    await full.exited;
    expect(full.said).toBe(`done ${PROFILES + 2}`); // the profiles, the bundle and the namespace
    expect(await contents(join(data, 'store.db'))).toEqual({ profiles: PROFILES, bundles: 1 });
  });
});

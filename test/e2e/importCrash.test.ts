import { stringify } from 'yaml';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { buildStudioFile, packArchive, STUDIO_FILE } from '../../src/studio/index.js';
import { removeDir, startServerProcess, stepsTimeout, tempDir } from './serverProcess.js';

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

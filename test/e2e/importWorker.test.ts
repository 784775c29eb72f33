import { stringify } from 'yaml';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { buildStudioFile, packArchive, STUDIO_FILE } from '../../src/studio/index.js';
import { removeDir, startServerProcess, stepsTimeout, tempDir } from './serverProcess.js';

vi.setConfig({ testTimeout: stepsTimeout(3) });

/** Module hooks that print every module URL a thread loads on stderr (workers inherit them). */
const HOOKS = `data:text/javascript,${encodeURIComponent(
  "export async function load(url, context, next) { process.stderr.write('LOADED ' + url + '\\n'); return next(url, context); }",
)}`;
const REGISTER = `data:text/javascript,${encodeURIComponent(
  `import { register } from 'node:module'; register(${JSON.stringify(HOOKS)});`,
)}`;

const archive = (() => {
  const files = new Map<string, Buffer>();
  files.set(
    'profilebundle.yaml',
    Buffer.from(
      stringify({
        apiVersion: 'spectrocloud.com/v1beta1',
        kind: 'ProfileBundle',
        metadata: { name: 'one-model' },
        spec: { type: 'Application', version: '1.0.0', workloadProfiles: [{ name: 'model' }] },
      }),
    ),
  );
  files.set(
    'workload-profiles/model.yaml',
    Buffer.from(
      stringify({
        apiVersion: 'spectrocloud.com/v1beta1',
        kind: 'WorkloadProfile',
        metadata: { name: 'model' },
        spec: {
          type: 'Model',
          workload: {
            components: [
              {
                name: 'server',
                type: 'webservice',
                properties: { image: 'vllm/vllm-openai:v0.10.1.1', port: 8000 },
              },
            ],
          },
        },
      }),
    ),
  );
  files.set(
    STUDIO_FILE,
    Buffer.from(
      stringify(buildStudioFile({ name: 'one-model', version: '1.0.0', type: 'Application' }, files)),
    ),
  );
  return packArchive(files);
})();

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await removeDir(d);
});

describe('the Studio import checker of the built server', () => {
  // Issue #11: the worker loaded the ~100 compiled modules it imports one by one (~0.3 s), and the
  // first import after every start (the bench's imports too) waited for them.
  it('starts from the CLI bundle, one file, not from the compiled modules', async () => {
    const data = await tempDir('import-worker');
    dirs.push(data);
    const server = await startServerProcess(data, [], { NODE_OPTIONS: `--import ${REGISTER}` });
    try {
      const r = await server
        .client()
        .request('POST', '/apis/studio.spectrocloud.com/v1/namespaces/models/imports', archive, {
          'content-type': 'application/gzip',
        });
      expect(r.status).toBe(201);
      const loaded = server
        .stderr()
        .split('\n')
        .filter((l) => l.startsWith('LOADED file:'));
      expect(loaded.some((l) => l.endsWith('/dist/bundle/inspectWorker.js'))).toBe(true);
      expect(loaded.filter((l) => l.includes('/dist/src/'))).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});

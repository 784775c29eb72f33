import { stringify } from 'yaml';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { buildStudioFile, packArchive, STUDIO_FILE } from '../../src/studio/index.js';
import { bundle, workloadProfile } from '../../src/testing/builders.js';
import { LOG_LOADED_MODULES } from '../../src/testing/moduleHooks.js';
import { removeDir, startServerProcess, stepsTimeout, tempDir } from './serverProcess.js';

vi.setConfig({ testTimeout: stepsTimeout(3) });

/** A bundle and its one profile, as an archive holds them (no namespace: the import gives one). */
const archive = (() => {
  const files = new Map<string, Buffer>();
  const withoutNamespace = (o: { metadata: object }) => ({
    ...o,
    metadata: { ...o.metadata, namespace: undefined },
  });
  const yaml = (o: { metadata: object }) => Buffer.from(stringify(withoutNamespace(o)));
  files.set('profilebundle.yaml', yaml(bundle('one-model', 'Application', { workloadProfiles: ['model'] })));
  files.set('workload-profiles/model.yaml', yaml(workloadProfile('model', 'Model')));
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
    const server = await startServerProcess(data, [], { NODE_OPTIONS: `--import ${LOG_LOADED_MODULES}` });
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

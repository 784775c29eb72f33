import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { HANG_MS, stepsTimeout } from '../e2e/serverProcess.js';
import { useClientServer } from './clientServer.js';

/**
 * The Python `kubernetes` client (Debian's python3-kubernetes, installed by scripts/ci-deps.sh),
 * unchanged, against a real server process with its kubeconfig. Each script in python/ prints one
 * JSON document that the tests assert on. It is Debian's interpreter on purpose: the package is
 * installed for it, not for a python3 another tool put first on PATH.
 *
 * What it found: its watches sent `watch=True` and got a plain list back, and `get_api_versions()`
 * asks for `/api/` and `/apis/` with a trailing slash, which answered 404.
 */

vi.setConfig({ testTimeout: stepsTimeout(1), hookTimeout: stepsTimeout(2) });

const PYTHON = process.env.PALETTEAI_PYTHON ?? '/usr/bin/python3';
const SCRIPTS = join(dirname(fileURLToPath(import.meta.url)), 'python');
const run = promisify(execFile);

const server = useClientServer('python-client', ['py-objects', 'py-watch', 'py-dynamic']);

/** Runs python/NAME.py with the kubeconfig and `args`; its standard output parsed as JSON. */
const script = async (name: string, ...args: string[]): Promise<Record<string, unknown>> => {
  const { stdout } = await run(PYTHON, [join(SCRIPTS, `${name}.py`), server().kubeconfig, ...args], {
    timeout: HANG_MS,
    killSignal: 'SIGKILL',
    // No __pycache__ beside the scripts in the checkout.
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
  }).catch((e: Error & { stderr?: string }) => {
    throw new Error(`${name}.py failed: ${e.message}\n${e.stderr ?? ''}`);
  });
  return JSON.parse(stdout) as Record<string, unknown>;
};

beforeAll(async () => {
  await run(PYTHON, ['-c', 'import kubernetes'], { timeout: HANG_MS }).catch((e: Error) => {
    throw new Error(
      `${PYTHON} cannot import kubernetes: run scripts/ci-deps.sh as root (installs python3-kubernetes)\n${e.message}`,
    );
  });
});

describe('the Python kubernetes client', () => {
  it('discovers the API: get_api_versions() on /api/ and /apis/, and /api/v1 resources', async () => {
    const out = await script('discovery');
    expect(out['core']).toEqual(['v1']);
    expect(out['groups']).toMatchObject({
      'spectrocloud.com': 'spectrocloud.com/v1beta1',
      'source.toolkit.fluxcd.io': 'source.toolkit.fluxcd.io/v1',
    });
    expect(out['resources']).toEqual(expect.arrayContaining(['namespaces', 'secrets']));
  });

  it('creates, gets, lists, patches, replaces and deletes a ClusterProfile with CustomObjectsApi', async () => {
    const out = await script('custom_objects', 'py-objects');
    expect(out).toMatchObject({
      created: { uid: true },
      got: 'one',
      listed: ['py-profile'],
      listedAll: 1,
      patched: 'two',
      replaced: 'three',
      duplicate: { status: 409, body: { kind: 'Status', reason: 'AlreadyExists' } },
      deleted: 'py-profile',
      afterDelete: { status: 404, body: { reason: 'NotFound' } },
    });
  });

  it('manages a Namespace and Secrets with CoreV1Api, stringData folded into data', async () => {
    const out = await script('core', 'py-core');
    expect(out).toMatchObject({
      namespace: 'py-core',
      namespaceRead: 'py-core',
      created: { data: { password: Buffer.from('hunter2').toString('base64') }, stringData: null },
      read: { password: Buffer.from('hunter2').toString('base64') },
      listed: ['py-secret'],
      patchedLabels: { rotated: 'yes' },
      replaced: { password: Buffer.from('hunter3').toString('base64') },
      // kube-apiserver answers a Secret's DELETE with a Status (the client reads a V1Status), not the Secret.
      deleted: { status: 'Success', name: 'py-secret', kind: 'secrets' },
      afterDelete: { status: 404 },
    });
    expect(out['namespaces']).toEqual(expect.arrayContaining(['py-core', 'py-objects', 'py-watch']));
  });

  it('drives a ClusterProfile through the DynamicClient, found by apiVersion and kind', async () => {
    const out = await script('dynamic', 'py-dynamic');
    expect(out).toEqual({
      resources: { ClusterProfile: ['clusterprofiles', true], ProfileBundle: ['profilebundles', true] },
      created: 'py-dynamic',
      got: 'one',
      patched: 'two',
      listed: ['py-dynamic'],
      // Without a resourceVersion a watch starts with what exists, as ADDED.
      watched: [['ADDED', 'py-dynamic']],
      deleted: 'py-dynamic',
    });
  });

  it('watches with watch.Watch().stream(): ADDED, MODIFIED, DELETED, and a quiet watch ends at timeout_seconds', async () => {
    const out = await script('watch', 'py-watch');
    expect(out['events']).toEqual([
      ['ADDED', 'py-watched', 'one'],
      ['MODIFIED', 'py-watched', 'two'],
      ['DELETED', 'py-watched', 'two'],
    ]);
    expect(out['quiet']).toEqual([]);
    // The server closed it after about a second (not at its own default of many minutes).
    expect(out['quietSeconds']).toBeGreaterThanOrEqual(0.9);
    expect(out['quietSeconds']).toBeLessThan(30);
  });
});

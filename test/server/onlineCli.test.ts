import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../cli.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

/** Runs the CLI in process (`main(argv, io)`) against the in-process server. */
const run = (...args: string[]) => cli(...args, '--kubeconfig', join(h.data, 'kubeconfig'));

describe('the online CLI against a real server', () => {
  it('applies a folder in any order and reports what it created', async () => {
    const r = await run('apply', '-f', 'examples/valid');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^profilebundle\.spectrocloud\.com\/vllm-llama3 created/m);
    const again = await run('apply', '-f', 'examples/valid/bundles');
    expect(again.stdout).toMatch(/vllm-llama3 unchanged/);
  });
  it('lists bundles as a table with their phase', async () => {
    const r = await run('get', 'pb', '-n', 'project-melbourne');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^NAME\s+TYPE\s+VERSION\s+PHASE/);
    expect(r.stdout).toMatch(/^vllm-llama3\s+Fullstack\s+1\.2\.0\s+Ready/m);
  });
  it('prints one object as YAML and describes it with its conditions', async () => {
    expect(
      (await run('get', 'profilebundle', 'vllm-llama3', '-n', 'project-melbourne', '-o', 'yaml')).stdout,
    ).toContain('kind: ProfileBundle');
    const d = await run('describe', 'pb', 'vllm-llama3', '-n', 'project-melbourne');
    expect(d.stdout).toMatch(/Phase:\s+Ready/);
    expect(d.stdout).toMatch(/ResolvedRefs\s+True/);
  });
  it('refuses to delete a bundle a pool uses, naming the pool, with exit 1', async () => {
    const r = await run('delete', 'pb', 'edge-gpu-infra', '-n', 'project-melbourne');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('ComputePool gpu-pool-a');
  });
  it('validates a file against the server: references to server objects resolve', async () => {
    const offline = await run('validate', '-f', 'examples/valid/bundles/applications.yaml', '-o', 'json');
    expect(offline.code).toBe(1);
    const online = await run(
      'validate',
      '-f',
      'examples/valid/bundles/applications.yaml',
      '--server',
      '-o',
      'json',
    );
    expect(JSON.parse(online.stdout)).toMatchObject({ valid: true });
    expect(online.code).toBe(0);
  });
  it('says where the kubeconfig is missing instead of crashing', async () => {
    const r = await cli('get', 'pb', '--kubeconfig', '/nonexistent/kubeconfig');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot read kubeconfig /nonexistent/kubeconfig');
  });
});

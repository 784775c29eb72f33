import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse, stringify } from 'yaml';
import {
  HANG_MS,
  kubectlFor,
  removeDir,
  startServerProcess,
  stepsTimeout,
  tempDir,
  type Kubectl,
  type KubectlResult,
  type ServerProcess,
} from './serverProcess.js';

// Every timeout here is a hang guard, never a budget a busy machine can run out of.
vi.setConfig({ testTimeout: stepsTimeout(6), hookTimeout: stepsTimeout(3) });

/**
 * Server-side apply with the real kubectl against the real server process (issue #10): field
 * ownership in managedFields, 409 for a second manager unless --force-conflicts, fields a manager
 * stops applying removed, and the move from client-side to server-side apply.
 */

const NS = 'e2e-ssa';
/** The oldest kubectl the product supports, beside the machine's kubectl. */
const KUBECTL_127 = '/usr/lib/google-cloud-sdk/bin/kubectl.1.27';

interface Variable {
  name: string;
  variableType: string;
  value: { string?: string; int32?: number };
}
interface VariableSet {
  metadata: {
    labels?: Record<string, string>;
    managedFields?: { manager: string; operation: string; fieldsV1: object }[];
  };
  spec: { description?: string; variables: Variable[] };
}

/** A VariableSet manifest: `variables` is an associative list keyed by name. */
const manifest = (
  name: string,
  o: { description?: string; labels?: Record<string, string>; days?: boolean } = {},
) =>
  stringify({
    apiVersion: 'spectrocloud.com/v1beta1',
    kind: 'VariableSet',
    metadata: { name, namespace: NS, ...(o.labels ? { labels: o.labels } : {}) },
    spec: {
      ...(o.description !== undefined ? { description: o.description } : {}),
      variables: [
        { name: 'storageClass', variableType: 'string', value: { string: 'longhorn' } },
        ...(o.days === false ? [] : [{ name: 'days', variableType: 'int32', value: { int32: 14 } }]),
      ],
    },
  });

let data: string;
let server: ServerProcess;
let kubectl: Kubectl;

const ok = (r: KubectlResult): KubectlResult => {
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r;
};
const applySs = (name: string, yaml: string, ...flags: string[]) =>
  kubectl(['apply', '--server-side', ...flags, '-f', '-'], { input: yaml });
const getVs = (name: string): VariableSet =>
  parse(
    ok(kubectl(['get', 'variableset', name, '-n', NS, '-o', 'yaml', '--show-managed-fields'])).stdout,
  ) as VariableSet;
const managers = (o: VariableSet) =>
  (o.metadata.managedFields ?? []).map((m) => `${m.manager}/${m.operation}`).sort();
const fieldsOf = (o: VariableSet, manager: string) =>
  JSON.stringify(o.metadata.managedFields?.find((m) => m.manager === manager)?.fieldsV1 ?? null);

beforeAll(async () => {
  data = await tempDir('ssa');
  server = await startServerProcess(data);
  kubectl = await kubectlFor(server.kubeconfig);
  ok(kubectl(['create', 'namespace', NS]));
});

afterAll(async () => {
  const code = await server?.stop();
  await kubectl?.dispose();
  await removeDir(data);
  expect(code).toBe(0);
});

describe('kubectl apply --server-side', () => {
  it('creates the object and records the applier as the owner of what it applied', () => {
    ok(applySs('owned', manifest('owned', { description: 'from A', labels: { team: 'a' } })));
    const o = getVs('owned');
    expect(managers(o)).toEqual(['kubectl/Apply']);
    const fields = fieldsOf(o, 'kubectl');
    for (const f of ['"f:description"', '"f:team"', 'k:{\\"name\\":\\"days\\"}', '"f:int32"'])
      expect(fields).toContain(f);
    // the same configuration again changes nothing: same resourceVersion, same entry
    ok(applySs('owned', manifest('owned', { description: 'from A', labels: { team: 'a' } })));
    expect(getVs('owned').metadata).toEqual(o.metadata);
  });

  it('refuses a second manager that changes an owned field (409, exit 1), and --force-conflicts moves it', () => {
    const b = manifest('owned', { description: 'from B' });
    const refused = applySs('owned', b, '--field-manager=other');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(
      'Apply failed with 1 conflict: conflict with "kubectl": .spec.description',
    );
    expect(getVs('owned').spec.description).toBe('from A');

    ok(applySs('owned', b, '--field-manager=other', '--force-conflicts'));
    const o = getVs('owned');
    expect(o.spec.description).toBe('from B');
    expect(managers(o)).toEqual(['kubectl/Apply', 'other/Apply']);
    expect(fieldsOf(o, 'other')).toContain('"f:description"');
    expect(fieldsOf(o, 'kubectl')).not.toContain('"f:description"');
  });

  it('removes what the manager stops applying: a label, a field and a list item', () => {
    ok(
      applySs('pruned', manifest('pruned', { description: 'd', labels: { keep: 'kept', drop: 'dropped' } })),
    );
    ok(applySs('pruned', manifest('pruned', { labels: { keep: 'kept' }, days: false })));
    const o = getVs('pruned');
    expect(o.metadata.labels).toEqual({ keep: 'kept' });
    expect(o.spec.description).toBeUndefined();
    expect(o.spec.variables.map((v) => v.name)).toEqual(['storageClass']);
  });

  it('conflicts with the manager of a later update (kubectl patch) naming it, as kube-apiserver does', () => {
    ok(applySs('patched', manifest('patched', { description: 'applied' })));
    ok(
      kubectl([
        'patch',
        'variableset',
        'patched',
        '-n',
        NS,
        '--type=merge',
        '-p',
        '{"spec":{"description":"patched"}}',
      ]),
    );
    const r = applySs('patched', manifest('patched', { description: 'applied' }));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /conflict with "kubectl-patch" using spectrocloud\.com\/v1beta1 at [0-9T:-]+Z: \.spec\.description/,
    );
  });

  it('takes over an object made with client-side apply, changing a field without conflict', () => {
    ok(kubectl(['apply', '-f', '-'], { input: manifest('migrated', { description: 'client-side' }) }));
    expect(managers(getVs('migrated'))).toEqual(['kubectl-client-side-apply/Update']);
    ok(applySs('migrated', manifest('migrated', { description: 'server-side' })));
    const o = getVs('migrated');
    expect(o.spec.description).toBe('server-side');
    expect(fieldsOf(o, 'kubectl')).toContain('"f:description"');
    expect(managers(o)).not.toContain('kubectl-client-side-apply/Update');
  });

  it('kubectl 1.27 gets the same conflict and forces it', () => {
    expect(existsSync(KUBECTL_127)).toBe(true);
    // Validation on, as users run it: kubectl 1.27 reads /openapi/v2 (protobuf) first.
    const old = (...args: string[]) =>
      spawnSync(KUBECTL_127, [...kubectl.argv(['apply', '--server-side', ...args, '-f', '-'])], {
        encoding: 'utf8',
        timeout: HANG_MS,
        killSignal: 'SIGKILL',
        input: manifest('old', { description: 'from A' }).replace(
          'from A',
          args.length ? 'from B' : 'from A',
        ),
        env: { ...process.env, KUBECONFIG: server.kubeconfig, HOME: kubectl.cacheDir },
      });
    expect(old().status).toBe(0);
    const refused = old('--field-manager=other');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(
      'Apply failed with 1 conflict: conflict with "kubectl": .spec.description',
    );
    expect(old('--field-manager=other', '--force-conflicts').status).toBe(0);
    expect(getVs('old').spec.description).toBe('from B');
  });
});

describe('the apply endpoint', () => {
  it('requires fieldManager (422 as kube-apiserver) and keeps managedFields out of an applied configuration', async () => {
    const path = `/apis/spectrocloud.com/v1beta1/namespaces/${NS}/variablesets/owned`;
    const send = (query: string, body: string) =>
      server
        .client()
        .request('PATCH', `${path}${query}`, body, { 'content-type': 'application/apply-patch+yaml' });
    const without = await send('', manifest('owned', { description: 'x' }));
    expect(without.status).toBe(422);
    expect(without.text).toContain('fieldManager: Required value: is required for apply patch');
    const withOwnership = manifest('owned').replace(
      'namespace: e2e-ssa',
      'namespace: e2e-ssa\n  managedFields: []',
    );
    expect((await send('?fieldManager=x', withOwnership)).status).toBe(400);
  });

  it('lets exactly one of two concurrent appliers of a new field win; the other gets the 409', async () => {
    const path = `/apis/spectrocloud.com/v1beta1/namespaces/${NS}/variablesets/owned`;
    for (let round = 0; round < 10; round++) {
      const label = `race-${round}`;
      const applyAs = (manager: string) =>
        server.client().request(
          'PATCH',
          `${path}?fieldManager=${manager}`,
          JSON.stringify({
            ...parse(manifest('owned')),
            metadata: { name: 'owned', labels: { [label]: manager } },
          }),
          { 'content-type': 'application/apply-patch+yaml' },
        );
      const codes = (await Promise.all([applyAs('racer-a'), applyAs('racer-b')])).map((r) => r.status).sort();
      expect(codes).toEqual([200, 409]);
    }
  });

  it('records a status write under its own entry with subresource status', async () => {
    const path = `/apis/spectrocloud.com/v1beta1/namespaces/${NS}/variablesets/owned/status?fieldManager=status-writer`;
    const r = await server.client().request(
      'PATCH',
      path,
      { status: { observedGeneration: 99 } },
      {
        'content-type': 'application/merge-patch+json',
      },
    );
    expect(r.status).toBe(200);
    const entry = (r.json as VariableSet).metadata.managedFields?.find((m) => m.manager === 'status-writer');
    expect(entry).toMatchObject({
      operation: 'Update',
      subresource: 'status',
      fieldsV1: { 'f:status': { 'f:observedGeneration': {} } },
    });
  });
});

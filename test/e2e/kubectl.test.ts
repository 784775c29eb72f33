import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createToken,
  EXAMPLES,
  KUBECTL,
  kubeconfigWithToken,
  kubectlFor,
  NS,
  removeDir,
  spawnServer,
  startServerProcess,
  stepsTimeout,
  tempDir,
  waitFor,
  type Kubectl,
  type ServerProcess,
} from './serverProcess.js';

// Every timeout here is a hang guard, never a budget a busy machine can run out of: each step has its
// own (HANG_MS), and a test or hook may take as long as its steps need (at most 4 for a test, 8 for the
// first start, token, restart and apply).
vi.setConfig({ testTimeout: stepsTimeout(4), hookTimeout: stepsTimeout(8) });

/**
 * The machine's kubectl against the real server process: apply the examples in reverse
 * dependency order, read them every way kubectl reads, watch, delete, and act as a viewer.
 */

/**
 * Example files: the namespaces (a write into a namespace that does not exist is 404, as in
 * Kubernetes), then the rest most dependent first: deployments, then bundles, then profiles, ….
 */
const REVERSE_ORDER = [
  '00-namespaces.yaml',
  'deployments/aiworkloads.yaml',
  'deployments/compute-pools.yaml',
  'bundles/',
  'workload-profiles/',
  'cluster-profiles/',
  'definitions/',
  'repositories/',
  'variable-sets/',
  'project/project.yaml',
  'project/settings.yaml',
  'project/secrets.yaml',
];
const EXAMPLE_OBJECTS = 47;

/** Copies every example file into one folder, named `NN-folder-file.yaml` in REVERSE_ORDER. */
const copyInReverseOrder = async (to: string): Promise<string[]> => {
  const files: string[] = [];
  for (const entry of REVERSE_ORDER) {
    if (entry.endsWith('/')) {
      const names = (await readdir(join(EXAMPLES, entry))).filter((f) => f.endsWith('.yaml')).sort();
      files.push(...names.map((n) => `${entry}${n}`));
    } else files.push(entry);
  }
  const copied: string[] = [];
  for (const [i, file] of files.entries()) {
    const name = `${String(i).padStart(2, '0')}-${file.replace('/', '-')}`;
    await copyFile(join(EXAMPLES, file), join(to, name));
    copied.push(name);
  }
  return copied;
};

/** The rows of a kubectl table, split on runs of spaces. */
const rows = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/));

let data: string;
let applyDir: string;
let server: ServerProcess;
let admin: Kubectl;
let viewer: Kubectl;
let applied: { status: number | null; stdout: string; stderr: string };
let nsBeforeApply: { status: number | null; stdout: string; stderr: string };

beforeAll(async () => {
  data = await tempDir('kubectl');
  applyDir = await tempDir('apply');
  await copyInReverseOrder(applyDir);
  // The first start writes the admin kubeconfig; tokens.json is read only at start, so the viewer
  // token is created between two starts.
  const first = await startServerProcess(data);
  expect(await first.stop()).toBe(0);
  const viewerToken = createToken(data, 'ann', 'viewer', NS);
  server = await startServerProcess(data);
  await kubeconfigWithToken(server.kubeconfig, join(data, 'viewer.kubeconfig'), viewerToken);
  admin = await kubectlFor(server.kubeconfig);
  viewer = await kubectlFor(join(data, 'viewer.kubeconfig'));
  nsBeforeApply = admin(['get', 'namespace', NS]);
  applied = admin(['apply', '-R', '-f', applyDir]);
});

afterAll(async () => {
  const code = await server?.stop();
  await admin?.dispose();
  await viewer?.dispose();
  await removeDir(applyDir);
  await removeDir(data);
  expect(code).toBe(0);
});

describe('kubectl apply of the examples: namespaces, then in reverse dependency order', () => {
  it('starts from a server that has no example Namespace objects', () => {
    expect(nsBeforeApply.status).not.toBe(0);
    expect(nsBeforeApply.stderr).toContain(`namespaces "${NS}" not found`);
  });

  it('exits 0 and creates every example object, dependents first', () => {
    expect(applied.stderr).not.toMatch(/error/i);
    expect(applied.status).toBe(0);
    const lines = applied.stdout.trim().split('\n');
    expect(lines).toHaveLength(EXAMPLE_OBJECTS);
    expect(lines.slice(0, 4)).toEqual([
      'namespace/tenant-acme created',
      `namespace/${NS} created`,
      'namespace/paletteai-system created',
      'aiworkload.spectrocloud.com/llama-chat created',
    ]);
    for (const l of lines) expect(l).toMatch(/^\S+\/\S+ (created|configured)$/);
  });

  it('refuses an object for a namespace that does not exist (404), naming it and how to create it', async () => {
    const r = admin(['create', 'secret', 'generic', 'hf', '--from-literal=token=x', '-n', 'nowhere']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('namespaces "nowhere" not found');
    expect(r.stderr).toContain('kubectl create namespace nowhere');
    expect(admin(['get', 'namespace', 'nowhere']).status).not.toBe(0);
  });

  it('has the default namespace from the start', () => {
    expect(rows(admin(['get', 'namespace', 'default']).stdout)[1]?.slice(0, 2)).toEqual([
      'default',
      'Active',
    ]);
  });

  it('configures (not creates) the OCIRepository a bundle already created as its dependency', () => {
    // nim-llama3 lists ngc-nim-charts in workloadProfileDependencies, and it is applied first.
    expect(applied.stdout).toContain('ocirepository.source.toolkit.fluxcd.io/ngc-nim-charts configured');
    expect(applied.stderr).toContain(
      'resource ocirepositories/ngc-nim-charts is missing the kubectl.kubernetes.io/last-applied-configuration annotation',
    );
  });

  it('leaves every ProfileBundle Ready once the profiles it names exist', () => {
    const r = admin([
      'get',
      'pb',
      '-n',
      NS,
      '-o',
      'jsonpath={range .items[*]}{.metadata.name}={.status.phase}{"\\n"}{end}',
    ]);
    expect(r.status).toBe(0);
    const phases = Object.fromEntries(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => l.split('=')),
    );
    expect(Object.keys(phases)).toHaveLength(11);
    expect(phases).toMatchObject({ 'vllm-llama3': 'Ready', 'edge-gpu-infra': 'Ready', ray: 'Ready' });
    expect(Object.entries(phases).filter(([, phase]) => phase !== 'Ready')).toEqual([]);
  });

  it('resolves the references of every ComputePool and AIWorkload once everything is applied', () => {
    const r = admin([
      'get',
      'computepools,aiworkloads',
      '-n',
      NS,
      '-o',
      'jsonpath={range .items[*]}{.kind}/{.metadata.name}={.status.conditions[?(@.type=="ResolvedRefs")].status}{"\\n"}{end}',
    ]);
    expect(r.status).toBe(0);
    // (The AIWorkload controller may have made llama-dedicated's own pool meanwhile: it resolves too.)
    const lines = r.stdout.trim().split('\n');
    expect(lines.filter((l) => !l.endsWith('=True'))).toEqual([]);
    expect(lines).toEqual(
      expect.arrayContaining([
        'AIWorkload/llama-chat=True',
        'AIWorkload/llama-dedicated=True',
        'AIWorkload/open-webui-app=True',
        'ComputePool/cpu-pool=True',
        'ComputePool/gpu-pool-a=True',
      ]),
    );
  });
});

describe('reading with kubectl', () => {
  it('waits for condition Ready on every kind of the examples (kubectl wait)', () => {
    for (const kind of [
      'profilebundles',
      'workloadprofiles',
      'clusterprofiles',
      'variablesets',
      'componentdefinitions',
    ]) {
      const r = admin(['wait', '--for=condition=Ready', kind, '--all', '-n', NS, '--timeout=60s']);
      expect(r.status, `${kind}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toContain('condition met');
    }
  });

  it('lists bundles with the columns NAME TYPE VERSION PHASE', () => {
    const r = admin(['get', 'profilebundles', '-n', NS]);
    expect(r.status).toBe(0);
    const [header, ...body] = rows(r.stdout);
    expect(header!.slice(0, 4)).toEqual(['NAME', 'TYPE', 'VERSION', 'PHASE']);
    expect(body).toContainEqual(expect.arrayContaining(['vllm-llama3', 'Fullstack', '1.2.0', 'Ready']));
    expect(body).toHaveLength(11);
  });

  it('lists bundles of every namespace with a NAMESPACE column (get pb -A)', () => {
    const r = admin(['get', 'pb', '-A']);
    expect(r.status).toBe(0);
    const [header, ...body] = rows(r.stdout);
    expect(header!.slice(0, 2)).toEqual(['NAMESPACE', 'NAME']);
    expect(body).toContainEqual(expect.arrayContaining([NS, 'edge-cpu-infra', 'Infrastructure']));
    expect(body).toHaveLength(11);
  });

  it('prints one bundle as YAML with its kind, resourceVersion and phase', () => {
    const r = admin(['get', 'pb', 'vllm-llama3', '-n', NS, '-o', 'yaml']);
    expect(r.status).toBe(0);
    const pb = parse(r.stdout);
    expect(pb).toMatchObject({
      apiVersion: 'spectrocloud.com/v1beta1',
      kind: 'ProfileBundle',
      metadata: { name: 'vllm-llama3', namespace: NS, resourceVersion: expect.stringMatching(/^\d+$/) },
      spec: { type: 'Fullstack', version: '1.2.0' },
      status: { phase: 'Ready' },
    });
  });

  it('describes a bundle with its spec, status and no events', () => {
    const r = admin(['describe', 'pb', 'vllm-llama3', '-n', NS]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Name:\s+vllm-llama3$/m);
    expect(r.stdout).toMatch(/^Kind:\s+ProfileBundle$/m);
    expect(r.stdout).toMatch(/^\s+Phase:\s+Ready$/m);
    expect(r.stdout).toMatch(/^\s+Name:\s+edge-ubuntu-k3s-gpu$/m);
    expect(r.stdout).toMatch(/^Events:\s+<none>$/m);
  });

  it("lists the same events as core v1 and as events.k8s.io/v1, with that group's field names", async () => {
    // The controllers record their steps as Events on the example's pools and deployments.
    const names = () => admin(['get', 'events', '-n', NS, '-o', 'jsonpath={.items[*].metadata.name}']).stdout;
    expect(await waitFor(() => names().trim() !== '')).toBe(true);
    const core = names().trim().split(' ').sort();
    const v1 = admin(['get', 'events.v1.events.k8s.io', '-n', NS, '-o', 'json']);
    expect(v1.status).toBe(0);
    const items = (
      JSON.parse(v1.stdout) as {
        items: { apiVersion: string; metadata: { name: string }; note?: string; regarding?: unknown }[];
      }
    ).items;
    expect(items.map((i) => i.metadata.name).sort()).toEqual(expect.arrayContaining(core));
    for (const i of items) {
      expect(i.apiVersion).toBe('events.k8s.io/v1');
      expect(i.regarding).toBeDefined();
    }
  });

  it('describes an object with its events (kubectl selects them by involvedObject)', async () => {
    // `kubectl describe` lists events with fieldSelector=involvedObject.name=…,…: the server
    // refused that (400) and every describe showed "Events: <none>".
    const events = () =>
      (
        JSON.parse(admin(['get', 'events', '-n', NS, '-o', 'json']).stdout) as {
          items: { reason: string; involvedObject: { kind: string; name: string } }[];
        }
      ).items;
    expect(await waitFor(() => events().length > 0)).toBe(true);
    const { involvedObject: about } = events()[0]!;
    const mine = events().filter(
      (e) => e.involvedObject.kind === about.kind && e.involvedObject.name === about.name,
    );
    const described = admin(['describe', about.kind.toLowerCase(), about.name, '-n', NS]);
    expect(described.status).toBe(0);
    const section = described.stdout.slice(described.stdout.search(/^Events:/m));
    expect(section).not.toMatch(/^Events:\s+<none>$/m);
    for (const e of mine) expect(section).toContain(e.reason);
    const selected = admin([
      'get',
      'events',
      '-n',
      NS,
      '--field-selector',
      `involvedObject.kind=${about.kind},involvedObject.name=${about.name}`,
      '-o',
      'jsonpath={.items[*].involvedObject.name}',
    ]);
    expect(selected.stderr).toBe('');
    expect(new Set(selected.stdout.trim().split(' '))).toEqual(new Set([about.name]));
    const unknown = admin(['get', 'events', '-n', NS, '--field-selector', 'involvedObject.colour=red']);
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toContain('involvedObject.name');
  });

  it('labels a bundle, and get shows the label and selects by it', () => {
    const labelled = admin(['label', 'pb', 'vllm-llama3', 'tier=gold', '-n', NS]);
    expect(labelled.status).toBe(0);
    expect(labelled.stdout.trim()).toBe('profilebundle.spectrocloud.com/vllm-llama3 labeled');
    const shown = admin(['get', 'pb', 'vllm-llama3', '-n', NS, '--show-labels']);
    expect(shown.stdout).toContain('tier=gold');
    const selected = admin(['get', 'pb', '-n', NS, '-l', 'tier=gold', '-o', 'name']);
    expect(selected.stdout.trim()).toBe('profilebundle.spectrocloud.com/vllm-llama3');
  });

  it('selects by field with = and !=', () => {
    const all = admin(['get', 'pb', '-n', NS, '-o', 'name']).stdout.trim().split('\n');
    expect(all).toContain('profilebundle.spectrocloud.com/vllm-llama3');
    expect(all.length).toBeGreaterThan(1);
    const one = admin(['get', 'pb', '-n', NS, '--field-selector', 'metadata.name=vllm-llama3', '-o', 'name']);
    expect(one.stdout.trim()).toBe('profilebundle.spectrocloud.com/vllm-llama3');
    const others = admin([
      'get',
      'pb',
      '-n',
      NS,
      '--field-selector',
      'metadata.name!=vllm-llama3',
      '-o',
      'name',
    ]);
    expect(others.stderr).toBe('');
    expect(others.stdout.trim().split('\n').filter(Boolean)).toEqual(
      all.filter((n) => n !== 'profilebundle.spectrocloud.com/vllm-llama3'),
    );
  });

  it('streams a change to a running `get -w --output-watch-events`', async () => {
    let out = '';
    let err = '';
    const watch: ChildProcess = spawn(
      KUBECTL,
      admin.argv(['get', 'pb', '-n', NS, '-w', '--output-watch-events']),
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    watch.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    watch.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    try {
      // The initial list arrives as ADDED events.
      expect(await waitFor(() => /^ADDED\s+vllm-model-legacy\s/m.test(out))).toBe(true);
      const patched = admin([
        'patch',
        'pb',
        'jupyterhub',
        '-n',
        NS,
        '--type=merge',
        '-p',
        '{"spec":{"version":"1.0.1"}}',
      ]);
      expect(patched.status).toBe(0);
      const seen = await waitFor(() => /^MODIFIED\s+jupyterhub\s+Application\s+1\.0\.1\s+Ready/m.test(out));
      expect(seen, `watch output:\n${out}\n${err}`).toBe(true);
      expect(watch.exitCode).toBeNull();
    } finally {
      const exited = new Promise((r) => watch.once('exit', r));
      watch.kill('SIGTERM');
      await exited;
    }
  });

  it('explains profilebundle.spec and profilebundle.spec.clusterProfiles field by field', () => {
    const spec = admin(['explain', 'profilebundle.spec']);
    expect(spec.status).toBe(0);
    for (const field of ['clusterProfiles', 'workloadProfiles', 'type', 'version', 'variableSet'])
      expect(spec.stdout).toMatch(new RegExp(`^\\s+${field}\\s+<`, 'm'));
    expect(spec.stdout).toMatch(/type\s+<string> -required-/);
    const refs = admin(['explain', 'profilebundle.spec.clusterProfiles']);
    expect(refs.status).toBe(0);
    expect(refs.stdout).toMatch(/^\s+name\s+<string> -required-/m);
    expect(refs.stdout).toMatch(/^\s+version\s+<string>/m);
  });

  it('lists profilebundles with the short name pb in api-resources of spectrocloud.com', () => {
    const r = admin(['api-resources', '--api-group=spectrocloud.com']);
    expect(r.status).toBe(0);
    expect(rows(r.stdout)).toContainEqual([
      'profilebundles',
      'pb',
      'spectrocloud.com/v1beta1',
      'true',
      'ProfileBundle',
    ]);
  });
});

describe('deleting with kubectl', () => {
  it('refuses to delete a bundle a ComputePool refers to, naming the pool', () => {
    const r = admin(['delete', 'pb', 'edge-gpu-infra', '-n', NS]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('Error from server (Conflict)');
    expect(r.stderr).toContain('ComputePool gpu-pool-a');
  });

  it('refuses to delete a bundle an AIWorkload refers to, naming the AIWorkload', () => {
    const r = admin(['delete', 'pb', 'vllm-llama3', '-n', NS]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('AIWorkload llama-dedicated');
    expect(admin(['get', 'pb', 'vllm-llama3', '-n', NS]).status).toBe(0);
  });

  it('keeps a bundle that `kubectl delete --dry-run=server` only pretends to delete', () => {
    // kubectl sends the dry run in the DeleteOptions body ({"dryRun":["All"]}), not in the query.
    const r = admin(['delete', 'pb', 'embeddings', '-n', NS, '--dry-run=server']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('profilebundle.spectrocloud.com "embeddings" deleted (server dry run)');
    const still = admin(['get', 'pb', 'embeddings', '-n', NS, '-o', 'name']);
    expect(still.stderr).toBe('');
    expect(still.stdout.trim()).toBe('profilebundle.spectrocloud.com/embeddings');
  });

  it('deletes an unreferenced bundle, after which get says NotFound', () => {
    const r = admin(['delete', 'pb', 'ray', '-n', NS]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('profilebundle.spectrocloud.com "ray" deleted');
    const gone = admin(['get', 'pb', 'ray', '-n', NS]);
    expect(gone.status).not.toBe(0);
    expect(gone.stderr).toContain(
      'Error from server (NotFound): profilebundles.spectrocloud.com "ray" not found',
    );
  });
});

describe('kubectl with a viewer token of project-melbourne', () => {
  const forbidden = (r: { status: number | null; stderr: string }) => {
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('Error from server (Forbidden)');
  };

  it('reads bundles of its namespace', () => {
    const r = viewer(['get', 'pb', '-n', NS]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('vllm-llama3');
  });

  it('cannot apply a new object', () => {
    const r = viewer(['apply', '-f', '-'], {
      input: JSON.stringify({
        apiVersion: 'spectrocloud.com/v1beta1',
        kind: 'WorkloadProfile',
        metadata: { name: 'viewer-made', namespace: NS },
        spec: {
          type: 'Model',
          workload: {
            components: [{ name: 'server', type: 'webservice', properties: { image: 'x:1', port: 8000 } }],
          },
        },
      }),
    });
    forbidden(r);
    expect(r.stderr).toContain('cannot create workloadprofiles');
  });

  it('cannot delete or label a bundle', () => {
    forbidden(viewer(['delete', 'pb', 'jupyterhub', '-n', NS]));
    forbidden(viewer(['label', 'pb', 'jupyterhub', 'x=y', '-n', NS]));
    expect(admin(['get', 'pb', 'jupyterhub', '-n', NS, '-o', 'jsonpath={.metadata.labels.x}']).stdout).toBe(
      '',
    );
  });

  it('cannot read another namespace', () => {
    const r = viewer(['get', 'pb', '-n', 'other-ns']);
    forbidden(r);
    expect(r.stderr).toContain('limited to namespace "project-melbourne"');
  });

  it('asks `kubectl auth can-i` and gets the answers its requests would get', () => {
    const can = (args: string[]) => viewer(['auth', 'can-i', ...args]);
    const list = can(['list', 'profilebundles', '-n', NS]);
    expect([list.status, list.stdout.trim()]).toEqual([0, 'yes']);
    // A "no" carries the reason the request itself would get.
    const create = can(['create', 'profilebundles', '-n', NS]);
    expect(create.status).toBe(1);
    expect(create.stdout.trim()).toMatch(/^no - .*viewers can only get, list and watch/);
    expect(can(['get', 'secrets', '-n', NS]).stdout.trim()).toMatch(/^no - .*viewers cannot read Secrets/);
    expect(can(['list', 'profilebundles', '-n', 'other-ns']).stdout.trim()).toMatch(
      /^no - .*limited to namespace/,
    );
    expect(admin(['auth', 'can-i', 'delete', 'computepools', '-n', NS]).stdout.trim()).toBe('yes');
  });

  it('says who it is with `kubectl auth whoami`', () => {
    const r = viewer(['auth', 'whoami', '-o', 'json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).status.userInfo).toMatchObject({
      username: 'ann',
      groups: expect.arrayContaining(['paletteai:viewer', 'system:authenticated']),
    });
  });

  it('cannot read Secrets, not even in its own namespace', () => {
    const own = viewer(['get', 'secrets', '-n', NS]);
    forbidden(own);
    expect(own.stderr).toContain('viewers cannot read Secrets');
    forbidden(viewer(['get', 'secrets']));
  });
});

describe('kubectl create of core objects', () => {
  it('creates a generic secret from a protobuf body, and its value reads back', () => {
    const r = admin([
      'create',
      'secret',
      'generic',
      'hf-e2e',
      '--from-literal=token=hf_TEST',
      '-n',
      NS,
      '-v=8',
    ]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('secret/hf-e2e created');
    // -v=8 logs the request: kubectl sends core objects as protobuf.
    expect(r.stderr).toMatch(/POST https:\/\/\S+\/api\/v1\/namespaces\/project-melbourne\/secrets/);
    expect(r.stderr).toContain('Content-Type: application/vnd.kubernetes.protobuf');
    expect(r.stderr).toContain('Response Status: 201 Created');
    const value = admin(['get', 'secret', 'hf-e2e', '-n', NS, '-o', 'jsonpath={.data.token}']);
    expect(Buffer.from(value.stdout, 'base64').toString()).toBe('hf_TEST');
  });

  it('creates a namespace that get lists as Active', () => {
    const r = admin(['create', 'namespace', 'e2e-x']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('namespace/e2e-x created');
    const ns = admin(['get', 'namespace', 'e2e-x']);
    expect(rows(ns.stdout)[1]?.slice(0, 2)).toEqual(['e2e-x', 'Active']);
  });
});

describe('kubectl delete -R of the examples folder, dependents first', () => {
  it('deletes every example object in one pass: a namespace takes what it holds along', () => {
    expect(admin(['delete', 'secret', 'hf-e2e', '-n', NS]).status).toBe(0);
    const r = admin(['delete', '-R', '-f', applyDir, '--ignore-not-found', '--wait=false']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // The namespaces come first in the folder: deleting them deleted everything else.
    expect(r.stdout.trim().split('\n')).toEqual([
      'namespace "tenant-acme" deleted',
      `namespace "${NS}" deleted`,
      'namespace "paletteai-system" deleted',
    ]);
    const left = admin(['get', 'pb,wp,cp,aiw,pool,proj,settings,vs,cd,secrets', '-A', '-o', 'name']);
    expect(left.stdout).toBe('');
    expect(admin(['get', 'namespaces', '-o', 'name']).stdout.trim().split('\n')).toEqual([
      'namespace/default',
      'namespace/e2e-x',
    ]);
  });
});

describe('the first start of a data directory that already holds tokens', () => {
  it('writes the kubeconfig it tells the user to export', async () => {
    const dir = await tempDir('pretoken');
    try {
      createToken(dir, 'early', 'viewer', NS);
      const s = await spawnServer(dir);
      expect(await s.stop()).toBe(0);
      const advertised = /export KUBECONFIG=(\S+);/.exec(s.stderr())?.[1];
      expect(advertised).toBe(join(dir, 'kubeconfig'));
      expect(existsSync(advertised!), `${advertised} exists`).toBe(true);
    } finally {
      await removeDir(dir);
    }
  });
});

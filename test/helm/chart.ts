import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { HANG_MS, spawnServer, type SpawnedServer } from '../e2e/serverProcess.js';

/**
 * Test support for the Helm chart (deploy/helm/paletteai): renders it as `helm template` does with
 * deploy/helm/render (Go's text/template and sprig, built offline from Debian's packages), validates
 * the manifests with kubernetes-models (validators generated from the Kubernetes OpenAPI), and runs
 * what the chart's pod runs, as the kubelet would: the init container's script, then the server with
 * the container's arguments, environment and volumes (directories standing in for the volumes).
 */

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const CHART = join(ROOT, 'deploy/helm/paletteai');
const RENDERER = join(ROOT, 'deploy/helm/render');

/** A rendered Kubernetes object (loosely typed: the tests read what the chart wrote). */
export type Manifest = Record<string, any> & {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
};

/**
 * Builds the renderer: GOPATH mode on Debian's Go packages, nothing fetched. The Go build cache is
 * shared between runs (a first build takes some seconds, later ones well under one).
 */
export const buildRenderer = async (): Promise<string> => {
  const bin = join(await mkdtemp(join(tmpdir(), 'paletteai-helm-render-')), 'render');
  const r = spawnSync('go', ['build', '-o', bin, '.'], {
    cwd: RENDERER,
    encoding: 'utf8',
    timeout: HANG_MS,
    killSignal: 'SIGKILL',
    env: {
      ...process.env,
      GO111MODULE: 'off',
      GOPATH: '/usr/share/gocode',
      GOFLAGS: '',
      GOCACHE: process.env.GOCACHE ?? join(tmpdir(), 'paletteai-helm-gocache'),
    },
  });
  const packages = 'golang-go, golang-github-masterminds-sprig-dev and golang-gopkg-yaml.v2-dev';
  if (r.error)
    throw new Error(`cannot run go (${r.error.message}): install ${packages} (scripts/ci-deps.sh does)`);
  if (r.status !== 0)
    throw new Error(`building deploy/helm/render failed (are ${packages} installed?):\n${r.stderr}`);
  return bin;
};

export interface Rendered {
  status: number | null;
  stderr: string;
  stdout: string;
  docs: Manifest[];
}

/** `helm template pai deploy/helm/paletteai --namespace paletteai ARGS…`. */
export const render = (bin: string, args: string[]): Rendered => {
  const r = spawnSync(bin, [CHART, '--release-name', 'pai', '--namespace', 'paletteai', ...args], {
    encoding: 'utf8',
    timeout: HANG_MS,
    killSignal: 'SIGKILL',
  });
  if (r.error) throw r.error;
  const docs =
    r.status === 0 && !args.includes('--notes')
      ? parseAllDocuments(r.stdout).map((d) => {
          if (d.errors.length) throw new Error(`the chart rendered invalid YAML: ${d.errors[0]!.message}`);
          return d.toJS() as Manifest;
        })
      : [];
  return { status: r.status, stderr: r.stderr, stdout: r.stdout, docs: docs.filter(Boolean) };
};

/** Renders, and throws with Helm's message when the chart refuses the values. */
export const renderOk = (bin: string, args: string[]): Manifest[] => {
  const r = render(bin, args);
  if (r.status !== 0) throw new Error(`rendering failed: ${r.stderr}`);
  return r.docs;
};

/** The one object of a kind (and name, when given); throws naming what is missing. */
export const one = (docs: Manifest[], kind: string, name?: string): Manifest => {
  const found = docs.filter((d) => d.kind === kind && (name === undefined || d.metadata.name === name));
  if (found.length !== 1)
    throw new Error(
      `expected one ${kind}${name ? ` ${name}` : ''}, found ${found.length} among ${docs.map((d) => `${d.kind}/${d.metadata.name}`).join(', ')}`,
    );
  return found[0]!;
};

/** The Deployment's pod template, and its server container. */
export const podOf = (docs: Manifest[]) => one(docs, 'Deployment').spec.template;
export const serverOf = (docs: Manifest[]) => podOf(docs).spec.containers[0];

/**
 * kubernetes-models' class for an object (`new Class(object).validate()` throws a ValidationError
 * listing what does not match the Kubernetes OpenAPI schema). Loaded through require: the package
 * ships CommonJS next to its ES modules, and its types are not needed here.
 */
const modelOf = (apiVersion: string, kind: string): new (o: unknown) => { validate(): void } => {
  const module = apiVersion.includes('/') ? apiVersion : `v1`;
  let exports: Record<string, unknown>;
  try {
    exports = createRequire(import.meta.url)(`kubernetes-models/${module}`) as Record<string, unknown>;
  } catch (e) {
    throw new Error(
      `cannot load kubernetes-models/${module} (${(e as Error).message.split('\n')[0]}): it is a devDependency (npm ci installs it)`,
    );
  }
  const model = exports[kind];
  if (typeof model !== 'function') throw new Error(`kubernetes-models has no ${apiVersion} ${kind}`);
  return model as new (o: unknown) => { validate(): void };
};

/** Validates an object against the Kubernetes schema of its apiVersion and kind; throws if invalid. */
export const validateManifest = (doc: Manifest): void => {
  const Model = modelOf(doc.apiVersion, doc.kind);
  new Model(doc).validate();
};

/** A Secret's data as text (from `data`, base64, and `stringData`). */
export const secretData = (secret: Manifest): Record<string, string> => ({
  ...Object.fromEntries(
    Object.entries((secret.data ?? {}) as Record<string, string>).map(([k, v]) => [
      k,
      Buffer.from(v, 'base64').toString('utf8'),
    ]),
  ),
  ...((secret.stringData ?? {}) as Record<string, string>),
});

type Container = {
  command?: string[];
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  volumeMounts?: { name: string; mountPath: string }[];
};

/** A container's environment as the kubelet builds it: values, and Secret keys looked up. */
const containerEnv = (c: Container, secrets: Manifest[]): Record<string, string> =>
  Object.fromEntries(
    (c.env ?? []).map((e) => {
      const ref = e.valueFrom?.secretKeyRef;
      if (!ref) return [e.name, e.value ?? ''];
      const value = secretData(one(secrets, 'Secret', ref.name))[ref.key];
      if (value === undefined) throw new Error(`Secret ${ref.name} has no key ${ref.key} (env ${e.name})`);
      return [e.name, value];
    }),
  );

/** Where a path of the container lives on this machine: under the directory of the volume mounted there. */
const hostPath = (c: Container, volumes: Map<string, string>, path: string): string => {
  const mount = (c.volumeMounts ?? []).find(
    (m) => path === m.mountPath || path.startsWith(`${m.mountPath}/`),
  );
  if (!mount) return path;
  return join(volumes.get(mount.name)!, path.slice(mount.mountPath.length));
};

/** A pod of the chart's Deployment, run on this machine: its server and the directories of its volumes. */
export interface LocalPod {
  server: SpawnedServer;
  /** The init container's output. */
  initOutput: string;
  volumes: Map<string, string>;
}

/**
 * Runs the Deployment's pod as the kubelet would, on this machine: the volumes become directories
 * under `root` (ConfigMap and Secret volumes filled from the rendered objects or `existing`
 * Secrets), the init container runs (its paths mapped to those directories), then the server starts
 * with the container's arguments, `$(VAR)` expanded from its environment, except `--listen`, which
 * becomes 127.0.0.1:0 (tests run side by side).
 */
export const runPod = async (
  docs: Manifest[],
  root: string,
  existing: Manifest[] = [],
): Promise<LocalPod> => {
  const all = [...docs, ...existing];
  const pod = one(docs, 'Deployment').spec.template.spec;
  const volumes = new Map<string, string>();
  for (const v of pod.volumes as Record<string, any>[]) {
    const dir = join(root, v.name);
    await mkdir(dir, { recursive: true });
    volumes.set(v.name, dir);
    const files: Record<string, string> = v.configMap
      ? one(all, 'ConfigMap', v.configMap.name).data
      : v.secret
        ? secretData(one(all, 'Secret', v.secret.secretName))
        : {};
    for (const [file, text] of Object.entries(files)) await writeFile(join(dir, file), text, { mode: 0o600 });
  }
  const init = pod.initContainers[0] as Container;
  const env = containerEnv(init, all);
  // The script reads its directories from its environment: point them at the volumes' directories.
  for (const [k, v] of Object.entries(env)) if (v.startsWith('/')) env[k] = hostPath(init, volumes, v);
  const [cmd, ...cmdArgs] = init.command!;
  if (cmd !== 'node') throw new Error(`the init container runs ${cmd}, not node`);
  const r = spawnSync(
    process.execPath,
    cmdArgs.map((a) => hostPath(init, volumes, a)),
    { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8', timeout: HANG_MS, killSignal: 'SIGKILL' },
  );
  if (r.status !== 0) throw new Error(`the init container failed (${r.status}): ${r.stderr}`);
  const server = pod.containers[0] as Container;
  const serverEnv = containerEnv(server, all);
  const args = server.args!.map((a) =>
    a.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, name: string) => serverEnv[name] ?? m),
  );
  if (args[0] !== 'server') throw new Error(`the container runs "${args[0]}", not "server"`);
  const data = hostPath(server, volumes, args[args.indexOf('--data') + 1]!);
  const listen = args.indexOf('--listen');
  args.splice(listen, 2, '--listen', '127.0.0.1:0');
  args.splice(args.indexOf('--data'), 2, '--data', data);
  return {
    server: await spawnServer(data, { args: args.slice(1), env: serverEnv }),
    initOutput: r.stdout,
    volumes,
  };
};

/**
 * GET over HTTPS as a probe or a client sends it: with `ca`, the serving certificate must chain to
 * it (and name 127.0.0.1); without, it is not checked (the kubelet does not check a probe's).
 */
export const get = (
  url: string,
  path: string,
  opts: { ca?: string; token?: string } = {},
): Promise<{ status: number; body: string }> =>
  new Promise((resolve, reject) => {
    const req = request(
      new URL(path, url),
      {
        method: 'GET',
        ...(opts.ca ? { ca: opts.ca } : { rejectUnauthorized: false }),
        headers: opts.token ? { authorization: `Bearer ${opts.token}` } : {},
        timeout: HANG_MS,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET ${path} did not answer within ${HANG_MS} ms`)));
    req.on('error', reject);
    req.end();
  });

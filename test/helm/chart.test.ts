import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BIN, HANG_MS, removeDir, stepsTimeout, tempDir } from '../e2e/serverProcess.js';
import {
  buildRenderer,
  CHART,
  get,
  one,
  render,
  runPod,
  secretData,
  validateManifest,
  type LocalPod,
  type Manifest,
} from './chart.js';

/**
 * The Helm chart (deploy/helm/paletteai), rendered as `helm template` renders it: every manifest
 * valid against the Kubernetes schemas, the values wired where they belong (replicas, the database
 * URL from a Secret, the PodDisruptionBudget), required values refused with a message that says
 * what to set, and the pod the chart describes run for real on the test PostgreSQL: two replicas,
 * their probes answered without a token, one CA and one admin token for both.
 */

let bin: string;
beforeAll(async () => {
  bin = await buildRenderer();
}, stepsTimeout(1));

const DB_URL = 'postgres://paletteai:s3cret@postgres.db.svc:5432/paletteai';

const rendered = (...args: string[]) => {
  const r = render(bin, args);
  if (r.status !== 0) throw new Error(`rendering failed: ${r.stderr}`);
  return r.docs;
};

const refusal = (...args: string[]) => {
  const r = render(bin, args);
  expect(r.status).toBe(1);
  return r.stderr;
};

const podOf = (docs: Manifest[]) => one(docs, 'Deployment').spec.template;
const serverOf = (docs: Manifest[]) => podOf(docs).spec.containers[0];
const envVar = (container: Record<string, any>, name: string) =>
  (container.env as { name: string; valueFrom?: any }[]).find((e) => e.name === name);

describe('the chart with its default values (and the database URL, which has no default)', () => {
  let docs: Manifest[];
  beforeAll(() => {
    docs = rendered('--set', `postgres.url=${DB_URL}`);
  });

  it('renders a Deployment, Service, PodDisruptionBudget, ConfigMap and three Secrets, and no Ingress', () => {
    expect(docs.map((d) => `${d.apiVersion} ${d.kind}`).sort()).toEqual([
      'apps/v1 Deployment',
      'policy/v1 PodDisruptionBudget',
      'v1 ConfigMap',
      'v1 Secret',
      'v1 Secret',
      'v1 Secret',
      'v1 Service',
    ]);
  });

  it('every manifest validates against the Kubernetes schema of its kind', () => {
    for (const doc of docs) expect(() => validateManifest(doc), `${doc.kind}`).not.toThrow();
  });

  it('the validator does refuse a broken manifest (so a pass above means something)', () => {
    const broken = structuredClone(one(docs, 'Deployment'));
    broken.spec.replicas = 'two';
    expect(() => validateManifest(broken)).toThrow(/replicas/);
    const noPort = structuredClone(one(docs, 'Service'));
    delete noPort.spec.ports[0].port;
    expect(() => validateManifest(noPort)).toThrow(/port/);
  });

  it('runs 2 replicas of the image tagged with the chart appVersion, and a budget of 1 available', async () => {
    const chart = parse(await readFile(join(CHART, 'Chart.yaml'), 'utf8')) as { appVersion: string };
    expect(one(docs, 'Deployment').spec.replicas).toBe(2);
    expect(serverOf(docs).image).toBe(`ghcr.io/spectrocloud/paletteai:${chart.appVersion}`);
    const pdb = one(docs, 'PodDisruptionBudget');
    expect(pdb.spec.minAvailable).toBe(1);
    expect(pdb.spec.selector.matchLabels).toEqual(one(docs, 'Deployment').spec.selector.matchLabels);
  });

  it("the server reads the database URL from the chart's Secret, never from its manifest", () => {
    const ref = envVar(serverOf(docs), 'PALETTEAI_STORAGE')!.valueFrom.secretKeyRef;
    expect(secretData(one(docs, 'Secret', ref.name))[ref.key]).toBe(DB_URL);
    expect(serverOf(docs).args).toEqual([
      'server',
      '--listen',
      '0.0.0.0:8443',
      '--data',
      '/data',
      '--storage',
      '$(PALETTEAI_STORAGE)',
    ]);
    expect(JSON.stringify(one(docs, 'Deployment'))).not.toContain('s3cret');
  });

  it('runs as a non-root user on a read-only root file system, writing only to emptyDirs', () => {
    const pod = podOf(docs).spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(pod.automountServiceAccountToken).toBe(false);
    for (const c of [...pod.initContainers, ...pod.containers]) {
      expect(c.securityContext).toMatchObject({
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
      });
      expect(c.resources.requests).toBeDefined();
    }
    const emptyDirs = new Set(
      (pod.volumes as { name: string; emptyDir?: object }[]).filter((v) => v.emptyDir).map((v) => v.name),
    );
    const mounts = serverOf(docs).volumeMounts as { name: string; mountPath: string }[];
    // The data directory (TLS material, audit log, lock) and /tmp: what the server writes.
    for (const path of ['/data', '/tmp'])
      expect(emptyDirs.has(mounts.find((m) => m.mountPath === path)!.name), path).toBe(true);
  });

  it('the Service selects the pods and targets the port the server listens on', () => {
    const service = one(docs, 'Service');
    const labels = podOf(docs).metadata.labels;
    for (const [k, v] of Object.entries(service.spec.selector)) expect(labels[k]).toBe(v);
    const port = serverOf(docs).ports.find(
      (p: { name: string }) => p.name === service.spec.ports[0].targetPort,
    );
    expect(port.containerPort).toBe(8443);
  });

  it('renders its NOTES: how to get the CA, the admin token and a kubeconfig', () => {
    const notes = render(bin, ['--set', `postgres.url=${DB_URL}`, '--notes']);
    expect(notes.status).toBe(0);
    expect(notes.stdout).toContain('get secret pai-paletteai-admin-token');
    expect(notes.stdout).toContain('get secret pai-paletteai-ca');
    expect(notes.stdout).toContain('port-forward service/pai-paletteai 8443:8443');
  });
});

describe('the chart with overrides', () => {
  const overrides = [
    ...['--set', 'replicaCount=4', '--set', 'postgres.existingSecret=team-db'],
    ...['--set', 'postgres.existingSecretKey=connection', '--set', 'adminToken.existingSecret=team-token'],
    ...['--set', 'tls.existingSecret=team-ca', '--set', 'ingress.enabled=true'],
    ...['--set', 'ingress.className=nginx', '--set', 'image.tag=0.2.0-rc.1'],
  ];

  it('every manifest validates, the Ingress included', () => {
    const docs = rendered(...overrides);
    expect(docs.map((d) => d.kind).sort()).toEqual([
      'ConfigMap',
      'Deployment',
      'Ingress',
      'PodDisruptionBudget',
      'Service',
    ]);
    for (const doc of docs) expect(() => validateManifest(doc), `${doc.kind}`).not.toThrow();
  });

  it('reads the existing Secrets (database URL, admin token, CA) and makes none of its own', () => {
    const docs = rendered(...overrides);
    expect(envVar(serverOf(docs), 'PALETTEAI_STORAGE')!.valueFrom.secretKeyRef).toEqual({
      name: 'team-db',
      key: 'connection',
    });
    const init = podOf(docs).spec.initContainers[0];
    expect(envVar(init, 'PALETTEAI_ADMIN_TOKEN')!.valueFrom.secretKeyRef).toEqual({
      name: 'team-token',
      key: 'token',
    });
    const ca = podOf(docs).spec.volumes.find((v: { name: string }) => v.name === 'ca');
    expect(ca.secret.secretName).toBe('team-ca');
    expect(serverOf(docs).image).toBe('ghcr.io/spectrocloud/paletteai:0.2.0-rc.1');
  });

  it('scales: 4 replicas, a budget of 3, an Ingress to the Service port', () => {
    const docs = rendered(...overrides);
    expect(one(docs, 'Deployment').spec.replicas).toBe(4);
    expect(one(docs, 'PodDisruptionBudget').spec.minAvailable).toBe(3);
    const ingress = one(docs, 'Ingress');
    expect(ingress.spec.ingressClassName).toBe('nginx');
    const backend = ingress.spec.rules[0].http.paths[0].backend.service;
    expect(backend.name).toBe(one(docs, 'Service').metadata.name);
    expect(backend.port.name).toBe(one(docs, 'Service').spec.ports[0].name);
  });

  it('one replica gets no budget (it would block every drain); an explicit budget must stay below the replicas', () => {
    const single = rendered('--set', `postgres.url=${DB_URL}`, '--set', 'replicaCount=1');
    expect(single.filter((d) => d.kind === 'PodDisruptionBudget')).toEqual([]);
    expect(one(single, 'Deployment').spec.replicas).toBe(1);
    const explicit = rendered('--set', `postgres.url=${DB_URL}`, '--set', 'replicaCount=3');
    expect(one(explicit, 'PodDisruptionBudget').spec.minAvailable).toBe(2);
    const stderr = refusal(
      ...['--set', `postgres.url=${DB_URL}`, '--set', 'podDisruptionBudget.minAvailable=2'],
    );
    expect(stderr).toContain(
      'podDisruptionBudget.minAvailable must be between 1 and replicaCount - 1 (replicaCount is 2, minAvailable 2)',
    );
  });
});

describe('values the chart refuses', () => {
  it('no database: says which values to set', () => {
    expect(refusal()).toContain(
      'the PostgreSQL database is required: set postgres.existingSecret (a Secret holding postgres://USER:PASSWORD@HOST:PORT/DB under postgres.existingSecretKey) or postgres.url',
    );
  });

  it('a URL that is not PostgreSQL: says so, without its password', () => {
    const stderr = refusal('--set', 'postgres.url=mysql://root:hunter2@db/x');
    expect(stderr).toContain('postgres.url must be a PostgreSQL URL such as postgres://');
    expect(stderr).toContain('"mysql://***@db/x"');
    expect(stderr).not.toContain('hunter2');
  });

  it('an Ingress without hosts', () => {
    const stderr = refusal(
      ...['--set', `postgres.url=${DB_URL}`, '--set', 'ingress.enabled=true', '--set', 'ingress.hosts=null'],
    );
    expect(stderr).toContain('ingress.hosts must list at least one host when ingress.enabled is true');
  });
});

/** A fresh database of the run's test PostgreSQL, for this file alone. */
const freshDatabase = async (name: string): Promise<string> => {
  const base = new URL(process.env.PALETTEAI_TEST_POSTGRES_URL ?? inject('postgresUrl'));
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  base.pathname = `/${name}`;
  return base.toString();
};

describe("the chart's pod, run on this machine: two replicas on the test PostgreSQL", () => {
  let docs: Manifest[];
  const roots: string[] = [];
  const pods: LocalPod[] = [];
  beforeAll(async () => {
    docs = rendered('--set', `postgres.url=${await freshDatabase('paletteai_helm_chart')}`);
    for (const name of ['a', 'b']) {
      roots.push(await tempDir(`helm-pod-${name}`));
      // One after the other: the second finds the admin token the first imported.
      pods.push(await runPod(docs, roots.at(-1)!));
    }
  }, stepsTimeout(4));

  afterAll(async () => {
    const codes = await Promise.all(pods.map((p) => p.server.stop()));
    await Promise.all(roots.map(removeDir));
    expect(codes).toEqual([0, 0]);
  }, stepsTimeout(2));

  it("answers every probe's path without a token (the kubelet sends none), on both replicas", async () => {
    const server = serverOf(docs);
    const probes = [server.startupProbe, server.readinessProbe, server.livenessProbe];
    expect(probes.map((p) => p.httpGet.path)).toEqual(['/livez', '/readyz', '/livez']);
    for (const probe of probes) {
      expect(probe.httpGet.scheme).toBe('HTTPS');
      expect(server.ports.map((p: { name: string }) => p.name)).toContain(probe.httpGet.port);
      for (const pod of pods)
        expect(await get(pod.server.url, probe.httpGet.path)).toEqual({ status: 200, body: 'ok' });
    }
    // Not every path is public: the API itself wants a token.
    expect((await get(pods[0]!.server.url, '/api/v1/namespaces')).status).toBe(401);
  });

  it("both replicas' serving certificates chain to the chart's CA", async () => {
    const ca = secretData(one(docs, 'Secret', 'pai-paletteai-ca'))['ca.crt']!;
    for (const pod of pods) expect((await get(pod.server.url, '/readyz', { ca })).status).toBe(200);
  });

  it("the admin token of the chart's Secret works on both replicas; no server made one of its own", async () => {
    const token = secretData(one(docs, 'Secret', 'pai-paletteai-admin-token')).token!;
    const ca = secretData(one(docs, 'Secret', 'pai-paletteai-ca'))['ca.crt']!;
    for (const pod of pods) {
      const r = await get(pod.server.url, '/api/v1/namespaces', { ca, token });
      expect(r.status, r.body).toBe(200);
      expect(pod.server.stderr()).not.toContain('created an admin token');
    }
    expect(pods[0]!.initOutput).toContain('admin token staged for import');
    expect(pods[0]!.server.stderr()).toContain('imported 1 token(s)');
    // The second replica finds it in the database already, and keeps it.
    expect(pods[1]!.server.stderr()).toContain('imported 0 token(s)');
    expect(pods[1]!.server.stderr()).toContain('admin already there');
  });
  it('a token made from inside a pod as the NOTES say (straight on the database) works on both replicas', async () => {
    const notes = render(bin, [
      '--set',
      'postgres.url=postgres://u:p@db/x',
      '--set',
      'adminToken.enabled=false',
      '--notes',
    ]);
    const command =
      'paletteai token create --name "me" --role cluster-admin --data /tmp/token-cli --storage "$PALETTEAI_STORAGE"';
    expect(notes.stdout).toContain(command);
    const env = {
      ...process.env,
      PALETTEAI_STORAGE: secretData(one(docs, 'Secret', 'pai-paletteai-postgres')).url,
    };
    const r = spawnSync(
      'sh',
      [
        '-c',
        command
          .replace('paletteai', `"${process.execPath}" "${BIN}"`)
          .replace('/tmp/token-cli', join(roots[0]!, 'tmp/token-cli')),
      ],
      {
        encoding: 'utf8',
        env,
        timeout: HANG_MS,
      },
    );
    expect(r.status, r.stderr).toBe(0);
    const ca = secretData(one(docs, 'Secret', 'pai-paletteai-ca'))['ca.crt']!;
    for (const pod of pods)
      expect((await get(pod.server.url, '/api/v1/namespaces', { ca, token: r.stdout.trim() })).status).toBe(
        200,
      );
  });
});

describe("the chart's pod with the user's own Secrets (database URL, admin token, CA)", () => {
  let root: string;
  let pod: LocalPod;
  let ca: string;
  let docs: Manifest[];
  let existing: Manifest[];
  const token = `team-${'x'.repeat(40)}`;
  beforeAll(async () => {
    root = await tempDir('helm-pod-existing');
    // The CA as a user would make it: openssl, not the chart's sprig genCA.
    const made = spawnSync(
      'openssl',
      [
        ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=team-ca', '-days', '365'],
        ...['-keyout', join(root, 'ca.key'), '-out', join(root, 'ca.crt')],
        ...[
          '-addext',
          'basicConstraints=critical,CA:TRUE',
          '-addext',
          'keyUsage=critical,keyCertSign,cRLSign',
        ],
      ],
      { encoding: 'utf8' },
    );
    if (made.status !== 0)
      throw new Error(`openssl could not make a CA: ${made.error?.message ?? made.stderr}`);
    ca = await readFile(join(root, 'ca.crt'), 'utf8');
    const secret = (name: string, data: Record<string, string>): Manifest => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name },
      stringData: data,
    });
    existing = [
      secret('team-db', { connection: await freshDatabase('paletteai_helm_existing') }),
      // As `kubectl create secret generic --from-file` stores a file: with its final newline.
      secret('team-token', { token: `${token}\n` }),
      secret('team-ca', { 'ca.crt': ca, 'ca.key': await readFile(join(root, 'ca.key'), 'utf8') }),
    ];
    docs = rendered(
      ...['--set', 'postgres.existingSecret=team-db', '--set', 'postgres.existingSecretKey=connection'],
      ...['--set', 'adminToken.existingSecret=team-token', '--set', 'tls.existingSecret=team-ca'],
    );
    pod = await runPod(docs, join(root, 'pod'), existing);
  }, stepsTimeout(2));

  afterAll(async () => {
    const code = await pod?.server.stop();
    await removeDir(root);
    expect(code).toBe(0);
  }, stepsTimeout(1));

  it('serves with a certificate of that CA, and takes that token (its final newline ignored)', async () => {
    expect((await get(pod.server.url, '/readyz', { ca })).status).toBe(200);
    const r = await get(pod.server.url, '/api/v1/namespaces', { ca, token });
    expect(r.status, r.body).toBe(200);
  });

  it('a pod whose token Secret holds a short token does not start, and says why', async () => {
    const short = existing.map((s) =>
      s.metadata.name === 'team-token' ? { ...s, stringData: { token: 'admin\n' } } : s,
    );
    await expect(runPod(docs, join(root, 'short'), short)).rejects.toThrow(
      'prepare-data: the admin token Secret holds 5 characters; use a random string of 32 or more',
    );
  });
});

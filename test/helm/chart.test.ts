import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { removeDir, stepsTimeout, tempDir } from '../e2e/serverProcess.js';
import {
  buildRenderer,
  CHART,
  one,
  podOf,
  render,
  renderOk,
  secretData,
  serverOf,
  validateManifest,
  type Manifest,
} from './chart.js';

/**
 * The Helm chart (deploy/helm/paletteai), rendered as `helm template` renders it: every manifest
 * valid against the Kubernetes schemas, the values wired where they belong (replicas, the database
 * URL from a Secret, the PodDisruptionBudget), required values refused with a message that says
 * what to set. test/helm/pod.test.ts runs the pod it describes.
 */

let bin: string;
beforeAll(async () => {
  bin = await buildRenderer();
}, stepsTimeout(1));

const DB_URL = 'postgres://paletteai:s3cret@postgres.db.svc:5432/paletteai';

const rendered = (...args: string[]) => renderOk(bin, args);

const refusal = (...args: string[]) => {
  const r = render(bin, args);
  expect(r.status).toBe(1);
  return r.stderr;
};

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
      '--tls-san',
      'pai-paletteai',
      '--tls-san',
      'pai-paletteai.paletteai.svc',
      '--tls-san',
      'pai-paletteai.paletteai.svc.cluster.local',
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

  it('a values file with every optional block (-f, merged over the defaults) renders valid manifests', async () => {
    const dir = await tempDir('helm-values');
    const file = join(dir, 'values.yaml');
    await writeFile(
      file,
      stringify({
        postgres: { url: DB_URL },
        fullnameOverride: 'api',
        imagePullSecrets: [{ name: 'registry' }],
        server: {
          port: 9443,
          extraArgs: ['--an-extra-flag'],
          extraEnv: [{ name: 'NODE_OPTIONS', value: '--max-old-space-size=768' }],
        },
        service: { annotations: { 'example.com/owner': 'platform' } },
        ingress: {
          enabled: true,
          annotations: { 'nginx.ingress.kubernetes.io/backend-protocol': 'HTTPS' },
          hosts: [{ host: 'api.example.com', paths: [{ path: '/' }] }],
          tls: [{ secretName: 'api-tls', hosts: ['api.example.com'] }],
        },
        podAnnotations: { 'example.com/scrape': 'false' },
        podLabels: { team: 'platform' },
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'api', effect: 'NoSchedule' }],
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['api'] }] }],
            },
          },
        },
        resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { memory: '2Gi' } },
      }),
    );
    try {
      const docs = rendered('-f', file);
      for (const doc of docs) expect(() => validateManifest(doc), `${doc.kind}`).not.toThrow();
      const pod = podOf(docs);
      expect(pod.metadata.annotations['example.com/scrape']).toBe('false');
      expect(pod.metadata.labels.team).toBe('platform');
      expect(pod.spec.imagePullSecrets).toEqual([{ name: 'registry' }]);
      expect(pod.spec.affinity.nodeAffinity).toBeDefined();
      expect(pod.spec.affinity.podAntiAffinity).toBeUndefined();
      expect(serverOf(docs).args).toContain('--an-extra-flag');
      expect(serverOf(docs).args).toContain('0.0.0.0:9443');
      expect(serverOf(docs).ports[0].containerPort).toBe(9443);
      expect(envVar(serverOf(docs), 'NODE_OPTIONS')).toEqual({
        name: 'NODE_OPTIONS',
        value: '--max-old-space-size=768',
      });
      // A value file merges over the defaults: what it does not name keeps its default.
      expect(serverOf(docs).securityContext.readOnlyRootFilesystem).toBe(true);
      expect(one(docs, 'Ingress', 'api').spec.tls).toEqual([
        { secretName: 'api-tls', hosts: ['api.example.com'] },
      ]);
      expect(one(docs, 'Service', 'api').metadata.annotations).toEqual({ 'example.com/owner': 'platform' });
    } finally {
      await removeDir(dir);
    }
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

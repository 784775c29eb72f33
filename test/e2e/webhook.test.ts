import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFiles } from '../../src/loader/index.js';
import type { KubeObject } from '../../src/model/index.js';
import { admissionReview, asStored } from '../../src/testing/admissionReviews.js';
import { modelProblems } from '../../src/testing/kubeModels.js';
import { BIN, HANG_MS, removeDir, stepsTimeout, tempDir } from './serverProcess.js';

/**
 * `paletteai webhook` as a process (the built CLI), called over real HTTPS the way kube-apiserver
 * calls it: the Service name as the TLS server name, the CA of the printed configuration trusted,
 * AdmissionReview v1 bodies as the API server writes them.
 */

const SERVICE = 'paletteai/paletteai-webhook';
const SERVER_NAME = 'paletteai-webhook.paletteai.svc';
const EXAMPLES = join(import.meta.dirname, '../../examples');

let dir: string;
let child: ChildProcess;
let port: number;
let ca: string;

interface Answer {
  status: number;
  type: string;
  body: any;
}

/** One request to the webhook, verifying its certificate for the Service's name against `ca`. */
const call = (method: string, path: string, body?: string | Buffer, type = 'application/json', at = port) =>
  new Promise<Answer>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: at,
        method,
        path,
        ca,
        servername: SERVER_NAME,
        headers:
          body === undefined ? {} : { 'content-type': type, 'content-length': Buffer.byteLength(body) },
        timeout: HANG_MS,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => {
          const ct = String(res.headers['content-type'] ?? '');
          resolve({
            status: res.statusCode!,
            type: ct,
            body: ct.startsWith('application/json') ? JSON.parse(text) : text,
          });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('the webhook did not answer')));
    req.on('error', reject);
    req.end(body);
  });

const review = async (body: unknown) => {
  const a = await call('POST', '/validate', JSON.stringify(body));
  expect(a.status).toBe(200);
  expect(a.body).toMatchObject({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' });
  return a.body.response as { uid: string; allowed: boolean; status?: any; warnings?: string[] };
};

const objects = async (path: string): Promise<KubeObject[]> =>
  (await loadFiles([join(EXAMPLES, path)])).documents.map((d) => d.object as KubeObject);

const cli = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], {
    cwd: dir,
    encoding: 'utf8',
    timeout: HANG_MS,
    killSignal: 'SIGKILL',
  });

/** Starts `paletteai webhook ARGS --listen 127.0.0.1:0`; resolves with the process once it listens. */
const startWebhook = async (args: string[]) => {
  const p = spawn(process.execPath, [BIN, 'webhook', '--listen', '127.0.0.1:0', ...args], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let text = '';
  p.stderr!.setEncoding('utf8');
  const listening = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the webhook did not start:\n${text}`)), HANG_MS);
    p.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the webhook exited (${code}) before listening:\n${text}`));
    });
    p.stderr!.on('data', (d: string) => {
      text += d;
      const m = /listening on https:\/\/127\.0\.0\.1:(\d+)\/validate/.exec(text);
      if (m && text.includes('stop it:')) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
  });
  return { child: p, port: await listening, log: () => text };
};

let started: Awaited<ReturnType<typeof startWebhook>>;

beforeAll(async () => {
  dir = await tempDir('webhook');
  started = await startWebhook(['--cert-dir', join(dir, 'certs'), '--service', SERVICE]);
  child = started.child;
  port = started.port;
  ca = await readFile(join(dir, 'certs', 'ca.crt'), 'utf8');
}, stepsTimeout(1));

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await removeDir(dir);
});

describe('paletteai webhook over HTTPS', () => {
  it('prints where its certificate is, and serves it for the Service name, signed by its CA', async () => {
    expect(started.log()).toContain(`certificate ${join(dir, 'certs', 'tls.crt')}`);
    expect(started.log()).toContain(`--print-config --service ${SERVICE}`);
    const health = await call('GET', '/healthz');
    expect(health).toMatchObject({ status: 200, body: 'ok' });
  });

  it('allows valid objects of several kinds', async () => {
    const valid = (await objects('valid')).filter((o) => o.apiVersion.startsWith('spectrocloud.com/'));
    const kinds = new Set<string>();
    for (const o of valid) {
      const body = admissionReview('CREATE', asStored(o));
      const r = await review(body);
      expect(r, `${o.kind} ${o.metadata.name}`).toMatchObject({ uid: body.request.uid, allowed: true });
      kinds.add(o.kind);
    }
    expect(kinds.size).toBeGreaterThanOrEqual(8);
  });

  it('denies invalid objects with a 422 Status naming the field paths and codes', async () => {
    for (const [file, code, field] of [
      ['broken/sch003-wrong-type.yaml', 'SCH003', 'spec'],
      ['broken/cp002-addon-with-csi-layer.yaml', 'CP002', 'spec.layers'],
      ['broken/var002-value-type-mismatch.yaml', 'VAR002', 'spec.variables'],
      ['broken/cpl001-shared-and-dedicated.yaml', 'CPL001', 'spec.clusterVariant'],
      ['broken/md001-uppercase-name.yaml', 'MD001', 'metadata.name'],
    ] as const) {
      const [o] = (await objects(file)).filter((x) => x.apiVersion.startsWith('spectrocloud.com/'));
      const r = await review(admissionReview('CREATE', asStored(o!)));
      expect(r.allowed, file).toBe(false);
      expect(r.status).toMatchObject({ code: 422, reason: 'Invalid' });
      expect(r.status.message).toContain(code);
      const causes = r.status.details.causes as { reason: string; field?: string }[];
      expect(causes.find((c) => c.reason === code)?.field, file).toMatch(
        new RegExp(`^${field.replace('.', '\\.')}`),
      );
    }
  });

  it('checks UPDATE against the old object, allows DELETE, answers dry runs the same', async () => {
    const old = asStored({
      apiVersion: 'spectrocloud.com/v1alpha1',
      kind: 'ComputePool',
      metadata: { name: 'pool', namespace: 'project-melbourne' },
      spec: { profileBundleRef: { name: 'edge-gpu-infra' }, clusterVariant: { shared: {} } },
    } as KubeObject);
    const changed = { ...old, spec: { ...(old.spec as object), clusterVariant: { dedicated: {} } } };
    for (const dryRun of [false, true]) {
      const r = await review(admissionReview('UPDATE', changed, { oldObject: old, dryRun }));
      expect(r).toMatchObject({ allowed: false, status: { code: 422 } });
      expect(r.status.details.causes).toEqual([expect.objectContaining({ field: 'spec.clusterVariant' })]);
    }
    const relabelled = { ...old, metadata: { ...old.metadata, labels: { team: 'ml' } } };
    expect(await review(admissionReview('UPDATE', relabelled, { oldObject: old }))).toMatchObject({
      allowed: true,
    });
    expect(await review(admissionReview('DELETE', old))).toMatchObject({ allowed: true });
    expect(started.log()).toMatch(
      /UPDATE \(dry run\) ComputePool project-melbourne\/pool by kubernetes-admin: denied/,
    );
  });

  it('answers malformed requests with 4xx and a message, never a stack trace', async () => {
    const notJson = await call('POST', '/validate', '{"apiVersion": ');
    expect(notJson).toMatchObject({ status: 400, body: { kind: 'Status', code: 400 } });
    expect(notJson.body.message).toMatch(/not valid JSON/);
    const noUid = await call(
      'POST',
      '/validate',
      JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: {} }),
    );
    expect(noUid.status).toBe(400);
    expect(noUid.body.message).toBe('malformed AdmissionReview: request.uid is required (a string)');
    expect((await call('POST', '/validate', 'kind: AdmissionReview', 'application/yaml')).status).toBe(415);
    expect((await call('GET', '/validate')).status).toBe(405);
    expect((await call('POST', '/mutate', '{}')).status).toBe(404);
    const huge = await call('POST', '/validate', Buffer.alloc(8 * 1024 * 1024, 0x20));
    expect(huge.status).toBe(413);
    for (const a of [notJson, noUid]) expect(JSON.stringify(a.body)).not.toMatch(/\bat .*\.js:\d+/);
    // Still serving.
    expect((await call('GET', '/healthz')).status).toBe(200);
  });

  it('prints a ValidatingWebhookConfiguration whose caBundle is the CA that signed its certificate', async () => {
    const r = cli(
      'webhook',
      '--print-config',
      '--service',
      SERVICE,
      '--cert-dir',
      join(dir, 'certs'),
      '-o',
      'json',
    );
    expect(r.status, r.stderr).toBe(0);
    const config = JSON.parse(r.stdout);
    expect(modelProblems(config, 'V1ValidatingWebhookConfiguration')).toEqual([]);
    const [hook] = config.webhooks;
    expect(Buffer.from(hook.clientConfig.caBundle, 'base64').toString()).toBe(ca);
    expect(hook.clientConfig.service).toEqual({
      namespace: 'paletteai',
      name: 'paletteai-webhook',
      port: 443,
      path: '/validate',
    });
    expect(hook).toMatchObject({
      admissionReviewVersions: ['v1'],
      sideEffects: 'None',
      failurePolicy: 'Fail',
    });
    expect(hook.rules).toEqual([
      expect.objectContaining({
        apiGroups: ['spectrocloud.com'],
        apiVersions: ['v1alpha1', 'v1beta1'],
        operations: ['CREATE', 'UPDATE'],
        scope: 'Namespaced',
      }),
    ]);
    expect(hook.rules[0].resources).toHaveLength(10);
    expect(r.stderr).toContain(join(dir, 'certs', 'ca.crt'));
    const manager = cli(
      'webhook',
      '--print-config',
      '--service',
      SERVICE,
      '--inject-ca-from',
      'paletteai/webhook-cert',
    );
    expect(manager.status, manager.stderr).toBe(0);
    expect(manager.stdout).toContain('cert-manager.io/inject-ca-from: paletteai/webhook-cert');
    expect(manager.stdout).not.toContain('caBundle');
  });

  it('serves a certificate it is given (--tls-cert, --tls-key), and says so when the key does not fit', async () => {
    const certs = join(dir, 'certs');
    const given = await startWebhook([
      '--tls-cert',
      join(certs, 'tls.crt'),
      '--tls-key',
      join(certs, 'tls.key'),
    ]);
    try {
      expect(given.log()).toContain(
        `serving certificate: certificate ${join(certs, 'tls.crt')}, key ${join(certs, 'tls.key')}`,
      );
      expect(await call('GET', '/healthz', undefined, undefined, given.port)).toMatchObject({ status: 200 });
    } finally {
      given.child.kill('SIGTERM');
    }
    const wrongKey = cli(
      'webhook',
      '--listen',
      '127.0.0.1:0',
      '--tls-cert',
      join(certs, 'tls.crt'),
      '--tls-key',
      join(certs, 'ca.key'),
    );
    expect(wrongKey.status).toBe(1);
    expect(wrongKey.stderr).toMatch(
      /cannot serve with this certificate and key: .*check that --tls-key is the key of --tls-cert/,
    );
    expect(wrongKey.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('refuses flag mistakes with exit code 2 and says what to give', async () => {
    const { cli: inProcess } = await import('../cli.js');
    for (const [args, message] of [
      [['--print-config'], /--print-config needs --service NAMESPACE\/NAME .* or --url/],
      [
        ['--tls-cert', 'x.crt', '--print-config', '--url', 'https://h:9443'],
        /--tls-cert and --tls-key go together/,
      ],
      [['--print-config', '--url', 'http://h:9443'], /--url must be https:\/\//],
      [['--print-config', '--service', 'no-slash'], /--service must be NAMESPACE\/NAME\[:PORT\]/],
      [['--failure-policy', 'Sometimes'], /Allowed choices are Fail, Ignore/],
    ] as const) {
      const r = await inProcess('webhook', ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });

  it('stops on SIGTERM with exit code 0', async () => {
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

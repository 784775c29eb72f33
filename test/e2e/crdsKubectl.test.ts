import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeOpenApiV2, OPENAPI_V2_PROTOBUF_CONTENT_TYPE } from '../../src/server/api/openapiV2Proto.js';
import { swaggerFromModels } from '../../src/testing/kubeModels.js';
import { BIN, HANG_MS, KUBECTL, removeDir, tempDir } from './serverProcess.js';

/**
 * `paletteai crds` and `paletteai webhook --print-config` through the real kubectl, with client-side
 * validation: kubectl needs an API server for discovery and the OpenAPI document it validates
 * against, so a stand-in serves discovery for apiextensions.k8s.io and admissionregistration.k8s.io
 * and, at `/openapi/v2`, a document of the Kubernetes types of those groups (built from the official
 * client's generated types). kubectl then checks every field name, type and required field of each
 * CRD, as `kubectl apply` against a real cluster would before sending it.
 */

const GROUPS = [
  {
    group: 'apiextensions.k8s.io',
    resource: 'customresourcedefinitions',
    kind: 'CustomResourceDefinition',
    type: 'V1CustomResourceDefinition',
  },
  {
    group: 'admissionregistration.k8s.io',
    resource: 'validatingwebhookconfigurations',
    kind: 'ValidatingWebhookConfiguration',
    type: 'V1ValidatingWebhookConfiguration',
  },
];

let dir: string;
let server: Server;
let kubeconfig: string;
const seen: string[] = [];

const json = (res: import('node:http').ServerResponse, code: number, body: unknown) => {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

/** Discovery, the OpenAPI v2 document, and 404 for every object (none exists: apply creates). */
const standIn = () => {
  const swagger = Buffer.from(
    encodeOpenApiV2(
      swaggerFromModels(GROUPS.map((g) => ({ type: g.type, group: g.group, version: 'v1', kind: g.kind }))),
    ),
  );
  return createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0]!;
    seen.push(`${req.method} ${path}`);
    if (path === '/api') return json(res, 200, { kind: 'APIVersions', versions: ['v1'] });
    if (path === '/api/v1')
      return json(res, 200, { kind: 'APIResourceList', groupVersion: 'v1', resources: [] });
    if (path === '/apis')
      return json(res, 200, {
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: GROUPS.map((g) => ({
          name: g.group,
          versions: [{ groupVersion: `${g.group}/v1`, version: 'v1' }],
          preferredVersion: { groupVersion: `${g.group}/v1`, version: 'v1' },
        })),
      });
    const g = GROUPS.find((x) => path === `/apis/${x.group}/v1`);
    if (g)
      return json(res, 200, {
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion: `${g.group}/v1`,
        resources: [
          {
            name: g.resource,
            singularName: g.kind.toLowerCase(),
            namespaced: false,
            kind: g.kind,
            verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
          },
        ],
      });
    if (path === '/openapi/v2') {
      res.writeHead(200, { 'content-type': OPENAPI_V2_PROTOBUF_CONTENT_TYPE });
      return res.end(swagger);
    }
    return json(res, 404, {
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      reason: 'NotFound',
      code: 404,
      message: `${path} not found`,
    });
  });
};

/** Runs a command without blocking this process (which serves kubectl's requests meanwhile). */
const run = (cmd: string, args: string[]) =>
  new Promise<{ status: number | null; stdout: string; stderr: string; error?: Error }>((resolve) => {
    execFile(
      cmd,
      args,
      {
        cwd: dir,
        encoding: 'utf8',
        timeout: HANG_MS,
        killSignal: 'SIGKILL',
        env: { ...process.env, KUBECONFIG: kubeconfig },
      },
      (error, stdout, stderr) => {
        const code = (error as { code?: unknown } | null)?.code;
        resolve({
          status: error ? (typeof code === 'number' ? code : null) : 0,
          stdout,
          stderr,
          ...(error && typeof code !== 'number' ? { error } : {}),
        });
      },
    );
  });

const kubectl = async (...args: string[]) => {
  const r = await run(KUBECTL, args);
  if (r.error) throw new Error(`${KUBECTL}: ${r.error.message} (is kubectl installed?)`);
  return r;
};

beforeAll(async () => {
  dir = await tempDir('crds-kubectl');
  server = standIn();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  kubeconfig = join(dir, 'kubeconfig');
  await writeFile(
    kubeconfig,
    `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "http://127.0.0.1:${port}"}}]
users: [{name: u, user: {}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
`,
  );
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await removeDir(dir);
});

describe('kubectl takes the generated manifests', () => {
  it('validates and creates (dry run) every CRD of paletteai crds --with-flux', async () => {
    const out = await run(process.execPath, [BIN, 'crds', '--with-flux']);
    expect(out.status, out.stderr).toBe(0);
    await writeFile(join(dir, 'crds.yaml'), out.stdout);
    const docs = parseAllDocuments(out.stdout).map((d) => d.toJS());
    expect(docs).toHaveLength(12);
    const created = await kubectl(
      'create',
      '--dry-run=client',
      '--validate=strict',
      '-f',
      'crds.yaml',
      '-o',
      'yaml',
    );
    expect(created.status, created.stderr).toBe(0);
    expect(parseAllDocuments(created.stdout).map((d) => d.toJS())).toEqual(docs);
    // kubectl read the schema it validated with.
    expect(seen).toContain('GET /openapi/v2');
    const applied = await kubectl('apply', '--dry-run=client', '-f', 'crds.yaml');
    expect(applied.status, applied.stderr).toBe(0);
    expect(applied.stdout).toContain(
      'customresourcedefinition.apiextensions.k8s.io/profilebundles.spectrocloud.com created (dry run)',
    );
    expect(applied.stdout.trim().split('\n')).toHaveLength(12);
  });

  it('refuses a CRD with a misspelt field: the validation is real', async () => {
    const out = await run(process.execPath, [BIN, 'crds', '-o', 'json']);
    const crd = JSON.parse(out.stdout).items[0];
    crd.spec.versions[0].additionalPrinterColumns[0].JSONPath =
      crd.spec.versions[0].additionalPrinterColumns[0].jsonPath;
    delete crd.spec.scope;
    await writeFile(join(dir, 'typo.json'), JSON.stringify(crd));
    const r = await kubectl('create', '--dry-run=client', '--validate=strict', '-f', 'typo.json');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/unknown field "JSONPath"/);
    expect(r.stderr).toMatch(/missing required field "scope"/);
  });

  it('validates the ValidatingWebhookConfiguration of paletteai webhook --print-config', async () => {
    const out = await run(process.execPath, [
      BIN,
      'webhook',
      '--print-config',
      '--service',
      'paletteai/paletteai-webhook',
      '--cert-dir',
      join(dir, 'certs'),
    ]);
    expect(out.status, out.stderr).toBe(0);
    await writeFile(join(dir, 'webhook.yaml'), out.stdout);
    const r = await kubectl('apply', '--dry-run=client', '--validate=strict', '-f', 'webhook.yaml');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      'validatingwebhookconfiguration.admissionregistration.k8s.io/paletteai created (dry run)',
    );
  });
});

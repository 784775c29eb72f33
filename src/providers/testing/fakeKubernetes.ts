/**
 * A small fake Kubernetes API server for the Flux kinds a delivery uses, so the real
 * `@kubernetes/client-node` can be tested without a cluster. It serves `/version`, discovery
 * (`/apis` and the `source.toolkit.fluxcd.io/v1` and `kustomize.toolkit.fluxcd.io/v1` resource
 * lists), and create (POST), server-side apply and merge patch (PATCH), replace (PUT), get and
 * delete of `ocirepositories` and `kustomizations` in namespaces, over HTTPS with a self-signed
 * certificate that the kubeconfig carries as its CA. Requests need the bearer token.
 * Like Flux's controllers, it reports `Ready=True` on an object from its second read on.
 */
import { generate } from 'selfsigned';
import { listen, sendJson, type SeenRequest } from './httpServer.js';

let certificate: Promise<{ cert: string; key: string }> | undefined;

/** A self-signed certificate for 127.0.0.1, made once per test file (client-node refuses plain HTTP). */
const loopbackCertificate = (): Promise<{ cert: string; key: string }> =>
  (certificate ??= generate([{ name: 'commonName', value: 'fake-kubernetes' }], {
    keySize: 2048,
    days: 1,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
    ],
  } as Parameters<typeof generate>[1]).then((p) => ({ cert: p.cert, key: p.private })));

/** Options of the fake. */
export interface FakeKubernetesOptions {
  token: string;
  /** Serve no Flux API groups, as a cluster without Flux. @default false */
  withoutFlux?: boolean;
}

/** A stored object with its reads, as the fake keeps it. */
export interface FakeObject {
  body: Record<string, unknown> & { metadata: Record<string, unknown> };
  reads: number;
}

/** A running fake Kubernetes API server. */
export interface FakeKubernetes {
  url: string;
  requests: SeenRequest[];
  /** Objects by `group/plural/namespace/name`. */
  objects: Map<string, FakeObject>;
  /** A kubeconfig for this server (token auth; default namespace `flux-system`). */
  kubeconfig(token?: string): string;
  close(): Promise<void>;
}

const RESOURCES = {
  'source.toolkit.fluxcd.io': {
    version: 'v1',
    plural: 'ocirepositories',
    singular: 'ocirepository',
    kind: 'OCIRepository',
  },
  'kustomize.toolkit.fluxcd.io': {
    version: 'v1',
    plural: 'kustomizations',
    singular: 'kustomization',
    kind: 'Kustomization',
  },
} as const;
type Group = keyof typeof RESOURCES;

const status = (code: number, reason: string, message: string) => ({
  kind: 'Status',
  apiVersion: 'v1',
  status: 'Failure',
  code,
  reason,
  message,
});

const merge = (target: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> => {
  for (const [k, v] of Object.entries(patch)) {
    const t = target[k];
    if (v && typeof v === 'object' && !Array.isArray(v) && t && typeof t === 'object' && !Array.isArray(t)) {
      merge(t as Record<string, unknown>, v as Record<string, unknown>);
    } else if (v === null) {
      delete target[k];
    } else {
      target[k] = v;
    }
  }
  return target;
};

/** Starts the fake on a loopback port. */
export const startFakeKubernetes = async (options: FakeKubernetesOptions): Promise<FakeKubernetes> => {
  const requests: SeenRequest[] = [];
  const objects = new Map<string, FakeObject>();
  let rv = 1;
  const groups = options.withoutFlux ? [] : (Object.keys(RESOURCES) as Group[]);

  const tls = await loopbackCertificate();
  const { url, close } = await listen((req, res) => {
    requests.push(req);
    if (req.headers.authorization !== `Bearer ${options.token}`) {
      return sendJson(res, 401, status(401, 'Unauthorized', 'Unauthorized'));
    }
    if (req.method === 'GET' && req.path === '/version') {
      return sendJson(res, 200, {
        major: '1',
        minor: '30',
        gitVersion: 'v1.30.4-fake',
        platform: 'linux/amd64',
      });
    }
    if (req.method === 'GET' && req.path === '/apis') {
      return sendJson(res, 200, {
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: groups.map((name) => {
          const gv = { groupVersion: `${name}/${RESOURCES[name].version}`, version: RESOURCES[name].version };
          return { name, versions: [gv], preferredVersion: gv };
        }),
      });
    }
    const discovery = /^\/apis\/([^/]+)\/([^/]+)$/.exec(req.path);
    if (req.method === 'GET' && discovery) {
      const group = groups.find((g) => g === discovery[1] && RESOURCES[g].version === discovery[2]);
      if (!group)
        return sendJson(
          res,
          404,
          status(404, 'NotFound', 'the server could not find the requested resource'),
        );
      const r = RESOURCES[group];
      return sendJson(res, 200, {
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion: `${group}/${r.version}`,
        resources: [
          {
            name: r.plural,
            singularName: r.singular,
            namespaced: true,
            kind: r.kind,
            verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
          },
        ],
      });
    }
    const path = /^\/apis\/([^/]+)\/([^/]+)\/namespaces\/([^/]+)\/([^/]+)(?:\/([^/]+))?$/.exec(req.path);
    const group = groups.find(
      (g) => g === path?.[1] && RESOURCES[g].version === path?.[2] && RESOURCES[g].plural === path?.[4],
    );
    if (!path || !group)
      return sendJson(res, 404, status(404, 'NotFound', 'the server could not find the requested resource'));
    const [, , , namespace, plural, pathName] = path;
    const parsed = req.body ? (JSON.parse(req.body) as FakeObject['body']) : undefined;
    const name = pathName ?? (parsed?.metadata?.name as string | undefined) ?? '';
    const key = `${group}/${plural}/${namespace}/${name}`;
    const existing = objects.get(key);
    const stamp = (body: FakeObject['body']) => {
      body.metadata = { ...body.metadata, namespace, name, resourceVersion: String(rv++) };
      return body;
    };
    const notFound = () =>
      sendJson(res, 404, status(404, 'NotFound', `${plural}.${group} "${name}" not found`));

    if (req.method === 'GET') {
      if (!existing) return notFound();
      existing.reads += 1;
      // Flux's controllers report Ready once they have reconciled; here, from the second read on.
      if (existing.reads >= 2) {
        existing.body.status = {
          observedGeneration: 1,
          conditions: [
            { type: 'Ready', status: 'True', reason: 'Succeeded', message: 'Applied revision: latest' },
          ],
        };
      }
      return sendJson(res, 200, existing.body);
    }
    if (req.method === 'POST' && !pathName && parsed) {
      if (existing)
        return sendJson(
          res,
          409,
          status(409, 'AlreadyExists', `${plural}.${group} "${name}" already exists`),
        );
      objects.set(key, { body: stamp(parsed), reads: 0 });
      return sendJson(res, 201, objects.get(key)?.body);
    }
    if (req.method === 'PUT' && parsed) {
      if (!existing) return notFound();
      existing.body = stamp({ ...parsed, status: existing.body.status });
      return sendJson(res, 200, existing.body);
    }
    if (req.method === 'PATCH' && parsed) {
      const type = req.headers['content-type'] ?? '';
      if (type.startsWith('application/apply-patch')) {
        if (!req.query.get('fieldManager')) {
          return sendJson(res, 422, status(422, 'Invalid', 'fieldManager is required for apply requests'));
        }
        if (!existing) {
          objects.set(key, { body: stamp(parsed), reads: 0 });
          return sendJson(res, 201, objects.get(key)?.body);
        }
      } else if (!existing) {
        return notFound();
      }
      if (existing) existing.body = stamp(merge(existing.body, parsed) as FakeObject['body']);
      return sendJson(res, 200, existing?.body);
    }
    if (req.method === 'DELETE') {
      if (!existing) return notFound();
      objects.delete(key);
      return sendJson(res, 200, status(200, '', 'deleted'));
    }
    sendJson(res, 405, status(405, 'MethodNotAllowed', `${req.method} is not supported here`));
  }, tls);

  return {
    url,
    requests,
    objects,
    kubeconfig: (token = options.token) =>
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '- name: fake',
        `  cluster: { server: "${url}", certificate-authority-data: "${Buffer.from(tls.cert).toString('base64')}" }`,
        'users:',
        '- name: fake',
        `  user: { token: "${token}" }`,
        'contexts:',
        '- name: fake',
        '  context: { cluster: fake, user: fake, namespace: flux-system }',
        'current-context: fake',
        '',
      ].join('\n'),
    close,
  };
};

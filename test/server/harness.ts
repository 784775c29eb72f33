import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NS } from '../../src/testing/builders.js';
import { ApiClient } from '../../src/client/apiClient.js';
import { startServer, type RunningServer } from '../../src/server/runServer.js';

export interface Harness {
  server: RunningServer;
  data: string;
  admin: string;
  api: (
    method: string,
    path: string,
    body?: unknown,
    opts?: { token?: string; headers?: Record<string, string>; raw?: string },
  ) => Promise<{ status: number; body: any; headers: IncomingHttpHeaders }>;
  client: () => ApiClient;
  /** Creates namespaces (writes into a namespace need it to exist). */
  namespaces(...names: string[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a real server in-process on a free loopback port with a fresh data directory, holding the
 * test project's namespace `NS`.
 */
export const startHarness = async (): Promise<Harness> => {
  const data = await mkdtemp(join(tmpdir(), 'paletteai-server-'));
  const server = await startServer({ listen: '127.0.0.1:0', data, log: () => {} });
  const admin = server.adminToken!;
  const client = new ApiClient({ server: server.url, token: admin, ca: server.ca, namespace: 'default' });
  const api: Harness['api'] = async (method, path, body, opts = {}) => {
    const c = opts.token === undefined ? client : new ApiClient({ ...client.config, token: opts.token });
    const headers: Record<string, string> = { ...opts.headers };
    if (body !== undefined && !headers['content-type'])
      headers['content-type'] = method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
    const r = await c.request(method, path, opts.raw ?? body, headers);
    return { status: r.status, body: r.json ?? r.text, headers: r.headers };
  };
  const namespaces = async (...names: string[]) => {
    for (const name of names) {
      const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
      const made = await api('POST', '/api/v1/namespaces', ns);
      if (made.status !== 201) throw new Error(`creating namespace ${name}: ${made.status}`);
    }
  };
  // The test project's namespace: writes into a namespace need it to exist, as in Kubernetes.
  await namespaces(NS);
  return {
    server,
    data,
    admin,
    api,
    client: () => client,
    namespaces,
    close: async () => {
      await server.close();
      await rm(data, { recursive: true, force: true });
    },
  };
};

export const PB = `/apis/spectrocloud.com/v1beta1/namespaces/${NS}/profilebundles`;
export const WP = `/apis/spectrocloud.com/v1beta1/namespaces/${NS}/workloadprofiles`;
export const CP = `/apis/spectrocloud.com/v1alpha1/namespaces/${NS}/clusterprofiles`;

/** A valid Infrastructure ClusterProfile in NS (the builder the unit tests use). */
export { clusterProfile, NS } from '../../src/testing/builders.js';

export const workloadProfile = (name: string, type = 'Model') => ({
  apiVersion: 'spectrocloud.com/v1beta1',
  kind: 'WorkloadProfile',
  metadata: { name, namespace: NS },
  spec: {
    type,
    workload: {
      components: [
        { name: 'server', type: 'webservice', properties: { image: 'vllm/vllm-openai:v0.6.3', port: 8000 } },
      ],
    },
  },
});

export const bundle = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'spectrocloud.com/v1beta1',
  kind: 'ProfileBundle',
  metadata: { name, namespace: NS, labels: { 'palette.ai/inference-engine': 'vllm' } },
  spec: {
    type: 'Fullstack',
    version: '1.0.0',
    clusterProfiles: [{ name: 'edge' }],
    workloadProfiles: [{ name: 'vllm' }],
    ...extra,
  },
});

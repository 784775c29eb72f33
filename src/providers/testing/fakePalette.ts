/**
 * A local stand-in for Palette's public v1 REST API, answering with the documented request and
 * response shapes (`V1ClusterProfilesSummary`, `V1SpectroEdgeNativeClusterEntity` → `V1Uid`,
 * `V1SpectroCluster`), checking the `ApiKey` and `ProjectUid` headers on every call, making a created
 * cluster go Pending → Provisioning → Running over several reads, and failing on demand.
 * Error bodies are `{ code, message }`: Palette's error schema is not documented, only its statuses.
 */
import type { PaletteEdgeNativeClusterEntity, PaletteProfileSummary } from '../paletteTypes.js';
import { listen, sendJson, type SeenRequest } from './httpServer.js';

/** How the fake behaves. */
export interface FakePaletteOptions {
  apiKey: string;
  projectUid: string;
  profiles?: PaletteProfileSummary[];
  /** Reads of a new cluster before it is Running: the first says Pending, the rest Provisioning. @default 3 */
  readsUntilRunning?: number;
  /** Items per page of the profile list, whatever `limit` asks. @default 2 */
  pageSize?: number;
}

/** A running fake Palette. */
export interface FakePalette {
  url: string;
  requests: SeenRequest[];
  /** Clusters by uid: the create body as received, reads so far, whether deleted, and a forced `state`. */
  clusters: Map<
    string,
    { entity: PaletteEdgeNativeClusterEntity; reads: number; deleted: boolean; state?: string }
  >;
  /** The next `times` requests fail with `status` (after the header checks). */
  failNext(status: number, times?: number, message?: string): void;
  /** The next request gets no answer at all (until the fake is closed). */
  stallNext(): void;
  close(): Promise<void>;
}

/** An Infrastructure, an Add-on, a Full and a System profile of an edge project. */
export const SAMPLE_PALETTE_PROFILES: PaletteProfileSummary[] = [
  {
    metadata: { name: 'edge-ubuntu-k3s-gpu', uid: 'cp-infra-1' },
    specSummary: {
      version: '1.0.0',
      published: {
        type: 'infra',
        cloudType: 'edge-native',
        packs: [
          { name: 'edge-native-byoi', tag: '2.1.0', layer: 'os' },
          { name: 'edge-k3s', tag: '1.30.4', layer: 'k8s' },
          { name: 'cni-cilium-oss', tag: '1.15.3', layer: 'cni' },
          { name: 'csi-longhorn', tag: '1.6.1', layer: 'csi' },
        ],
      },
    },
  },
  {
    metadata: { name: 'gpu-operator', uid: 'cp-addon-1' },
    specSummary: {
      version: '24.3.0',
      published: {
        type: 'add-on',
        cloudType: 'all',
        packs: [{ name: 'nvidia-gpu-operator', tag: '24.3.0', layer: 'addon' }],
      },
    },
  },
  {
    metadata: { name: 'edge-full', uid: 'cp-full-1' },
    specSummary: {
      version: '2.0.0',
      published: {
        type: 'cluster',
        cloudType: 'edge-native',
        packs: [
          { name: 'edge-native-byoi', tag: '2.1.0', layer: 'os' },
          { name: 'edge-k3s', tag: '1.30.4', layer: 'k8s' },
          { name: 'cni-calico', tag: '3.27.0', layer: 'cni' },
          { name: 'csi-local', tag: '1.0.0', layer: 'csi' },
          { name: 'prometheus-agent', tag: '19.0.0', layer: 'addon' },
        ],
      },
    },
  },
  {
    metadata: { name: 'system-profile', uid: 'cp-system-1' },
    specSummary: { version: '1.0.0', published: { type: 'system', cloudType: 'all', packs: [] } },
  },
];

const stateAfter = (reads: number, untilRunning: number): string =>
  reads <= 1 ? 'Pending' : reads < untilRunning ? 'Provisioning' : 'Running';

/** Starts a fake Palette on a loopback port. */
export const startFakePalette = async (options: FakePaletteOptions): Promise<FakePalette> => {
  const profiles = options.profiles ?? SAMPLE_PALETTE_PROFILES;
  const untilRunning = options.readsUntilRunning ?? 3;
  const pageSize = options.pageSize ?? 2;
  const requests: SeenRequest[] = [];
  const clusters: FakePalette['clusters'] = new Map();
  const failures: { status: number; message: string }[] = [];
  let nextUid = 1;

  const { url, close } = await listen((req, res) => {
    requests.push(req);
    if (req.headers['apikey'] !== options.apiKey) {
      return sendJson(res, 401, { code: 'Unauthorized', message: 'invalid api key' });
    }
    // Palette does not document its answer for an unknown project; the fake answers 404.
    if (req.headers['projectuid'] !== options.projectUid) {
      return sendJson(res, 404, { code: 'ProjectNotFound', message: 'project not found' });
    }
    const failure = failures.shift();
    if (failure?.status === 0) return;
    if (failure) return sendJson(res, failure.status, { code: 'Injected', message: failure.message });

    if (req.method === 'POST' && req.path === '/v1/dashboard/clusterprofiles') {
      const filter = JSON.parse(req.body || '{}') as { filter?: { profileType?: string[] } };
      const types = filter.filter?.profileType;
      const matching = profiles.filter((p) => !types || types.includes(p.specSummary?.published?.type ?? ''));
      const offset = Number(req.query.get('continue') ?? '0');
      const items = matching.slice(offset, offset + pageSize);
      const more = offset + pageSize < matching.length;
      return sendJson(res, 200, {
        items,
        listmeta: {
          count: matching.length,
          limit: pageSize,
          offset,
          continue: more ? String(offset + pageSize) : '',
        },
      });
    }
    const profile = /^\/v1\/clusterprofiles\/([^/]+)$/.exec(req.path);
    if (req.method === 'GET' && profile) {
      const found = profiles.find((p) => p.metadata?.uid === profile[1]);
      if (!found) return sendJson(res, 404, { code: 'NotFound', message: 'cluster profile not found' });
      return sendJson(res, 200, {
        metadata: found.metadata,
        spec: { version: found.specSummary?.version, published: found.specSummary?.published },
      });
    }
    if (req.method === 'POST' && req.path === '/v1/spectroclusters/edge-native') {
      const entity = JSON.parse(req.body) as PaletteEdgeNativeClusterEntity;
      const unknown = (entity.spec?.profiles ?? []).filter(
        (p) => !profiles.some((q) => q.metadata?.uid === p.uid),
      );
      if (!entity.metadata?.name || !entity.spec?.machinepoolconfig?.length || unknown.length > 0) {
        return sendJson(res, 400, {
          code: 'InvalidInput',
          message: 'metadata.name, machinepoolconfig and known profile uids are required',
        });
      }
      if ([...clusters.values()].some((c) => !c.deleted && c.entity.metadata.name === entity.metadata.name)) {
        return sendJson(res, 409, {
          code: 'ResourceAlreadyExists',
          message: `cluster ${entity.metadata.name} already exists`,
        });
      }
      const uid = `cluster-${nextUid++}`;
      clusters.set(uid, { entity, reads: 0, deleted: false });
      return sendJson(res, 201, { uid });
    }
    const cluster = /^\/v1\/spectroclusters\/([^/]+)$/.exec(req.path);
    const found = cluster ? clusters.get(cluster[1] ?? '') : undefined;
    if (cluster && !found) return sendJson(res, 404, { code: 'NotFound', message: 'cluster not found' });
    if (req.method === 'GET' && found) {
      found.reads += 1;
      const state =
        found.state ??
        (found.deleted ? (found.reads > 1 ? 'Deleted' : 'Deleting') : stateAfter(found.reads, untilRunning));
      return sendJson(res, 200, {
        metadata: { ...found.entity.metadata, uid: cluster?.[1] },
        status: { state },
      });
    }
    if (req.method === 'DELETE' && found) {
      found.deleted = true;
      found.reads = 0;
      return sendJson(res, 204);
    }
    sendJson(res, 404, { code: 'NotFound', message: `no route ${req.method} ${req.path}` });
  });

  return {
    url,
    requests,
    clusters,
    failNext: (status, times = 1, message = 'injected failure') => {
      for (let i = 0; i < times; i++) failures.push({ status, message });
    },
    stallNext: () => failures.push({ status: 0, message: '' }),
    close,
  };
};

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { Agent, request } from 'node:https';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { buildStudioFile, packArchive, readArchive, STUDIO_FILE } from '../src/studio/index.js';
import { client, startServerProcess } from './serverProcess.js';
import { fmt, medianMs, table } from './stats.js';

const MANIFESTS = 10_000;

/** A ~2 KiB WorkloadProfile (a helm component with realistic values). */
const profile = (i: number) => ({
  apiVersion: 'spectrocloud.com/v1beta1',
  kind: 'WorkloadProfile',
  metadata: {
    name: `model-${i}`,
    labels: { 'palette.ai/family': `f${i % 17}` },
    annotations: { 'palette.ai/docs': `https://docs.example.com/models/${i}` },
  },
  spec: {
    type: 'Model',
    description:
      'vLLM OpenAI-compatible server for one model of the fleet, with its cache and its autoscaling settings.',
    variables: [
      { name: 'modelId', variableType: 'string', value: { string: `org-${i % 50}/model-${i}` } },
      { name: 'gpuCount', variableType: 'int32', value: { int32: 1 + (i % 4) } },
    ],
    workload: {
      components: [
        {
          name: 'server',
          type: 'webservice',
          properties: {
            image: 'vllm/vllm-openai:v0.10.1.1',
            port: 8000,
            replicas: 1,
            gpu: '{{ .var.gpuCount }}',
            env: {
              MODEL: '{{ .var.modelId }}',
              HF_HUB_OFFLINE: '1',
              VLLM_WORKER_MULTIPROC_METHOD: 'spawn',
              MAX_MODEL_LEN: '8192',
            },
            resources: { requests: { cpu: '4', memory: '16Gi' }, limits: { cpu: '8', memory: '32Gi' } },
          },
        },
        {
          name: 'cache',
          type: 'manifests',
          properties: {
            objects: [
              {
                apiVersion: 'v1',
                kind: 'PersistentVolumeClaim',
                metadata: { name: `model-cache-${i}` },
                spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '100Gi' } } },
              },
            ],
          },
        },
      ],
    },
  },
});

/** Issue #4 target: import an archive of 10,000 manifests in under 3 s, peak RSS under 300 MiB. */
/** A Studio archive of one Application bundle and `manifests - 1` WorkloadProfiles of ~2 KiB. */
export const fleetArchive = (manifests: number) => {
  const files = new Map<string, Buffer>();
  const bundle = {
    apiVersion: 'spectrocloud.com/v1beta1',
    kind: 'ProfileBundle',
    metadata: { name: 'fleet-models', labels: { 'palette.ai/inference-engine': 'vllm' } },
    spec: { type: 'Application', version: '1.0.0', workloadProfiles: [{ name: 'model-0' }] },
  };
  files.set('profilebundle.yaml', Buffer.from(stringify(bundle)));
  for (let i = 0; i < manifests - 1; i++)
    files.set(
      `workload-profiles/model-${String(i).padStart(5, '0')}.yaml`,
      Buffer.from(stringify(profile(i))),
    );
  const yamlBytes = [...files.values()].reduce((n, b) => n + b.length, 0);
  files.set(
    STUDIO_FILE,
    Buffer.from(
      stringify(buildStudioFile({ name: 'fleet-models', version: '1.0.0', type: 'Application' }, files)),
    ),
  );
  return { bundle, archive: packArchive(files), yamlBytes };
};

/** `POST …/namespaces/NS/imports` of an archive over HTTPS; resolves with the answer. */
export const postArchive = (
  server: { url: string; ca: string; token: string },
  namespace: string,
  archive: Buffer,
): Promise<{ status: number; text: string }> =>
  new Promise((resolve, reject) => {
    const req = request(
      new URL(`/apis/studio.spectrocloud.com/v1/namespaces/${namespace}/imports`, server.url),
      {
        method: 'POST',
        agent: new Agent({ ca: server.ca }),
        headers: {
          authorization: `Bearer ${server.token}`,
          'content-type': 'application/gzip',
          'content-length': archive.length,
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(archive);
  });

export const benchStudioImport = async (): Promise<void> => {
  const data = await mkdtemp(join(tmpdir(), 'paletteai-bench-import-'));
  try {
    const { bundle, archive, yamlBytes } = fleetArchive(MANIFESTS);
    const jsonTexts = [
      JSON.stringify(bundle),
      ...Array.from({ length: MANIFESTS - 1 }, (_, i) => JSON.stringify(profile(i))),
    ];

    const floor = await medianMs(5, () => {
      const { files: read } = readArchive(archive);
      if (read.size !== MANIFESTS + 1) throw new Error('floor read the wrong number of files');
      for (const t of jsonTexts) JSON.parse(t);
    });

    const server = await startServerProcess(data);
    const call = client(server.url, server.ca, server.token, 1);
    const t = process.hrtime.bigint();
    const r = await postArchive(server, 'bench-import', archive);
    const importMs = Number(process.hrtime.bigint() - t) / 1e6;
    if (r.status !== 201) throw new Error(`import answered ${r.status}: ${r.text.slice(0, 500)}`);
    const count = JSON.parse(
      (await call('GET', '/apis/spectrocloud.com/v1beta1/namespaces/bench-import/workloadprofiles?limit=1'))
        .text,
    ) as { metadata: { remainingItemCount?: number } };
    const rss = server.rss();
    await server.stop();

    console.log(
      `\n## studio import: ${fmt(MANIFESTS)} manifests (${fmt(yamlBytes / 1024)} KiB of YAML, ${fmt(archive.length / 1024)} KiB .tar.gz), end to end over HTTPS\n`,
    );
    table(
      ['', 'ms', 'vs floor'],
      [
        [
          'floor: gunzip + untar in memory + JSON.parse of the same content (median of 5)',
          fmt(floor.median),
          '1.0×',
        ],
        [
          '`POST …/imports`: read, check digests, validate, admit, one transaction (one run)',
          fmt(importMs),
          `${fmt(importMs / floor.median, 1)}×`,
        ],
      ],
    );
    console.log(
      `\nstored: ${fmt((count.metadata.remainingItemCount ?? 0) + 1)} workload profiles; server RSS peak ${fmt(rss.peak)} MiB; targets < 3,000 ms and < 300 MiB → ${importMs < 3000 && rss.peak < 300 ? 'met' : 'MISSED'}`,
    );
  } finally {
    await rm(data, { recursive: true, force: true });
  }
};

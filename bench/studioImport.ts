import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { Agent, request } from 'node:https';
import { join } from 'node:path';
import { CORE_SCHEMA, loadAll } from 'js-yaml';
import { stringify } from 'yaml';
import { buildStudioFile, packArchive, readArchive, STUDIO_FILE } from '../src/studio/index.js';
import { clusterProfile } from '../src/testing/builders.js';
import { client, cpuMs, settled, startServerProcess } from './serverProcess.js';
import { goal } from './goals.js';
import { fmt, median, medianMs, table } from './stats.js';

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

/**
 * A Studio archive of one Application bundle and `manifests - 1` WorkloadProfiles of ~1.5 KiB,
 * `perFile` documents to a file (the archive limits allow 20,000 entries: 50,000 manifests come
 * five to a file).
 */
export const fleetArchive = (manifests: number, perFile = Math.ceil(manifests / 10_000)) => {
  const files = new Map<string, Buffer>();
  const bundle = {
    apiVersion: 'spectrocloud.com/v1beta1',
    kind: 'ProfileBundle',
    metadata: { name: 'fleet-models', labels: { 'palette.ai/inference-engine': 'vllm' } },
    spec: { type: 'Application', version: '1.0.0', workloadProfiles: [{ name: 'model-0' }] },
  };
  files.set('profilebundle.yaml', Buffer.from(stringify(bundle)));
  for (let i = 0; i < manifests - 1; i += perFile) {
    const docs: string[] = [];
    for (let j = i; j < Math.min(i + perFile, manifests - 1); j++) docs.push(stringify(profile(j)));
    files.set(`workload-profiles/model-${String(i).padStart(5, '0')}.yaml`, Buffer.from(docs.join('---\n')));
  }
  const yamlBytes = [...files.values()].reduce((n, b) => n + b.length, 0);
  files.set(
    STUDIO_FILE,
    Buffer.from(
      stringify(buildStudioFile({ name: 'fleet-models', version: '1.0.0', type: 'Application' }, files)),
    ),
  );
  return { bundle, archive: packArchive(files), yamlBytes, fileCount: files.size };
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

/** One size of the import curve: medians of several imports, each next to its floor in the same run. */
export interface ImportRow {
  manifests: number;
  yamlKiB: number;
  archiveKiB: number;
  /** gunzip + untar in memory + JSON.parse of the same content (median). */
  floorMs: number;
  /**
   * gunzip + untar in memory + js-yaml of the archive's YAML files, as the loader parses them
   * (median): the parse an archive of YAML needs, as `validate`'s floor has it.
   */
  yamlFloorMs: number;
  /** `POST …/imports` end to end over HTTPS (median of `importsMs`). */
  importMs: number;
  importsMs: number[];
  /** CPU time the server used for each import (every thread: the checking worker's too), in ms. */
  cpusMs: number[];
  ratio: number;
  /** Against {@link yamlFloorMs}. */
  yamlRatio: number;
  /**
   * The server process's peak RSS (VmHWM) over its imports, in MiB, read once it is idle again:
   * what its controllers do with the imported objects after the answer counts too (reading it at
   * the answer missed a ~530 MiB peak a moment later: issue #11).
   */
  rssPeakMiB: number;
  /** The same peak read when the import answered. */
  rssAtAnswerMiB: number;
  /** Workload profiles the server holds after the first import (the import is all or nothing). */
  stored: number;
}

/**
 * Imports an archive of `manifests` manifests `runs` times, each into a fresh server (the same
 * empty store every time, so runs are alike and the peak RSS is the import's), next to the floor
 * measured in the same process: gunzip, untar and JSON.parse of the same content; and the same
 * with the YAML parse the archive's files need instead of JSON.parse.
 */
export const importRow = async (manifests: number, runs: number): Promise<ImportRow> => {
  const { bundle, archive, yamlBytes, fileCount } = fleetArchive(manifests);
  const jsonTexts = [
    JSON.stringify(bundle),
    ...Array.from({ length: manifests - 1 }, (_, i) => JSON.stringify(profile(i))),
  ];
  const floor = await medianMs(Math.max(runs, 3), () => {
    const { files: read } = readArchive(archive);
    if (read.size !== fileCount) throw new Error('floor read the wrong number of files');
    for (const t of jsonTexts) JSON.parse(t);
  });
  const yamlFloor = await medianMs(Math.max(runs, 3), () => {
    let documents = 0;
    for (const [path, bytes] of readArchive(archive).files)
      if (path.endsWith('.yaml') && path !== STUDIO_FILE)
        loadAll(bytes.toString('utf8'), () => documents++, { schema: CORE_SCHEMA });
    if (documents !== manifests) throw new Error(`YAML floor parsed ${documents} documents`);
  });
  const importsMs: number[] = [];
  const cpusMs: number[] = [];
  let rssPeakMiB = 0;
  let rssAtAnswerMiB = 0;
  let stored = 0;
  for (let run = 0; run < runs; run++) {
    const data = await mkdtemp(join(tmpdir(), 'paletteai-bench-import-'));
    try {
      const server = await startServerProcess(data);
      try {
        const cpu = cpuMs(server.child.pid!);
        const t = process.hrtime.bigint();
        const r = await postArchive(server, 'bench-import', archive);
        importsMs.push(Number(process.hrtime.bigint() - t) / 1e6);
        cpusMs.push(cpuMs(server.child.pid!) - cpu);
        if (r.status !== 201) throw new Error(`import answered ${r.status}: ${r.text.slice(0, 500)}`);
        rssAtAnswerMiB = Math.max(rssAtAnswerMiB, server.rss().peak);
        await settled(server.child.pid!);
        rssPeakMiB = Math.max(rssPeakMiB, server.rss().peak);
        if (run === 0) {
          const call = client(server.url, server.ca, server.token, 1);
          // Counted page by page: remainingItemCount is left out past 10,000 (as kube-apiserver).
          stored = 0;
          let cont = '';
          do {
            const list = await call(
              'GET',
              `/apis/spectrocloud.com/v1beta1/namespaces/bench-import/workloadprofiles?limit=5000${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`,
            );
            const body = JSON.parse(list.text) as { items: unknown[]; metadata: { continue?: string } };
            stored += body.items.length;
            cont = body.metadata.continue ?? '';
          } while (cont);
        }
      } finally {
        await server.stop();
      }
    } finally {
      await rm(data, { recursive: true, force: true });
    }
  }
  const importMs = median(importsMs);
  return {
    manifests,
    yamlKiB: yamlBytes / 1024,
    archiveKiB: archive.length / 1024,
    floorMs: floor.median,
    yamlFloorMs: yamlFloor.median,
    importMs,
    importsMs,
    cpusMs,
    ratio: importMs / floor.median,
    yamlRatio: importMs / yamlFloor.median,
    rssPeakMiB,
    rssAtAnswerMiB,
    stored,
  };
};

/**
 * Another client's writes during one import: one create every 20 ms, each waiting for the one
 * before, until the import answers. The import's transaction holds the write lane from its first
 * write to its commit; these creates wait for it (all or nothing: nothing of the import is visible
 * before then). Returns the import's time and the creates' latencies, sorted.
 */
export const writesDuringImport = async (manifests: number) => {
  const { archive } = fleetArchive(manifests);
  const data = await mkdtemp(join(tmpdir(), 'paletteai-bench-import-writes-'));
  try {
    const server = await startServerProcess(data);
    try {
      const call = client(server.url, server.ca, server.token, 2);
      const namespace = clusterProfile('x').metadata.namespace!;
      await call('POST', '/api/v1/namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: namespace },
      });
      let importing = true;
      const started = process.hrtime.bigint();
      const imported = postArchive(server, 'bench-import', archive).then((r) => {
        importing = false;
        if (r.status !== 201) throw new Error(`import answered ${r.status}: ${r.text.slice(0, 300)}`);
        return Number(process.hrtime.bigint() - started) / 1e6;
      });
      const latencies: number[] = [];
      for (let i = 0; importing; i++) {
        const t = process.hrtime.bigint();
        const r = await call(
          'POST',
          `/apis/spectrocloud.com/v1alpha1/namespaces/${namespace}/clusterprofiles`,
          clusterProfile(`during-import-${i}`),
        );
        if (r.status !== 201) throw new Error(`create answered ${r.status}: ${r.text.slice(0, 300)}`);
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
        await new Promise((r) => setTimeout(r, 20));
      }
      return { importMs: await imported, latencies: latencies.sort((a, b) => a - b) };
    } finally {
      await server.stop();
    }
  } finally {
    await rm(data, { recursive: true, force: true });
  }
};

/**
 * The import's scaling curve (issue #11 item 6): one row per archive size, for the tables here and
 * the chart of bench/scale.ts. `runs` imports per size (fewer for the largest, which take longest).
 */
export const importScaleRows = async (
  sizes: readonly number[] = [1_000, 10_000, 50_000],
  runs = (manifests: number) => (manifests > 20_000 ? 1 : 3),
): Promise<ImportRow[]> => {
  const rows: ImportRow[] = [];
  for (const manifests of sizes) rows.push(await importRow(manifests, runs(manifests)));
  return rows;
};

/** Sizes from PALETTEAI_BENCH_IMPORT_SIZES (e.g. `1000,5000` while developing), else the curve's. */
const benchSizes = (): number[] | undefined =>
  process.env.PALETTEAI_BENCH_IMPORT_SIZES?.split(',').map((x) => Number(x.trim()));

/** `npm run bench -- import`: the 10,000-manifest goal, then the curve (1k / 10k / 50k). */
export const benchStudioImport = async (): Promise<void> => {
  const rows = await importScaleRows(benchSizes() ?? [1_000, MANIFESTS, 50_000]);
  console.log('\n## studio import: `POST …/imports` end to end over HTTPS, each run on a fresh server\n');
  table(
    [
      'manifests',
      'YAML KiB',
      '.tar.gz KiB',
      'floor ms (JSON / YAML)',
      'import ms (median)',
      'runs ms',
      'server CPU ms',
      'vs floor (JSON / YAML)',
      'RSS peak MiB (at the answer / once idle)',
      'stored',
    ],
    rows.map((r) => [
      fmt(r.manifests),
      fmt(r.yamlKiB),
      fmt(r.archiveKiB),
      `${fmt(r.floorMs)} / ${fmt(r.yamlFloorMs)}`,
      fmt(r.importMs),
      r.importsMs.map((x) => fmt(x)).join(' / '),
      r.cpusMs.map((x) => fmt(x)).join(' / '),
      `${fmt(r.ratio, 1)}× / ${fmt(r.yamlRatio, 1)}×`,
      `${fmt(r.rssAtAnswerMiB)} / ${fmt(r.rssPeakMiB)}`,
      fmt(r.stored),
    ]),
  );
  console.log(
    "\nfloor: gunzip + untar in memory + JSON.parse of the same content / + js-yaml of the YAML files the archive holds (the parse the import must do, as validate's floor), median, same process; import: read, check digests, validate, admit, one transaction; server CPU: user + system time of every server thread during the import (the machine has 2 cores); RSS peak: VmHWM when the import answered, and once the server is idle again (its controllers have handled the imported objects).",
  );
  const ten = rows.find((r) => r.manifests === MANIFESTS);
  if (ten)
    console.log(
      `${fmt(MANIFESTS)} manifests: ${fmt(ten.importMs)} ms = ${fmt(ten.ratio, 1)}× the JSON floor, ${fmt(ten.yamlRatio, 1)}× the YAML floor; targets < 3,000 ms and < 8× the YAML floor → ${goal(
        {
          figure: `Studio import, ${fmt(MANIFESTS)} manifests`,
          measured: `${fmt(ten.importMs)} ms (${fmt(ten.yamlRatio, 1)}× YAML, ${fmt(ten.ratio, 1)}× JSON), RSS ${fmt(ten.rssPeakMiB)} MiB`,
          floor: `gunzip + untar + js-yaml ${fmt(ten.yamlFloorMs)} ms (+ JSON.parse instead: ${fmt(ten.floorMs)} ms)`,
          target: '< 3,000 ms, < 8× the YAML floor',
          met: ten.importMs < 3000 && ten.yamlRatio < 8,
        },
      )}`,
    );
  const writes = await writesDuringImport(MANIFESTS);
  console.log(
    `another client's creates during one ${fmt(MANIFESTS)}-manifest import (${fmt(writes.importMs)} ms): ${fmt(writes.latencies.length)} creates, median ${fmt(writes.latencies[Math.floor(writes.latencies.length / 2)]!)} ms, longest wait ${fmt(writes.latencies.at(-1)!)} ms (the import holds the write lane from its first write to its commit)`,
  );
  const peak = Math.max(...rows.map((r) => r.rssPeakMiB));
  console.log(
    `server RSS peak over every size: ${fmt(peak)} MiB; target ≤ 300 MiB at any size → ${goal({
      figure: `Studio import memory, ${rows.map((r) => fmt(r.manifests)).join(' / ')} manifests`,
      measured: `server RSS peak ${rows.map((r) => fmt(r.rssPeakMiB)).join(' / ')} MiB`,
      floor: '',
      target: '≤ 300 MiB at any size',
      met: peak <= 300,
    })}`,
  );
};

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApiClient } from '../../src/client/apiClient.js';
import {
  clusterProfile,
  clusterProfilesPath,
  createNamespaces,
  removeDir,
  type ServerProcess,
  startServerProcess,
  stepsTimeout,
  tempDir,
} from './serverProcess.js';

// Every timeout here is a hang guard, never a budget a busy machine can run out of: each step has its
// own (HANG_MS), and a test or hook may take as long as its steps need.
vi.setConfig({ testTimeout: stepsTimeout(2), hookTimeout: stepsTimeout(3) });

/**
 * Optimistic concurrency over HTTPS against the real server process: many writers doing
 * read-modify-write on one object with the resourceVersion they read.
 */

const NS = 'e2e-concurrency';
const COUNTER = 'e2e.palette.ai/counter';
const WRITERS = 20;
const INCREMENTS_PER_WRITER = 5;

interface Obj {
  kind: string;
  metadata: { name: string; resourceVersion: string; annotations?: Record<string, string> };
  [k: string]: unknown;
}

let data: string;
let server: ServerProcess;
let api: ApiClient;

const path = (name: string) => `${clusterProfilesPath(NS)}/${name}`;

const get = async (name: string): Promise<Obj> => {
  const r = await api.request('GET', path(name));
  expect(r.status).toBe(200);
  return r.json as Obj;
};

/** PUT of `base` with one annotation changed, carrying the resourceVersion `base` has. */
const putAnnotation = (base: Obj, key: string, value: string) =>
  api.request('PUT', path(base.metadata.name), {
    ...base,
    metadata: { ...base.metadata, annotations: { ...base.metadata.annotations, [key]: value } },
  });

beforeAll(async () => {
  data = await tempDir('concurrency');
  server = await startServerProcess(data);
  api = server.client();
  await createNamespaces(api, NS);
  for (const name of ['counter', 'contended']) {
    const r = await api.request(
      'POST',
      clusterProfilesPath(NS),
      clusterProfile(name, NS, { [COUNTER]: '0' }),
    );
    expect(r.status).toBe(201);
  }
});

afterAll(async () => {
  const code = await server?.stop();
  await removeDir(data);
  expect(code).toBe(0);
});

describe('concurrent read-modify-write over HTTPS', () => {
  it(`loses no update when ${WRITERS} writers increment one counter, retrying on 409`, async () => {
    const successesByRv = new Map<string, number>();
    const written: number[] = [];
    const failures: { status: number; body: unknown }[] = [];
    let successes = 0;

    const writer = async () => {
      for (let done = 0; done < INCREMENTS_PER_WRITER;) {
        const cur = await get('counter');
        const n = Number(cur.metadata.annotations?.[COUNTER]);
        const r = await putAnnotation(cur, COUNTER, String(n + 1));
        if (r.status === 200) {
          done++;
          successes++;
          written.push(n + 1);
          const rv = cur.metadata.resourceVersion;
          successesByRv.set(rv, (successesByRv.get(rv) ?? 0) + 1);
          expect(Number((r.json as Obj).metadata.resourceVersion)).toBeGreaterThan(Number(rv));
        } else failures.push({ status: r.status, body: r.json });
      }
    };
    await Promise.all(Array.from({ length: WRITERS }, writer));

    expect(successes).toBe(WRITERS * INCREMENTS_PER_WRITER);
    // At most one write succeeded from each version read …
    expect([...successesByRv.values()].filter((n) => n > 1)).toEqual([]);
    // … so every success wrote a different value, and the final counter counts them all.
    expect(new Set(written).size).toBe(successes);
    expect(Number((await get('counter')).metadata.annotations?.[COUNTER])).toBe(successes);
    // With 20 writers racing some writes must have lost; each loss is a 409 Conflict Status.
    expect(failures.length).toBeGreaterThan(0);
    for (const f of failures) {
      expect(f.status).toBe(409);
      expect(f.body).toMatchObject({
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        reason: 'Conflict',
        code: 409,
        message: expect.stringContaining('the object has been modified'),
      });
    }
  });

  it(`lets exactly one of ${WRITERS} PUTs carrying the same resourceVersion win`, async () => {
    const base = await get('contended');
    const results = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) => putAnnotation(base, 'e2e.palette.ai/winner', `w${i}`)),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(WRITERS - 1);
    const winner = results.findIndex((r) => r.status === 200);
    const now = await get('contended');
    expect(now.metadata.annotations?.['e2e.palette.ai/winner']).toBe(`w${winner}`);
    expect(now.metadata.resourceVersion).toBe((results[winner]!.json as Obj).metadata.resourceVersion);
    for (const r of results.filter((x) => x.status === 409))
      expect(r.json).toMatchObject({ kind: 'Status', reason: 'Conflict', code: 409 });
  });

  it('refuses a PUT whose resourceVersion is stale even when nobody writes concurrently', async () => {
    const before = await get('contended');
    expect((await putAnnotation(before, 'e2e.palette.ai/step', '1')).status).toBe(200);
    const stale = await putAnnotation(before, 'e2e.palette.ai/step', '2');
    expect(stale.status).toBe(409);
    expect((await get('contended')).metadata.annotations?.['e2e.palette.ai/step']).toBe('1');
  });
});

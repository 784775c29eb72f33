/**
 * The one in-process server the fuzz suites send hostile requests to: a cluster-admin token, a
 * namespace with a few real objects to patch, a snapshot of everything stored (to prove a refused
 * request changed nothing) and a per-request hang guard.
 */
import { expect } from 'vitest';
import { KINDS } from '../../src/model/index.js';
import { clusterProfile, NS, workloadProfile } from '../server/harness.js';
import { startApp, type InProcessApp } from '../server/inProcess.js';

/** Longest a single hostile request may take before it counts as a hang (a guard, not a budget). */
export const HANG_MS = 10_000;

export const CP_PATH = `/apis/spectrocloud.com/v1alpha1/namespaces/${NS}/clusterprofiles`;
export const WP_PATH = `/apis/spectrocloud.com/v1beta1/namespaces/${NS}/workloadprofiles`;
export const SECRET_PATH = `/api/v1/namespaces/${NS}/secrets`;
export const IMPORT_PATH = `/apis/studio.spectrocloud.com/v1/namespaces/${NS}/imports`;

/** The objects every fuzz server holds before the first hostile request (patch targets). */
export const SEED = {
  clusterProfile: { path: `${CP_PATH}/edge`, object: clusterProfile('edge') },
  workloadProfile: { path: `${WP_PATH}/vllm`, object: workloadProfile('vllm') },
  secret: {
    path: `${SECRET_PATH}/creds`,
    object: {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'creds', namespace: NS, labels: { tier: 'gpu', team: 'ml' } },
      stringData: { token: 'not-a-real-secret' },
    },
  },
} as const;

export interface FuzzResponse {
  status: number;
  body: any;
  headers: Record<string, unknown>;
}

export interface FuzzApp {
  app: InProcessApp;
  /** Every line the server logged (a 500 logs its stack here). */
  logs: string[];
  /** Sends one request as the cluster admin; a request that does not answer within HANG_MS fails. */
  send(method: string, path: string, body?: Buffer, headers?: Record<string, string>): Promise<FuzzResponse>;
  /** Every object of every kind (key and resourceVersion) and the store's newest resourceVersion. */
  snapshot(): Promise<string[]>;
  close(): Promise<void>;
}

/** Starts the in-process server, creates the namespace and the {@link SEED} objects. */
export const startFuzzApp = async (): Promise<FuzzApp> => {
  const app = await startApp();
  const logs: string[] = [];
  app.ctx.log = (line: string) => void logs.push(line);
  const token = await app.token({ name: 'fuzz-root', role: 'cluster-admin', namespace: '*' });
  const send: FuzzApp['send'] = async (method, path, body, headers = {}) => {
    let timer: NodeJS.Timeout | undefined;
    const hang = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${method} ${path.slice(0, 200)} did not answer within ${HANG_MS} ms`)),
        HANG_MS,
      );
    });
    const started = performance.now();
    let answer: FuzzResponse;
    try {
      answer = await Promise.race([app.request(method, path, { token, body, headers }), hang]);
    } finally {
      clearTimeout(timer);
    }
    // In process, work that never yields blocks the timer too: measure it after the fact.
    const took = performance.now() - started;
    if (took > HANG_MS)
      throw new Error(`${method} ${path.slice(0, 200)} took ${Math.round(took)} ms (over ${HANG_MS} ms)`);
    return answer;
  };
  const json = (o: unknown) => Buffer.from(JSON.stringify(o));
  // startApp made the test project's namespace NS: the seed objects go there.
  const created = [];
  for (const { path, object } of Object.values(SEED))
    created.push(
      await send('POST', path.slice(0, path.lastIndexOf('/')), json(object), {
        'content-type': 'application/json',
      }),
    );
  for (const r of created) expect(r.status, JSON.stringify(r.body)).toBe(201);
  return {
    app,
    logs,
    send,
    snapshot: async () => {
      const lines: string[] = [];
      for (const k of KINDS) {
        const { items } = await app.ctx.store.list(k.kind);
        for (const o of items)
          lines.push(
            `${k.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name} @${o.metadata.resourceVersion}`,
          );
      }
      lines.push(`currentRv ${await app.ctx.store.currentRv()}`);
      return lines;
    },
    close: () => app.close(),
  };
};

/**
 * A stack trace line (`    at fn (file.ts:1:2)`), a JavaScript error class name or a JavaScript
 * engine message (`Cannot set properties of undefined`) leaking into a message meant for users.
 */
export const INTERNAL_ERROR_TEXT =
  /\n\s+at\s|\bat\s+\S+\s+\(\S+:\d+:\d+\)|\b(TypeError|RangeError|ReferenceError|SyntaxError)\b|Cannot (read|set) propert(y|ies) of|is not a function|is not iterable|Maximum call stack/;

/** The largest refusal a hostile request may get back. */
export const MAX_REFUSAL_BYTES = 256 * 1024;

/**
 * Asserts a refusal a user can act on: a 4xx (never 5xx) whose body is a Kubernetes `Status` with
 * the same code and a message that is not empty and not a stack trace.
 */
export const expectCleanRefusal = (r: FuzzResponse, what: string): void => {
  expect(r.status, `${what}: ${JSON.stringify(r.body)?.slice(0, 500)}`).toBeGreaterThanOrEqual(400);
  expect(r.status, `${what}: ${JSON.stringify(r.body)?.slice(0, 500)}`).toBeLessThan(500);
  expect(r.body?.kind, `${what}: the answer is a Status`).toBe('Status');
  expect(r.body.code, `${what}: Status.code`).toBe(r.status);
  expect(typeof r.body.message, `${what}: Status.message`).toBe('string');
  expect(r.body.message.trim(), `${what}: Status.message`).not.toBe('');
  expect(r.body.message, `${what}: no stack trace in the message`).not.toMatch(INTERNAL_ERROR_TEXT);
  // No amplification: a refusal is small whatever was sent (up to a 3 MiB body, or a 64 MiB archive).
  expect(JSON.stringify(r.body).length, `${what}: size of the refusal`).toBeLessThan(MAX_REFUSAL_BYTES);
};

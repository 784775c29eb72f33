import { inject } from 'light-my-request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { Inflight } from '../../src/server/http/inflight.js';
import { packCatalog } from './catalogArchives.js';
import { startApp, type InProcessApp } from './inProcess.js';

/**
 * Overload (issue #10): past its bound of requests in flight the server answers 429 with
 * Retry-After at once instead of queueing without end, and health checks are never refused.
 */

describe('the bound on requests in flight', () => {
  it('refuses past the bound with a 429 that says when to retry, and frees the slot when done', () => {
    const inflight = new Inflight({ readonly: 2, mutating: 1, import: 1 });
    const a = inflight.enter('readonly');
    inflight.enter('readonly');
    let refused: unknown;
    try {
      inflight.enter('readonly');
    } catch (e) {
      refused = e;
    }
    expect(refused).toMatchObject({ status: 429, reason: 'TooManyRequests', retryAfterSeconds: 1 });
    expect((refused as Error).message).toContain('2 reads in flight');
    expect(inflight.enter('mutating')).toBeTypeOf('function'); // classes are counted apart
    a();
    a(); // a second call gives nothing back twice
    expect(inflight.count('readonly')).toBe(1);
    expect(inflight.enter('readonly')).toBeTypeOf('function');
  });
});

describe('a server at its bound of Studio imports', () => {
  let app: InProcessApp;
  let admin: string;
  beforeAll(async () => {
    app = await startApp();
    app.ctx.inflightLimits = { readonly: 400, mutating: 200, import: 1 };
    admin = await app.token({ name: 'root', role: 'cluster-admin', namespace: '*' });
  });
  afterAll(async () => app.close());

  it('answers a second concurrent import 429 with Retry-After, keeps /healthz answering, and stores the first whole', async () => {
    // The router reads the limits when it is made: a fresh app with the bound of one import.
    const handler = createApp(app.ctx);
    const archive = await packCatalog('vllm-model');
    const post = (ns: string) =>
      inject((req, res) => void handler(req, res), {
        method: 'POST',
        url: `/apis/studio.spectrocloud.com/v1/namespaces/${ns}/imports`,
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/gzip' },
        payload: archive,
      });
    const first = post('load-a');
    const second = post('load-b');
    const health = inject((req, res) => void handler(req, res), { method: 'GET', url: '/healthz' });
    const [a, b, h] = await Promise.all([first, second, health]);
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(429);
    expect(b.headers['retry-after']).toBe('1');
    expect(b.json()).toMatchObject({ reason: 'TooManyRequests', details: { retryAfterSeconds: 1 } });
    expect(b.json().message).toContain('Studio imports');
    expect(h.statusCode).toBe(200);
    // Nothing of the refused import; all of the accepted one; the slot is free again.
    expect((await app.request('GET', '/api/v1/namespaces/load-b', { token: admin })).status).toBe(404);
    const again = await post('load-b');
    expect(again.statusCode).toBe(201);
  });
});

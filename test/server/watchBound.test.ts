/**
 * A watch whose client stops reading is bounded: once 4 MiB wait in its output buffer it receives a
 * 410 ERROR event and the stream ends (kube-apiserver drops slow watchers the same way), instead of
 * the server buffering every event for it (200 idle watchers of 2.9 MiB writes once took 3.1 GB).
 */
import { request } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.namespaces(NS);
});
afterAll(async () => h.close());

const NS = 'watch-bound';
const SECRETS = `/api/v1/namespaces/${NS}/secrets`;

/** Opens a watch and returns the response without reading it. */
const openWatch = (): Promise<IncomingMessage> =>
  new Promise((resolve, reject) => {
    const url = new URL(`${SECRETS}?watch=true`, h.server.url);
    const req = request(url, { ca: h.server.ca, headers: { authorization: `Bearer ${h.admin}` } }, (res) => {
      res.pause();
      resolve(res);
    });
    req.on('error', reject);
    req.end();
  });

const readAll = (res: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (d: string) => (text += d));
    res.on('end', () => resolve(text));
    res.on('error', reject);
    res.resume();
  });

describe('a watch that does not keep up', () => {
  it('gets a 410 ERROR event and is ended once 4 MiB wait for it, and the server goes on', async () => {
    const idle = await openWatch();
    const blob = Buffer.alloc(768 * 1024, 7).toString('base64'); // ~1 MiB per Secret
    const writes = 24; // more than the 4 MiB bound plus what the loopback socket buffers hold
    for (let i = 0; i < writes; i++) {
      const r = await h.api('POST', SECRETS, {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: `big-${i}`, namespace: NS },
        data: { blob },
      });
      expect(r.status).toBe(201);
    }
    const lines = (await readAll(idle)).trim().split('\n');
    const last = JSON.parse(lines.at(-1)!) as { type: string; object: { code: number; reason: string } };
    expect(last).toMatchObject({ type: 'ERROR', object: { code: 410, reason: 'Expired' } });
    expect(lines.length - 1).toBeLessThan(writes); // it was dropped before it got them all
    // Every event it did get is whole and in order.
    const names = lines
      .slice(0, -1)
      .map((l) => (JSON.parse(l) as { object: { metadata: { name: string } } }).object.metadata.name);
    expect(names).toEqual(names.map((_, i) => `big-${i}`));
    expect((await h.api('GET', `${SECRETS}/big-0`)).status).toBe(200);
  });
});

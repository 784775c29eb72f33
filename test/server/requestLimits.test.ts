/**
 * What the HTTP parser refuses before any route sees it gets a Kubernetes Status, as every other
 * refusal does: kubectl printed only "connection reset by peer" for a URL over Node's header limit.
 * And the limit reads the longest label selector the API takes (100 requirements), which Node's
 * default 16 KiB had refused.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../src/client/apiClient.js';
import { startServer, type RunningServer } from '../../src/server/runServer.js';
import { MAX_HEADER_BYTES } from '../../src/server/clientErrors.js';

let server: RunningServer;
let data: string;
let client: ApiClient;
beforeAll(async () => {
  data = await mkdtemp(join(tmpdir(), 'paletteai-limits-'));
  server = await startServer({ listen: '127.0.0.1:0', data, log: () => {} });
  client = new ApiClient({
    server: server.url,
    token: server.adminToken!,
    ca: server.ca,
    namespace: 'default',
  });
});
afterAll(async () => {
  await server.close();
  await rm(data, { recursive: true, force: true });
});

/** Writes `head` on a TLS connection and reads whatever comes back until the server closes it. */
const raw = (head: string) =>
  new Promise<{ status: number; headers: string; body: string }>((resolve, reject) => {
    const url = new URL(server.url);
    let got = '';
    const socket = connect({ host: url.hostname, port: Number(url.port), rejectUnauthorized: false }, () =>
      socket.write(head),
    );
    socket.setEncoding('utf8');
    socket.on('data', (c: string) => (got += c));
    const done = () => {
      const [headers = '', body = ''] = got.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d+)/.exec(headers)?.[1] ?? NaN);
      if (Number.isNaN(status)) reject(new Error(`no answer: ${JSON.stringify(got)}`));
      else resolve({ status, headers, body });
    };
    socket.on('close', done);
    socket.on('error', () => {}); // a reset after the answer: the answer is what counts
  });

const BUNDLES = '/apis/spectrocloud.com/v1beta1/profilebundles';

describe('requests the HTTP parser refuses', () => {
  it('a URL over the header limit: 431 with a Status that says the limit and what to shorten', async () => {
    const selector = Array.from({ length: 10_000 }, (_, i) => `k${i}=v`).join(',');
    expect(selector.length).toBeGreaterThan(MAX_HEADER_BYTES);
    const r = await raw(
      `GET ${BUNDLES}?labelSelector=${encodeURIComponent(selector)} HTTP/1.1\r\nHost: x\r\n` +
        `Authorization: Bearer ${server.adminToken}\r\n\r\n`,
    );
    expect(r.status).toBe(431);
    expect(r.headers).toMatch(/content-type: application\/json/i);
    expect(JSON.parse(r.body)).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      code: 431,
      reason: 'RequestHeaderFieldsTooLarge',
      message: expect.stringMatching(/over 64 KiB: shorten the URL \(fewer labelSelector/) as unknown,
    });
  });

  it('a request that is not HTTP: 400 with a Status', async () => {
    const r = await raw('HELLO THERE\r\n\r\n');
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toMatchObject({ kind: 'Status', code: 400, reason: 'BadRequest' });
    expect((JSON.parse(r.body) as { message: string }).message).toMatch(/malformed HTTP request/);
  });

  it('the longest label selector the API takes is read (over Node’s default 16 KiB), and the server goes on', async () => {
    const prefix = Array.from({ length: 4 }, () => 'a'.repeat(60)).join('.');
    const selector = Array.from(
      { length: 100 },
      (_, i) => `${prefix}/k${String(i).padStart(2, '0')}${'x'.repeat(58)}=${'v'.repeat(63)}`,
    ).join(',');
    expect(selector.length).toBeGreaterThan(16 * 1024);
    const r = await client.request('GET', `${BUNDLES}?labelSelector=${encodeURIComponent(selector)}`);
    expect(r.status).toBe(200);
    expect((r.json as { items: unknown[] }).items).toEqual([]);
  });
});

describe('refused names in messages', () => {
  it('a right-to-left override is shown escaped, as kube-apiserver quotes it', async () => {
    const r = await client.request('POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team\u202eevil' },
    });
    expect(r.status).toBe(422);
    const message = (r.json as { message: string }).message;
    expect(message).toContain('"team\\u202eevil"');
    expect(message).not.toContain('\u202e');
  });

  it('so is one in a URL: a path segment, a query parameter', async () => {
    const byName = await client.request('GET', `/api/v1/namespaces/${encodeURIComponent('team\u202eevil')}`);
    const byQuery = await client.request(
      'GET',
      `${BUNDLES}?fieldValidation=${encodeURIComponent('Warn\u202e')}`,
    );
    for (const r of [byName, byQuery]) {
      expect(r.status).toBeGreaterThanOrEqual(400);
      const message = (r.json as { message: string }).message;
      expect(message).toContain('\\u202e');
      expect(message).not.toContain('\u202e');
    }
  });
});

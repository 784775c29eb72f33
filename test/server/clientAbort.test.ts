/**
 * A client that aborts its request (issue #10 item 3): 200 writes abandoned mid-body leave nothing
 * in the server log (they wrote a stack each), nothing stored, and the server answers the next one.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../src/client/apiClient.js';
import { startServer, type RunningServer } from '../../src/server/runServer.js';
import { NS } from '../../src/testing/builders.js';

let server: RunningServer;
let data: string;
const logged: string[] = [];
beforeAll(async () => {
  data = await mkdtemp(join(tmpdir(), 'paletteai-abort-'));
  server = await startServer({ listen: '127.0.0.1:0', data, log: (m) => logged.push(m) });
});
afterAll(async () => {
  await server.close();
  await rm(data, { recursive: true, force: true });
});

/** Sends the head of a POST and half its body, then destroys the connection. */
const abandon = (url: URL, token: string) =>
  new Promise<void>((resolve) => {
    const socket = connect({ host: url.hostname, port: Number(url.port), rejectUnauthorized: false }, () => {
      socket.write(
        `POST /apis/spectrocloud.com/v1beta1/namespaces/${NS}/profilebundles HTTP/1.1\r\n` +
          `Host: ${url.host}\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\n` +
          'Content-Length: 400\r\n\r\n{"apiVersion":"spectrocloud.com/v1beta1","kind":"Profi',
      );
      setTimeout(() => {
        socket.destroy();
        resolve();
      }, 5);
    });
    socket.on('error', () => resolve());
  });

describe('a client that aborts', () => {
  it('costs no log line and no object, and the next request is answered', async () => {
    const url = new URL(server.url);
    const before = logged.length;
    for (let i = 0; i < 200; i += 20)
      await Promise.all(Array.from({ length: 20 }, () => abandon(url, server.adminToken!)));
    await new Promise((r) => setTimeout(r, 200)); // the server sees the last closes
    expect(logged.slice(before)).toEqual([]);
    const client = new ApiClient({
      server: server.url,
      token: server.adminToken!,
      ca: server.ca,
      namespace: NS,
    });
    const r = await client.request('GET', `/apis/spectrocloud.com/v1beta1/namespaces/${NS}/profilebundles`);
    expect(r.status).toBe(200);
    expect((r.json as { items: unknown[] }).items).toEqual([]);
  });
});

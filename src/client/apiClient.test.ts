import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient, ServerUnreachableError } from './apiClient.js';

/**
 * A server that resets the kept-alive connection when the second request arrives on it, as a
 * server closing an idle connection does when the client reuses it at that moment (seen in CI).
 */
const racingServer = async () => {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.socket.remotePort}`);
    if (requests.length === 2) {
      req.socket.destroy();
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ answered: requests.length }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const client = new ApiClient({ server: `http://127.0.0.1:${port}`, token: 't', namespace: 'default' });
  return { server, requests, client };
};

describe('ApiClient over a kept-alive connection', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
  });

  it('sends a request again on a new connection when the server reset the reused one', async () => {
    const s = await racingServer();
    server = s.server;
    expect((await s.client.request('GET', '/a')).status).toBe(200);
    const again = await s.client.request('GET', '/b');
    expect(again.json).toEqual({ answered: 3 });
    // the first two on one connection (reused), the third on another
    const ports = s.requests.map((r) => r.split(' ')[1]);
    expect(ports[0]).toBe(ports[1]);
    expect(ports[2]).not.toBe(ports[1]);
  });

  it('does not send a POST twice: it fails clearly instead', async () => {
    const s = await racingServer();
    server = s.server;
    await s.client.request('GET', '/a');
    const error = await s.client.request('POST', '/b', { x: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerUnreachableError);
    expect((error as Error).message).toMatch(/ECONNRESET/);
    expect(s.requests).toHaveLength(2);
  });
});

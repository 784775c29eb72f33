import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

/** A request as a fake server saw it, for tests to assert on. */
export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A fake's handler: answers one request. */
export type Handler = (request: SeenRequest, response: ServerResponse) => void;

/**
 * Starts a loopback HTTP server (HTTPS when `tls` is given) on a free port; `close` ends it and its
 * open connections.
 */
export const listen = async (
  handle: Handler,
  tls?: { cert: string; key: string },
): Promise<{ url: string; server: Server; close: () => Promise<void> }> => {
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const seen: SeenRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      try {
        handle(seen, res);
      } catch (error) {
        sendJson(res, 500, { message: (error as Error).message });
      }
    });
  };
  const server: Server = tls ? createTlsServer(tls, onRequest) : createServer(onRequest);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

/** Sends a JSON answer (no body for 204). */
export const sendJson = (res: ServerResponse, status: number, body?: unknown): void => {
  if (status === 204 || body === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
};

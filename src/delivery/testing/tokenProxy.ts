/**
 * A bearer-token front for a test registry: answers 401 with a `WWW-Authenticate: Bearer` challenge
 * unless the request carries the token its `/token` realm hands out for the right basic
 * credentials, and forwards everything else to the registry unchanged. The registry's own token
 * auth needs a signing PKI; this exercises the client's half of the flow against a real registry.
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';

export interface TokenProxy {
  /** `127.0.0.1:PORT` */
  host: string;
  /** How many tokens the realm handed out. */
  tokensIssued(): number;
  close(): Promise<void>;
}

const TOKEN = 'test-token-7f3a';

export const startTokenProxy = async (
  upstream: string,
  credentials: { username: string; password: string },
): Promise<TokenProxy> => {
  let issued = 0;
  const expected = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  const server: Server = createServer((req: IncomingMessage, res) => {
    const host = req.headers.host!;
    if (req.url?.startsWith('/token')) {
      if (req.headers.authorization !== expected) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"details":"bad credentials"}');
        return;
      }
      issued++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: TOKEN }));
      return;
    }
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      const repo = /^\/v2\/(.+?)\/(blobs|manifests)\//.exec(req.url ?? '')?.[1] ?? 'x';
      res
        .writeHead(401, {
          'www-authenticate': `Bearer realm="http://${host}/token",service="test-registry",scope="repository:${repo}:pull,push"`,
          'content-type': 'application/json',
        })
        .end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
      return;
    }
    const headers = { ...req.headers };
    delete headers.authorization;
    const forward = request(`http://${upstream}${req.url}`, { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => res.writeHead(502).end());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    host: `127.0.0.1:${port}`,
    tokensIssued: () => issued,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
};

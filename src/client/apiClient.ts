import { request as httpsRequest, type RequestOptions } from 'node:https';
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';

/** What this client calls itself to the server, as kubectl sends `kubectl/v1.NN …`. */
const USER_AGENT = `paletteai/0.1.0 (${process.platform}/${process.arch}) node/${process.versions.node}`;

export interface ClientConfig {
  server: string;
  token: string;
  /** PEM of the CA that signed the server certificate. */
  ca?: string;
  /** Namespace of the kubeconfig context. */
  namespace: string;
}

export interface ApiResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

/**
 * The server could not be reached or did not answer (refused, unknown host, TLS not trusted,
 * timeout): nothing the server said, so the message names the address and the likely fix.
 */
export class ServerUnreachableError extends Error {
  override readonly name = 'ServerUnreachableError';
}

const TLS_TRUST = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS_CERT_ALTNAME_INVALID|UNABLE_TO_GET_ISSUER/;

/** Turns a connection-level error into a one-line {@link ServerUnreachableError}. */
export const unreachable = (server: string, e: unknown): Error => {
  if (e instanceof ServerUnreachableError) return e;
  const err = e as NodeJS.ErrnoException;
  const code = err?.code ?? '';
  const what = err?.message?.split('\n')[0] ?? String(e);
  if (code === 'ECONNREFUSED')
    return new ServerUnreachableError(
      `cannot reach the server at ${server} (connection refused): start it with \`paletteai server\`, or check the server address in the kubeconfig`,
    );
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
    return new ServerUnreachableError(
      `cannot reach the server at ${server} (${code}): check the server address in the kubeconfig`,
    );
  if (TLS_TRUST.test(code))
    return new ServerUnreachableError(
      `the server at ${server} presented a certificate the kubeconfig does not trust (${code}): use the kubeconfig the server wrote into its data directory`,
    );
  return new ServerUnreachableError(
    `no usable answer from the server at ${server} (${code ? `${code}: ` : ''}${what}): check that it is running and the kubeconfig points at it`,
  );
};

/**
 * Whether a failed request may be sent again on a new connection: the server reset a kept-alive
 * connection as the request went out on it, before any answer. That is a server closing the
 * connection for being idle (Node's keep-alive timeout, 5 s) while the client reused it — a race
 * that a loaded machine makes likely (seen in CI: `ECONNRESET` on the second of two requests 5 s
 * apart). The request was not read; POST is still not sent twice (a create the server did take
 * would come back 409 and look like someone else's).
 */
const mayResend = (method: string, req: { reusedSocket: boolean }, error: unknown, attempt: number) =>
  attempt === 0 &&
  req.reusedSocket &&
  method !== 'POST' &&
  (error as NodeJS.ErrnoException | undefined)?.code === 'ECONNRESET';

/** A small HTTPS client for the API server (bearer token, the kubeconfig's CA), used by the online CLI. */
export class ApiClient {
  constructor(readonly config: ClientConfig) {}

  private options(
    method: string,
    path: string,
    headers: Record<string, string>,
  ): { url: URL; opts: RequestOptions } {
    const url = new URL(path, this.config.server);
    return {
      url,
      opts: {
        method,
        headers: {
          authorization: `Bearer ${this.config.token}`,
          accept: 'application/json',
          // The server names this client's writes after it (managedFields manager "paletteai").
          'user-agent': USER_AGENT,
          ...headers,
        },
        ...(this.config.ca ? { ca: this.config.ca } : {}),
      },
    };
  }

  /** Sends one request; a string or Buffer body is sent as is, anything else as JSON. */
  request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse> {
    const payload =
      body === undefined
        ? undefined
        : typeof body === 'string' || Buffer.isBuffer(body)
          ? body
          : JSON.stringify(body);
    const h = {
      ...(payload !== undefined
        ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) }
        : {}),
      ...headers,
    };
    const { url, opts } = this.options(method, path, h);
    const send = (attempt: number) =>
      new Promise<ApiResponse>((resolve, reject) => {
        const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, opts, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json: unknown;
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
          });
          res.on('error', (e) => reject(unreachable(this.config.server, e)));
        });
        req.on('error', (e) =>
          mayResend(method, req, e, attempt)
            ? send(attempt + 1).then(resolve, reject)
            : reject(unreachable(this.config.server, e)),
        );
        req.setTimeout(60_000, () =>
          req.destroy(
            new ServerUnreachableError(`no answer from the server at ${this.config.server} within 60 s`),
          ),
        );
        if (payload !== undefined) req.write(payload);
        req.end();
      });
    return send(0);
  }

  /** Opens a watch; `onLine` gets each JSON line. Returns a function that closes the stream. */
  watch(
    path: string,
    onLine: (event: unknown) => void,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; close(): void; done: Promise<void> }> {
    const { url, opts } = this.options('GET', path, headers);
    return new Promise((resolve, reject) => {
      const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
        url,
        opts,
        (res: IncomingMessage) => {
          let buffer = '';
          const done = new Promise<void>((ok) => res.on('close', () => ok()));
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            buffer += chunk;
            let nl: number;
            while ((nl = buffer.indexOf('\n')) >= 0) {
              const line = buffer.slice(0, nl).trim();
              buffer = buffer.slice(nl + 1);
              if (line) onLine(JSON.parse(line));
            }
          });
          res.on('error', () => {});
          resolve({ status: res.statusCode ?? 0, close: () => req.destroy(), done });
        },
      );
      req.on('error', (e) => reject(unreachable(this.config.server, e)));
      req.end();
    });
  }
}

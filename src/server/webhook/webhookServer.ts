/**
 * The validating admission webhook over HTTPS: `POST /validate` answers an `AdmissionReview` v1
 * (admissionReview.ts), `GET /healthz` answers `ok` for probes. No token: kube-apiserver
 * authenticates the webhook by its serving certificate (the configuration's `caBundle`) and sends
 * no credentials of its own unless told to; the webhook reads nothing and writes nothing, so an
 * unauthenticated caller learns only whether an object it sent is valid (what `paletteai validate`
 * tells anyone offline).
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ApiError,
  MethodNotAllowedError,
  NotFoundError,
  UnsupportedMediaTypeError,
} from '../../model/index.js';
import { ClientGoneError, MAX_BODY_BYTES, parseBody, readBody } from '../body.js';
import { sendJson, sendStatus } from '../status.js';
import { serverTlsOptions, type TlsMaterial } from '../tls.js';
import { answerReview } from './admissionReview.js';

/** The path reviews are posted to (the configuration's `clientConfig.service.path`). */
export const WEBHOOK_PATH = '/validate';

/**
 * The largest review read: the object and, on UPDATE, the old object, each up to kube-apiserver's
 * 3 MiB request limit, plus the envelope.
 */
export const WEBHOOK_MAX_BODY_BYTES = 2 * MAX_BODY_BYTES + 1024 * 1024;

/**
 * Time limits: kube-apiserver waits `timeoutSeconds` (at most 30 s) for an answer, so nothing here
 * needs longer; a client that sends its headers or body slower than this is cut off.
 */
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;
const KEEP_ALIVE_TIMEOUT_MS = 30_000;

export interface WebhookServerOptions {
  host: string;
  port: number;
  tls: TlsMaterial;
  /** One line per review and per failure. @default nothing */
  log?: (message: string) => void;
}

export interface RunningWebhook {
  /** `https://HOST:PORT` (the port the system gave for port 0). */
  url: string;
  server: Server;
  close(): Promise<void>;
}

const sendText = (res: ServerResponse, code: number, text: string): void => {
  res.writeHead(code, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
};

/** What the log says of a review: the operation, the object, the user and the verdict. */
const logLine = (r: Awaited<ReturnType<typeof answerReview>>): string => {
  const { request: q, review } = r;
  const o = q.object ?? q.oldObject;
  const where = `${q.namespace ? `${q.namespace}/` : ''}${o?.metadata.name ?? q.name ?? ''}`;
  const verdict = review.response.allowed ? 'allowed' : `denied (${review.response.status?.message ?? ''})`;
  return `${q.operation}${q.dryRun ? ' (dry run)' : ''} ${q.kind.kind} ${where} by ${q.userInfo?.username ?? 'unknown'}: ${verdict}`;
};

const handle = async (req: IncomingMessage, res: ServerResponse, log: (m: string) => void): Promise<void> => {
  const path = (req.url ?? '/').split('?')[0];
  if (path === '/healthz' || path === '/readyz') {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new MethodNotAllowedError(`${path} answers GET`);
    sendText(res, 200, 'ok');
    return;
  }
  if (path !== WEBHOOK_PATH)
    throw new NotFoundError(`${path} is not served; POST AdmissionReviews to ${WEBHOOK_PATH}`);
  if (req.method !== 'POST') {
    res.setHeader('allow', 'POST');
    throw new MethodNotAllowedError(`${WEBHOOK_PATH} answers POST with an AdmissionReview`);
  }
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json')
    throw new UnsupportedMediaTypeError(
      `content type ${JSON.stringify(type)} is not supported; send the AdmissionReview as application/json`,
    );
  const reviewed = await answerReview(parseBody(await readBody(req, WEBHOOK_MAX_BODY_BYTES), 'json'));
  log(logLine(reviewed));
  sendJson(res, 200, reviewed.review);
};

/** Starts the webhook; resolves once it listens. */
export const startWebhookServer = async (options: WebhookServerOptions): Promise<RunningWebhook> => {
  const log = options.log ?? (() => {});
  const server = createServer({
    ...serverTlsOptions(options.tls),
    headersTimeout: HEADERS_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res, log).catch((e: unknown) => {
      if (e instanceof ClientGoneError) return;
      if (!(e instanceof ApiError)) log(`error: ${(e as Error).message ?? String(e)}`);
      if (!res.headersSent) sendStatus(res, e);
      else res.destroy();
    });
  });
  // A TLS handshake that fails (a client not trusting the CA) is the client's problem, not a crash.
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `https://${host}:${address.port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};

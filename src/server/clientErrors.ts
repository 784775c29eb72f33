import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { ApiError, BadRequestError } from '../model/index.js';
import { toStatus } from './status.js';

/**
 * The most bytes of a request's line and headers the server reads. kube-apiserver (Go's net/http)
 * reads up to 1 MiB; Node's default, 16 KiB, refused a label selector of 100 long requirements (the
 * most `labelSelector` takes, with a 400 of its own that says so) before the router could read it.
 */
export const MAX_HEADER_BYTES = 64 * 1024;

/** Connections whose refusal has been answered. */
const answered = new WeakSet<Duplex>();

/** How long a refused connection is kept for the client to read the answer, in ms. */
const LINGER_MS = 5_000;

/** A refusal of the HTTP layer whose code no API error has (431, 408). */
class ParserRefusal extends ApiError {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

/** The error a request the HTTP parser refused is answered with. */
const refusal = (err: NodeJS.ErrnoException): ApiError => {
  switch (err.code) {
    case 'HPE_HEADER_OVERFLOW':
      return new ParserRefusal(
        431,
        'RequestHeaderFieldsTooLarge',
        `the request line and headers are over ${MAX_HEADER_BYTES / 1024} KiB: shorten the URL ` +
          '(fewer labelSelector or fieldSelector terms) or the headers',
      );
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new ParserRefusal(408, 'Timeout', 'the request was not received in time; send it again');
    default:
      return new BadRequestError(
        `malformed HTTP request (${err.code ?? err.message}); send a valid HTTP/1.1 request`,
      );
  }
};

/**
 * Answers a request Node's HTTP parser refused before any route saw it (the server's `clientError`)
 * as every other refusal is answered: a Kubernetes `Status` in JSON, which kubectl and the client
 * libraries print. Node's own answer had no body, and kubectl reported only "connection reset by
 * peer" for a URL over the header limit.
 */
export const answerClientError = (err: NodeJS.ErrnoException, socket: Duplex): void => {
  // The rest of a refused request: the parser refuses each chunk of it again. It is dropped while
  // the answer goes out (closing with it unread would reset the connection, and the client would
  // lose the answer), until the client closes or LINGER_MS pass.
  if (answered.has(socket)) return;
  // A response already going out on this connection (an earlier request of it): an answer written
  // now would land inside it. Node's own handler closes the connection then, and so does this one.
  const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
  if (err.code === 'ECONNRESET' || !socket.writable || inFlight) {
    socket.destroy();
    return;
  }
  answered.add(socket);
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
  const status = toStatus(refusal(err));
  const body = JSON.stringify(status);
  socket.end(
    `HTTP/1.1 ${status.code} ${STATUS_CODES[status.code]}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
};

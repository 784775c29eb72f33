import type { ServerResponse } from 'node:http';
import { ApiError } from '../model/index.js';

/** A Kubernetes `Status` object (`meta.k8s.io/v1`), the body of every error response. */
export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason: string;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    causes?: { reason: string; message: string; field?: string }[];
    /** Seconds to wait before trying again (429). */
    retryAfterSeconds?: number;
  };
  code: number;
}

/**
 * The one place where errors become HTTP answers. Typed business errors keep their status and
 * message; anything else is a 500 whose details stay in the server log, never in the response.
 */
export const toStatus = (err: unknown): StatusBody => {
  if (err instanceof ApiError) {
    const { causes, ...rest } = err.details;
    const details = { ...rest, ...(causes?.length ? { causes } : {}) };
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: err.message,
      reason: err.reason,
      ...(Object.keys(details).length ? { details } : {}),
      code: err.status,
    };
  }
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'internal error; see the server log',
    reason: 'InternalError',
    code: 500,
  };
};

export const sendJson = (
  res: ServerResponse,
  code: number,
  body: unknown,
  contentType = 'application/json',
  headers: Record<string, string> = {},
): void => {
  sendJsonText(res, code, JSON.stringify(body), contentType, headers);
};

/** Sends JSON already serialized (a list written from the store's texts). */
export const sendJsonText = (
  res: ServerResponse,
  code: number,
  text: string,
  contentType = 'application/json',
  headers: Record<string, string> = {},
): void => {
  res.writeHead(code, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-cache, private',
    ...headers,
  });
  res.end(text);
};

export const sendStatus = (res: ServerResponse, err: unknown): StatusBody => {
  const status = toStatus(err);
  const retry = status.details?.retryAfterSeconds;
  if (!res.headersSent)
    sendJson(res, status.code, status, 'application/json', retry ? { 'retry-after': String(retry) } : {});
  else res.end();
  return status;
};

/** The `Status` a successful delete of a whole object returns when asked for it. */
export const successStatus = (details: StatusBody['details']): StatusBody => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Success',
  message: '',
  reason: '',
  ...(details ? { details } : {}),
  code: 200,
});

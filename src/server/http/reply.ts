/**
 * What a handler returns instead of writing to the response: the router sends it. Only a watch
 * streams, and it gets the response to itself.
 */
import type { ServerResponse } from 'node:http';
import { sendJson, sendJsonText } from '../status.js';

export type Reply =
  | {
      type: 'json';
      code: number;
      body: unknown;
      contentType?: string;
      headers?: Record<string, string | string[]>;
    }
  | { type: 'bytes'; code: number; body: Buffer; headers: Record<string, string | number> }
  | { type: 'text'; code: number; body: string }
  /** JSON already serialized: a list assembled from the store's JSON texts. */
  | { type: 'jsonText'; code: number; body: string }
  | { type: 'stream'; start(res: ServerResponse): Promise<void> };

/** A JSON answer. */
export const json = (
  code: number,
  body: unknown,
  contentType?: string,
  headers?: Record<string, string | string[]>,
): Reply => ({
  type: 'json',
  code,
  body,
  ...(contentType ? { contentType } : {}),
  ...(headers ? { headers } : {}),
});

/** Writes a reply. */
export const send = async (res: ServerResponse, reply: Reply): Promise<void> => {
  switch (reply.type) {
    case 'json':
      for (const [k, v] of Object.entries(reply.headers ?? {})) res.setHeader(k, v);
      return sendJson(res, reply.code, reply.body, reply.contentType);
    case 'bytes':
      res.writeHead(reply.code, reply.headers);
      res.end(reply.body);
      return;
    case 'jsonText':
      return sendJsonText(res, reply.code, reply.body);
    case 'text':
      res.writeHead(reply.code, { 'content-type': 'text/plain' }).end(reply.body);
      return;
    case 'stream':
      return reply.start(res);
  }
};

import type { IncomingMessage } from 'node:http';
import { loadText } from '../loader/index.js';
import { YAML_SYNTAX_ADVICE } from '../loader/errors.js';
import { DEFAULT_LOAD_LIMITS } from '../loader/limits.js';
import { inspectDocument } from '../loader/walk.js';
import { describeJsonError } from './jsonError.js';
import { duplicateJsonKey } from './jsonDuplicates.js';
import { decodeProtobufObject, PROTOBUF_CONTENT_TYPE } from './api/protobuf.js';
import { formatBytes } from '../loader/index.js';
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../model/index.js';

/** kube-apiserver's request body limit. */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export type BodyFormat =
  'json' | 'yaml' | 'merge-patch' | 'strategic-merge-patch' | 'json-patch' | 'apply-patch' | 'protobuf';

const TYPES: Record<string, BodyFormat> = {
  'application/json': 'json',
  'application/yaml': 'yaml',
  'application/merge-patch+json': 'merge-patch',
  'application/strategic-merge-patch+json': 'strategic-merge-patch',
  'application/json-patch+json': 'json-patch',
  'application/apply-patch+yaml': 'apply-patch',
  // kubectl sends `create secret` and `create namespace` bodies as protobuf
  [PROTOBUF_CONTENT_TYPE]: 'protobuf',
};

export const bodyFormat = (req: IncomingMessage): BodyFormat => {
  const type = (req.headers['content-type'] ?? 'application/json').split(';')[0]!.trim().toLowerCase();
  const format = TYPES[type];
  if (!format)
    throw new UnsupportedMediaTypeError(
      `content type ${JSON.stringify(type)} is not supported; send ${Object.keys(TYPES).join(', ')}`,
    );
  return format;
};

/** What to do about an object over {@link MAX_BODY_BYTES}. */
const OBJECT_TOO_LARGE =
  'kube-apiserver refuses the same: keep large data (model weights, big values files, datasets) out ' +
  'of the object, in a registry or a volume it refers to';

/**
 * Reads the body with the 3 MiB cap (or `limit`); bigger bodies are refused (413) without being
 * buffered, with `fix` (what to do about it) in the message.
 */
export const readBody = async (
  req: IncomingMessage,
  limit = MAX_BODY_BYTES,
  fix = OBJECT_TOO_LARGE,
): Promise<Buffer> => {
  const over = (size: string) =>
    new PayloadTooLargeError(
      `request body${size} is over the limit of ${formatBytes(limit)} (${limit} bytes); ${fix}`,
    );
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.resume();
    throw over(` of ${declared} bytes`);
  }
  // Plain 'data' events: cheaper per request than an async iterator over the stream.
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(over(''));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    // A client that goes away mid-body is not a server error: nothing to answer, nothing to log.
    req.on('error', () => reject(new ClientGoneError()));
    req.on('close', () => {
      if (!req.complete) reject(new ClientGoneError());
    });
  });
};

/** The client closed the connection before its request was read whole. */
export class ClientGoneError extends Error {
  constructor() {
    super('the client closed the connection before its request was read');
  }
}

/**
 * A loader message without what it quotes from the text (a duplicate key's name, a tag, an
 * alias, parser context): a body may hold Secret values, and messages reach answers and the audit log.
 * The loader's own advice quotes nothing of the body: it stays as written.
 */
const withoutQuotes = (message: string): string =>
  message
    .split(YAML_SYNTAX_ADVICE)
    .map((part) => part.replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'/g, '(not shown)'))
    .join(YAML_SYNTAX_ADVICE);

/** Refuses what the loader refuses in a document: unsafe keys, too deep, too large. */
const refuseUnsafe = (value: object): void => {
  const report = inspectDocument(value, { ...DEFAULT_LOAD_LIMITS }, false);
  const f = report.findings[0];
  if (f)
    throw new BadRequestError(`request body: ${f.message}`, {
      causes: [{ reason: f.code, message: f.message }],
    });
};

/**
 * Parses a body as JSON or YAML with the loader's safety rules: no `__proto__`/`constructor`/
 * `prototype` keys, bounded depth and size, no alias bombs. Returns any JSON value.
 */
export const parseBody = (bytes: Buffer, format: BodyFormat): unknown => {
  if (format === 'protobuf') {
    const r = decodeProtobufObject(bytes);
    if (!r.ok) throw new UnsupportedMediaTypeError(`${r.message}; send JSON`);
    // The same key checks as JSON: a `__proto__` label is refused, not dropped.
    refuseUnsafe(r.object);
    return r.object;
  }
  const text = bytes.toString('utf8');
  if (format === 'yaml' || format === 'apply-patch') {
    const r = loadText(text, 'request body');
    const problem = r.issues[0];
    if (problem) {
      const message = withoutQuotes(problem.message);
      throw new BadRequestError(`request body: ${message}`, {
        causes: [{ reason: problem.code, message }],
      });
    }
    if (r.documents.length !== 1)
      throw new BadRequestError(`request body must hold exactly one object, found ${r.documents.length}`);
    return r.documents[0]!.object;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // V8's message quotes the body around the error (Secret values included): never pass it on.
    throw new BadRequestError(`request body is not valid JSON: ${describeJsonError(text)}`);
  }
  if (value !== null && typeof value === 'object') {
    refuseUnsafe(value);
    const twice = duplicateJsonKey(text, value);
    if (twice !== undefined)
      throw new BadRequestError(
        `request body: duplicate field ${JSON.stringify(twice)}: each key may appear only once in an object (JSON would keep only the last); remove one`,
        { causes: [{ reason: 'FieldValueDuplicate', message: 'duplicate field', field: twice }] },
      );
  }
  return value;
};

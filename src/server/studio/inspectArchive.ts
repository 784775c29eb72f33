/**
 * Runs the CPU-bound half of a Studio import (unpack, parse, check every object) on one worker
 * thread, started on first use and shared by every import of the process: the event loop keeps
 * serving reads and health checks meanwhile (issue #10: a 5,003-object import stalled every request
 * for 4.7 s). Archives queue for the worker in arrival order; the worker's heap is bounded, so a
 * hostile archive that slips past the archive limits costs the worker, never the server.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InvalidError } from '../../model/index.js';
import type { ArchiveReport } from '../../studio/archiveContent.js';

/** A message to the worker: one archive. */
export interface InspectRequest {
  id: number;
  bytes: Uint8Array;
}

/** The worker's answer: the report and the digest of studio.yaml, or why the archive is refused. */
export type InspectReply =
  | { id: number; report: ArchiveReport; digest?: string }
  | { id: number; archiveError: { code: string; message: string } }
  | { id: number; error: string };

/** What an inspected archive gives the import. */
export interface Inspected {
  report: ArchiveReport;
  /** sha256 of studio.yaml, when the archive has one. */
  digest?: string;
}

/** The worker's heap bound: well above what the archive limits let through (100 MiB unpacked). */
const WORKER_HEAP_MB = 1024;

/**
 * The compiled worker script. Under the test runner this module is TypeScript source with no
 * compiled sibling: the build's copy in `dist/` is used (tests run after `npm run build`).
 */
const workerScript = (): string => {
  const here = fileURLToPath(import.meta.url);
  const sibling = join(dirname(here), 'inspectWorker.js');
  if (here.endsWith('.js') || existsSync(sibling)) return sibling;
  const root = here.slice(0, here.lastIndexOf(`${'/'}src${'/'}`));
  return join(root, 'dist', 'src', 'server', 'studio', 'inspectWorker.js');
};

let worker: Worker | undefined;
let nextId = 0;
const waiting = new Map<number, { resolve: (r: Inspected) => void; reject: (e: Error) => void }>();

const start = (): Worker => {
  const w = new Worker(workerScript(), { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
  w.unref(); // an idle worker does not keep the process alive
  w.on('message', (reply: InspectReply) => {
    const p = waiting.get(reply.id);
    if (!p) return;
    waiting.delete(reply.id);
    if ('report' in reply)
      p.resolve({ report: reply.report, ...(reply.digest ? { digest: reply.digest } : {}) });
    else if ('archiveError' in reply)
      p.reject(
        new InvalidError(`the archive is refused: ${reply.archiveError.message}`, {
          causes: [{ reason: reply.archiveError.code, message: reply.archiveError.message }],
        }),
      );
    else p.reject(new Error(`the archive could not be checked: ${reply.error}`));
  });
  // A worker that dies (out of memory on a hostile archive) fails what it held; the next import
  // starts a new one.
  const fail = (why: string) => {
    if (worker === w) worker = undefined;
    for (const [id, p] of waiting) {
      waiting.delete(id);
      p.reject(
        new InvalidError(`the archive is refused: ${why}`, {
          causes: [{ reason: 'ArchiveCheckFailed', message: why }],
        }),
      );
    }
  };
  w.on('error', (e) => fail(`checking it failed (${e.message})`));
  w.on('exit', (code) =>
    fail(`checking it stopped the checker (exit code ${code}); it is too large or malformed`),
  );
  return w;
};

/** Unpacks and checks an archive on the worker thread. */
export const inspectArchive = (bytes: Buffer): Promise<Inspected> =>
  new Promise((resolve, reject) => {
    const id = nextId++;
    waiting.set(id, { resolve, reject });
    worker ??= start();
    worker.ref(); // busy: keep the process alive until the answer is in
    const copy = new Uint8Array(bytes); // transferred to the worker, so the caller's buffer stays whole
    worker.postMessage({ id, bytes: copy } satisfies InspectRequest, [copy.buffer]);
  }).finally(() => {
    if (waiting.size === 0) worker?.unref();
  }) as Promise<Inspected>;

/** Stops the worker (server shutdown); a later import starts a new one. */
export const stopInspector = async (): Promise<void> => {
  const w = worker;
  worker = undefined;
  await w?.terminate();
};

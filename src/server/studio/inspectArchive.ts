/**
 * Runs the CPU-bound half of a Studio import (unpack, parse, check every object) on one worker
 * thread: the event loop keeps serving reads and health checks meanwhile (issue #10: a 5,003-object
 * import stalled every request for 4.7 s). Archives queue for the worker in arrival order; the
 * worker's heap is bounded, so a hostile archive that slips past the archive limits costs the
 * worker, never the server. A worker that has answered every archive it was given is retired (a V8
 * heap does not give back what a large archive made it grow: issue #11 item 4) once it has checked
 * a few MiB of archives, and a fresh one is started for the next import, before the import's
 * transaction grows the main thread's heap.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InvalidError } from '../../model/index.js';
import type { ArchiveManifest, ArchiveReport } from '../../studio/archiveContent.js';

/** A message to the worker: one archive. */
export interface InspectRequest {
  id: number;
  bytes: Uint8Array;
}

/**
 * The worker's answer: chunks of the objects as JSON text (`more`), then the report (without its
 * objects: the last of them come in its `manifests`) and the digest of studio.yaml, or why the
 * archive is refused.
 */
export type InspectReply =
  | { id: number; manifests: ArchiveManifest[]; more: true }
  | {
      id: number;
      report: ArchiveReport;
      manifests: ArchiveManifest[];
      digest?: string;
      /** The archive's size unpacked: what the worker's heap grew with. */
      unpacked: number;
    }
  | { id: number; archiveError: { code: string; message: string } }
  | { id: number; error: string };

/** What an inspected archive gives the import. */
export interface Inspected {
  /**
   * The report; its `objects` are those with issues (errors or warnings) and carry no `object`
   * (every schema-valid object is in `manifests`).
   */
  report: ArchiveReport;
  /** Every schema-valid object as JSON text, in the report's order: parsed one at a time to be written. */
  manifests: ArchiveManifest[];
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

/** What the thread that sent an archive is told: its chunks of manifests, then the outcome. */
interface Waiter {
  chunk: (manifests: ArchiveManifest[]) => void;
  resolve: (r: Inspected) => void;
  reject: (e: Error) => void;
}
type Waiting = Map<number, Waiter>;

/**
 * A worker that has checked this many archive bytes since it started (unpacked: a 50,000-manifest
 * archive is 1.7 MB packed and 70 MB of YAML, and its worker's heap held 250 MB until the server
 * stopped) is retired once idle: small imports keep one warm worker (starting one costs about a
 * third of a second: its modules and validators load again), large ones give their heap back.
 */
export const inspectorLimits = { retireAfterBytes: 4 * 1024 * 1024 };

/** The worker that takes the next archive, and the archives each worker holds. */
let worker: { thread: Worker; waiting: Waiting; bytes: number } | undefined;
let nextId = 0;

const start = (): { thread: Worker; waiting: Waiting; bytes: number } => {
  const thread = new Worker(workerScript(), {
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
  });
  const self = { thread, waiting: new Map() as Waiting, bytes: 0 };
  thread.unref(); // an idle worker does not keep the process alive
  thread.on('message', (reply: InspectReply) => {
    const p = self.waiting.get(reply.id);
    if (!p) return;
    if ('more' in reply) return p.chunk(reply.manifests);
    if ('report' in reply && reply.manifests.length) p.chunk(reply.manifests);
    self.waiting.delete(reply.id);
    if ('unpacked' in reply) self.bytes += reply.unpacked;
    if (self.waiting.size === 0 && self.bytes >= inspectorLimits.retireAfterBytes) retire(self);
    else if (self.waiting.size === 0) self.thread.unref();
    if ('report' in reply)
      p.resolve({ report: reply.report, manifests: [], ...(reply.digest ? { digest: reply.digest } : {}) });
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
    if (worker === self) worker = undefined;
    for (const [id, p] of self.waiting) {
      self.waiting.delete(id);
      p.reject(
        new InvalidError(`the archive is refused: ${why}`, {
          causes: [{ reason: 'ArchiveCheckFailed', message: why }],
        }),
      );
    }
  };
  thread.on('error', (e) => fail(`checking it failed (${e.message})`));
  thread.on('exit', (code) =>
    fail(`checking it stopped the checker (exit code ${code}); it is too large or malformed`),
  );
  return self;
};

/**
 * Ends a worker that holds no archive any more, giving its heap back, and starts the one the next
 * import will use (idle and unreferenced until then).
 */
const retire = (w: { thread: Worker; waiting: Waiting; bytes: number }): void => {
  if (worker === w) worker = start();
  w.thread.removeAllListeners('exit');
  void w.thread.terminate();
};

/**
 * An archive being checked: its objects as they are checked, in write order (kinds in dependency
 * order, the bundle first), then the verdict.
 */
export interface InspectionStream {
  /** The next manifests; undefined once every object checked has come (`result` is settled then). */
  next(): Promise<ArchiveManifest[] | undefined>;
  /** The report (its `manifests` empty: they came through `next`); rejects when the archive is refused. */
  result: Promise<Inspected>;
  /** Drops the manifests still to come (the import gave up). */
  cancel(): void;
}

/** Unpacks and checks an archive on the worker thread, handing its objects over as they are checked. */
export const streamArchive = (bytes: Buffer): InspectionStream => {
  const w = (worker ??= start());
  const queue: ArchiveManifest[][] = [];
  let wake: (() => void) | undefined;
  let done = false;
  let cancelled = false;
  const settled = () => {
    done = true;
    wake?.();
  };
  const result = new Promise<Inspected>((resolve, reject) => {
    const id = nextId++;
    w.waiting.set(id, {
      chunk: (manifests) => {
        if (cancelled) return;
        queue.push(manifests);
        wake?.();
      },
      resolve: (r) => (resolve(r), settled()),
      reject: (e) => (reject(e), settled()),
    });
    w.bytes += bytes.length;
    w.thread.ref(); // busy: keep the process alive until the answer is in
    const copy = new Uint8Array(bytes); // transferred to the worker, so the caller's buffer stays whole
    w.thread.postMessage({ id, bytes: copy } satisfies InspectRequest, [copy.buffer]);
  });
  // Observed here too: a refusal is read by whoever awaits `result`, not reported as unhandled.
  result.catch(() => undefined);
  const next = async (): Promise<ArchiveManifest[] | undefined> => {
    while (queue.length === 0 && !done) await new Promise<void>((r) => (wake = r));
    wake = undefined;
    return queue.shift();
  };
  return {
    next,
    result,
    cancel: () => {
      cancelled = true;
      queue.length = 0;
    },
  };
};

/** Unpacks and checks an archive on the worker thread: the report and every object, in the report's order. */
export const inspectArchive = async (bytes: Buffer): Promise<Inspected> => {
  const stream = streamArchive(bytes);
  const manifests: ArchiveManifest[] = [];
  for (let chunk = await stream.next(); chunk; chunk = await stream.next()) manifests.push(...chunk);
  const inspected = await stream.result;
  // They came in write order; the report's order is the files' (sorted by path).
  manifests.sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  return { ...inspected, manifests };
};

/** The thread id of the worker the next archive goes to (undefined before the first import). */
export const inspectorThreadId = (): number | undefined => worker?.thread.threadId;

/** Stops the worker (server shutdown); a later import starts a new one. */
export const stopInspector = async (): Promise<void> => {
  const w = worker;
  worker = undefined;
  await w?.thread.terminate();
};

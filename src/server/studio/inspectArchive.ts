/**
 * Runs the CPU-bound half of a Studio import (unpack, parse, check every object) on one worker
 * thread: the event loop keeps serving reads and health checks meanwhile (issue #10: a 5,003-object
 * import stalled every request for 4.7 s). Archives queue for the worker in arrival order; the
 * worker's heap is bounded, so a hostile archive that slips past the archive limits costs the
 * worker, never the server. A worker that has answered every archive it was given is retired (a V8
 * heap does not give back what a large archive made it grow: issue #11 item 4) once it has checked
 * a few MiB of archives, and a fresh one is started for the next import once the server has been
 * idle for a moment (or by that import, if it comes first): not while the import that retired the
 * last one commits, its peak of memory (issue #11: the two starts stacked 40-60 MB on it).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
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
 * A message to the worker about an archive it is checking: a chunk of manifests was taken (its
 * bytes come back), or the import gave up (send no more manifests, just the verdict).
 */
export type InspectControl = { id: number; taken: Uint8Array } | { id: number; cancel: true };

/**
 * Manifests of one message: their texts one after the other in `texts` (transferred, not copied:
 * the main thread's heap does not hold them), each manifest with where its text ends.
 */
export interface ManifestChunk {
  manifests: (Omit<ArchiveManifest, 'json'> & { end: number })[];
  texts: Uint8Array;
  /** How far the check had got when the chunk was sent (0 to 1, by bytes of the archive read). */
  progress: number;
}

/**
 * The worker's answer: chunks of the objects as JSON text, then the report (its objects are those
 * with issues, without their objects) and the digest of studio.yaml, or why the archive is refused.
 */
export type InspectReply =
  | { id: number; chunk: ManifestChunk }
  | {
      id: number;
      report: ArchiveReport;
      digest?: string;
      /** The archive's size unpacked: what the worker's heap grew with. */
      unpacked: number;
    }
  | { id: number; archiveError: { code: string; message: string } }
  | { id: number; error: string };

/**
 * A manifest as the import gets it: its text stays in its chunk's bytes (decoded each time it is
 * read, just before it is parsed, so no long-lived copy of it is made) until the chunk goes back to
 * the worker; then a text still needed (an object written at the end) is copied out.
 */
export class StreamedManifest implements ArchiveManifest {
  readonly kind: string;
  readonly name: string;
  readonly shapeChecked?: true;
  readonly order?: number;
  /** Where its text ends in its chunk's bytes. */
  private readonly end: number;
  private text: string | undefined;
  private gone = false;

  constructor(
    meta: ManifestChunk['manifests'][number],
    private readonly chunk: { bytes?: Buffer },
    private readonly start: number,
  ) {
    this.kind = meta.kind;
    this.name = meta.name;
    if (meta.shapeChecked) this.shapeChecked = true;
    if (meta.order !== undefined) this.order = meta.order;
    this.end = meta.end;
  }

  get json(): string {
    if (this.text !== undefined) return this.text;
    const bytes = this.chunk.bytes;
    if (!bytes) throw new Error(`the text of ${this.kind} ${this.name} was let go`);
    return bytes.toString('utf8', this.start, this.end);
  }

  /** Its text is not read again (the object is written, or kept as an object). */
  release(): void {
    this.gone = true;
  }

  /** Its chunk's bytes are about to go back to the worker: a text still needed is copied out. */
  detach(): void {
    if (!this.gone && this.text === undefined) this.text = this.json;
  }
}

/** The manifests of a chunk, reading their texts from its bytes. */
const unpack = (chunk: ManifestChunk) => {
  const held: { bytes?: Buffer } = {
    bytes: Buffer.from(chunk.texts.buffer, chunk.texts.byteOffset, chunk.texts.byteLength),
  };
  let start = 0;
  const manifests = chunk.manifests.map((meta) => {
    const m = new StreamedManifest(meta, held, start);
    start = meta.end;
    return m;
  });
  return { manifests, held };
};
type Unpacked = ReturnType<typeof unpack>;

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
 * The worker's young generation: half V8's default. What it parses lives briefly (a chunk is
 * handed over within 500 manifests), and the import's peak is the server's peak: measured at
 * 50,000 manifests, 10–20 MiB less RSS at the answer and no slower (issue #11).
 */
const WORKER_YOUNG_MB = 24;

/**
 * The compiled worker script: beside this module, which in the CLI's bundle is the bundle's own
 * entry (one file to load: the compiled modules took ~0.3 s to resolve and load, which the first
 * import after a start waited for; hence the URL of this chunk, not of the compiled module). Under
 * the test runner this module is TypeScript source with no compiled sibling: the build's copy in
 * `dist/` is used (tests run after `npm run build`).
 */
const workerScript = (): string => {
  const sibling = fileURLToPath(new URL('./inspectWorker.js', import.meta.url /* bundle-relative */));
  if (existsSync(sibling)) return sibling;
  const here = fileURLToPath(import.meta.url);
  const root = here.slice(0, here.lastIndexOf(`${'/'}src${'/'}`));
  return join(root, 'dist', 'src', 'server', 'studio', 'inspectWorker.js');
};

/** What the thread that sent an archive is told: its chunks of manifests, then the outcome. */
interface Waiter {
  chunk: (chunk: ManifestChunk) => void;
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
export const inspectorLimits = {
  retireAfterBytes: 4 * 1024 * 1024,
  /** How long after a retirement the next worker is started, if no import has started it. */
  restartAfterMs: 2_000,
};

/** The worker that takes the next archive, and the archives each worker holds. */
let worker: { thread: Worker; waiting: Waiting; bytes: number } | undefined;
let nextId = 0;
/** Set by {@link stopInspector} (server shutdown): no worker is started after a retirement then. */
let stopped = false;

const start = (): { thread: Worker; waiting: Waiting; bytes: number } => {
  const thread = new Worker(workerScript(), {
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
  });
  const self = { thread, waiting: new Map() as Waiting, bytes: 0 };
  thread.unref(); // an idle worker does not keep the process alive
  thread.on('message', (reply: InspectReply) => {
    const p = self.waiting.get(reply.id);
    if (!p) return;
    if ('chunk' in reply) return p.chunk(reply.chunk);
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
 * import will use (idle and unreferenced until then) a moment later.
 */
const retire = (w: { thread: Worker; waiting: Waiting; bytes: number }): void => {
  if (worker === w) {
    worker = undefined;
    setTimeout(() => {
      if (!worker && !stopped) worker = start();
    }, inspectorLimits.restartAfterMs).unref();
  }
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
  /**
   * Settles once writing should begin to finish about when the check does: half the archive is
   * checked, or the text waiting to be taken is {@link READY_BYTES}, or the check is over.
   */
  ready: Promise<void>;
  /** How many manifests have come and not been taken yet. */
  readonly waiting: number;
}

/**
 * The text waiting for the import that starts its writes even before half the archive is checked:
 * a large archive does not wait in memory (the worker stops at 6 MiB untaken). Not more: the
 * import then writes the backlog in one burst, and at 8 MiB (16 ahead) that burst grew the main
 * thread's heap by 50 MB at 50,000 manifests.
 */
const READY_BYTES = 4 * 1024 * 1024;

/**
 * Unpacks and checks an archive on the worker thread, handing its objects over as they are checked.
 * The worker runs at most a few chunks ahead of what {@link InspectionStream.next} has taken (each
 * chunk taken goes back to it, which frees its bytes here at once): an import that writes more
 * slowly than the worker checks does not queue the whole archive's text on the main thread.
 */
export const streamArchive = (bytes: Buffer): InspectionStream => {
  stopped = false;
  const w = (worker ??= start());
  const id = nextId++;
  const queue: Unpacked[] = [];
  let current: Unpacked | undefined;
  let wake: (() => void) | undefined;
  let done = false;
  let cancelled = false;
  let waitingBytes = 0;
  let isReady: () => void = () => undefined;
  const ready = new Promise<void>((r) => (isReady = r));
  const settled = () => {
    done = true;
    isReady();
    wake?.();
  };
  /** Gives a chunk's bytes back to the worker (transferred: they are gone from this thread at once). */
  const giveBack = (chunk: Unpacked) => {
    for (const m of chunk.manifests) m.detach();
    const texts = chunk.held.bytes!;
    waitingBytes -= texts.byteLength;
    chunk.held.bytes = undefined;
    const taken = new Uint8Array(texts.buffer, texts.byteOffset, texts.byteLength);
    w.thread.postMessage({ id, taken } satisfies InspectControl, [taken.buffer as ArrayBuffer]);
  };
  const result = new Promise<Inspected>((resolve, reject) => {
    w.waiting.set(id, {
      chunk: (chunk) => {
        const unpacked = unpack(chunk);
        waitingBytes += chunk.texts.byteLength;
        if (cancelled) return giveBack(unpacked);
        queue.push(unpacked);
        if (chunk.progress >= 0.5 || waitingBytes >= READY_BYTES) isReady();
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
    // The chunk handed out last has been gone through: its bytes go back.
    if (current) giveBack(current);
    current = undefined;
    while (queue.length === 0 && !done) await new Promise<void>((r) => (wake = r));
    wake = undefined;
    current = queue.shift();
    return current?.manifests;
  };
  return {
    next,
    result,
    ready,
    get waiting() {
      return queue.reduce((n, chunk) => n + chunk.manifests.length, 0);
    },
    cancel: () => {
      if (cancelled) return;
      cancelled = true;
      if (current) giveBack(current);
      current = undefined;
      for (const chunk of queue.splice(0)) giveBack(chunk);
      if (!done) w.thread.postMessage({ id, cancel: true } satisfies InspectControl);
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
  stopped = true;
  const w = worker;
  worker = undefined;
  await w?.thread.terminate();
};

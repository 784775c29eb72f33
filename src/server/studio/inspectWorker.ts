/**
 * Worker thread of the Studio import: reads an archive as a stream and checks every file and
 * object ({@link inspectArchiveStream}), the CPU-bound half of an import, so that the server's
 * event loop keeps answering while a 5,000-object archive is parsed, and hands each object over as
 * soon as it is checked. It holds no state between archives; archives are checked one at a time.
 */
import { parentPort } from 'node:worker_threads';
import { inspectArchiveStream } from '../../studio/archiveStream.js';
import type { ArchiveManifest } from '../../studio/archiveContent.js';
import { enablePrecompiledValidators } from '../../rules/precompiled.js';
import { ArchiveError } from '../../studio/index.js';
import type { InspectControl, InspectReply, InspectRequest, ManifestChunk } from './inspectArchive.js';

enablePrecompiledValidators();

/**
 * Manifests go to the import this many to a message, as they are checked: the import writes the
 * first ones while the worker parses the next files, and neither thread holds the text of every
 * object at once. Not fewer: each message costs the worker about as much as 500 objects' text to
 * send (100 to a message, postMessage was 260 ms of a 10,000-manifest archive's 2.9 s of checking).
 */
const MANIFEST_CHUNK = 500;
/**
 * How far the worker runs ahead of the import: two chunks not yet taken, or more while they hold
 * less text than this (the import takes none before it starts writing: see {@link streamArchive}).
 */
const CHUNKS_AHEAD = 2;
const BYTES_AHEAD = 6 * 1024 * 1024;
/**
 * The longest the worker waits for the import to take a chunk before it goes on anyway: a guard,
 * not a budget (an import waits for the write lane while an earlier one writes; the archives of
 * both are checked in the order their transactions run, so none waits for the other's check).
 */
const PACE_GUARD_MS = 2_000;

/**
 * The next chunk of manifests: each text is written into one buffer as soon as the manifest is
 * checked, so that it dies young (500 texts held until a chunk was sent outlived the young
 * generation, and the worker's old one filled with them).
 */
class ChunkWriter {
  private metas: ManifestChunk['manifests'] = [];
  private buffer = Buffer.allocUnsafeSlow(1024 * 1024);
  private used = 0;

  get length(): number {
    return this.metas.length;
  }

  add({ json, ...meta }: ArchiveManifest): void {
    const size = Buffer.byteLength(json);
    if (this.used + size > this.buffer.length) {
      const larger = Buffer.allocUnsafeSlow(Math.max(2 * this.buffer.length, this.used + size));
      this.buffer.copy(larger, 0, 0, this.used);
      this.buffer = larger;
    }
    this.used += this.buffer.write(json, this.used);
    this.metas.push({ ...meta, end: this.used });
  }

  /** The chunk so far (its texts in a buffer of their own, transferred whole); starts the next. */
  take(progress: number): ManifestChunk {
    const texts = new Uint8Array(new ArrayBuffer(this.used));
    texts.set(this.buffer.subarray(0, this.used));
    const chunk = { manifests: this.metas, texts, progress };
    this.metas = [];
    this.used = 0;
    return chunk;
  }

  clear(): void {
    this.metas = [];
    this.used = 0;
  }
}

/** What the import has said about the archives being checked (by id). */
const controls = new Map<number, { taken(bytes: number): void; cancel(): void }>();
/** Archives given up before their check began (ids only grow: a later id has not begun yet). */
const cancelledEarly = new Set<number>();
let lastBegun = -1;

const check = async ({ id, bytes }: InspectRequest): Promise<InspectReply> => {
  const manifests = new ChunkWriter();
  let ahead = 0;
  lastBegun = id;
  let cancelled = cancelledEarly.delete(id);
  let wake: (() => void) | undefined;
  const resume = () => {
    wake?.();
    wake = undefined;
  };
  let aheadBytes = 0;
  let progress = 0;
  controls.set(id, {
    taken: (bytes) => {
      ahead--;
      aheadBytes -= bytes;
      resume();
    },
    cancel: () => {
      cancelled = true;
      manifests.clear();
      resume();
    },
  });
  const send = () => {
    if (manifests.length && !cancelled) {
      const chunk = manifests.take(progress);
      ahead++;
      aheadBytes += chunk.texts.byteLength;
      parentPort!.postMessage({ id, chunk } satisfies InspectReply, [chunk.texts.buffer as ArrayBuffer]);
    }
    manifests.clear();
  };
  const pace = (done: number): Promise<void> | undefined => {
    progress = done;
    if (cancelled || ahead < CHUNKS_AHEAD || aheadBytes < BYTES_AHEAD) return undefined;
    return new Promise<void>((r) => {
      wake = r;
      setTimeout(resume, PACE_GUARD_MS).unref();
    });
  };
  try {
    // Objects go to the import as JSON text, in write order, as soon as their own shape is checked
    // (the bundle at once: the import needs it first); the report, with the rules that read other
    // objects and the digests, comes last.
    const { report, digest, unpacked } = await inspectArchiveStream(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      (m) => {
        if (cancelled) return;
        manifests.add(m);
        if (manifests.length >= MANIFEST_CHUNK || m.kind === 'ProfileBundle') send();
      },
      pace,
    );
    send();
    // The results of objects without issues say nothing the manifests do not: only the others
    // come, without their objects (50,000 clean results were 12 MB on both sides of the message).
    const objects = report.objects.filter((o) => o.issues.length > 0).map(({ object: _o, ...o }) => o);
    return { id, report: { ...report, objects }, unpacked, ...(digest ? { digest } : {}) };
  } catch (e) {
    return e instanceof ArchiveError
      ? { id, archiveError: { code: e.code, message: e.message } }
      : { id, error: e instanceof Error ? e.message : String(e) };
  } finally {
    controls.delete(id);
  }
};

// One archive at a time: a second import's archive waits for the first (as when the check was one
// synchronous call), rather than both being held half-read.
let queue = Promise.resolve();
parentPort!.on('message', (message: InspectRequest | InspectControl) => {
  if ('taken' in message) return controls.get(message.id)?.taken(message.taken.byteLength);
  if ('cancel' in message) {
    const control = controls.get(message.id);
    if (control) control.cancel();
    else if (message.id > lastBegun) cancelledEarly.add(message.id);
    return;
  }
  queue = queue.then(async () => parentPort!.postMessage(await check(message)));
});

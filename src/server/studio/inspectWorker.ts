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
import type { InspectReply, InspectRequest } from './inspectArchive.js';

enablePrecompiledValidators();

/**
 * Manifests go to the import this many to a message, as they are checked: the import writes the
 * first ones while the worker parses the next files, and neither thread holds the text of every
 * object at once. Not fewer: each message costs the worker about as much as 500 objects' text to
 * send (100 to a message, postMessage was 260 ms of a 10,000-manifest archive's 2.9 s of checking).
 */
const MANIFEST_CHUNK = 500;

const check = async ({ id, bytes }: InspectRequest): Promise<InspectReply> => {
  let manifests: ArchiveManifest[] = [];
  const send = () => {
    if (manifests.length) parentPort!.postMessage({ id, manifests, more: true } satisfies InspectReply);
    manifests = [];
  };
  try {
    // Objects go to the import as JSON text, in write order, as soon as their own shape is checked
    // (the bundle at once: the import needs it first); the report, with the rules that read other
    // objects and the digests, comes last.
    const { report, digest, unpacked } = await inspectArchiveStream(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      (m) => {
        manifests.push(m);
        if (manifests.length >= MANIFEST_CHUNK || m.kind === 'ProfileBundle') send();
      },
    );
    // The results of objects without issues say nothing the manifests do not: only the others
    // come, without their objects (50,000 clean results were 12 MB on both sides of the message).
    const objects = report.objects.filter((o) => o.issues.length > 0).map(({ object: _o, ...o }) => o);
    return { id, report: { ...report, objects }, manifests, unpacked, ...(digest ? { digest } : {}) };
  } catch (e) {
    return e instanceof ArchiveError
      ? { id, archiveError: { code: e.code, message: e.message } }
      : { id, error: e instanceof Error ? e.message : String(e) };
  }
};

// One archive at a time: a second import's archive waits for the first (as when the check was one
// synchronous call), rather than both being held half-read.
let queue = Promise.resolve();
parentPort!.on('message', (request: InspectRequest) => {
  queue = queue.then(async () => parentPort!.postMessage(await check(request)));
});

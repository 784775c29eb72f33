/**
 * Worker thread of the Studio import: unpacks an archive and checks every file and object
 * (`readArchive` + `inspectFiles`), the CPU-bound half of an import, so that the server's event
 * loop keeps answering while a 5,000-object archive is parsed. It holds no state between archives.
 */
import { parentPort } from 'node:worker_threads';
import { inspectFiles, takeManifests, type ArchiveManifest } from '../../studio/archiveContent.js';
import { enablePrecompiledValidators } from '../../rules/precompiled.js';
import { ArchiveError, readArchive, sha256, STUDIO_FILE } from '../../studio/index.js';
import type { InspectReply, InspectRequest } from './inspectArchive.js';

enablePrecompiledValidators();

/**
 * Manifests go to the import this many to a message: neither thread holds the text of every
 * object twice (as the message being built and as the strings it was built of).
 */
const MANIFEST_CHUNK = 1_000;

parentPort!.on('message', ({ id, bytes }: InspectRequest) => {
  let reply: InspectReply;
  try {
    const files = readArchive(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).files;
    const report = inspectFiles(files, true);
    const studio = files.get(STUDIO_FILE);
    // Objects go to the import as JSON text: a fraction of their size as objects, parsed one at a
    // time as they are written (the structured clone of 50,000 objects would hold them all at once).
    // The text goes in chunks as it is made, each object dropped once it is text.
    let manifests: ArchiveManifest[] = [];
    for (const m of takeManifests(report)) {
      manifests.push(m);
      if (manifests.length < MANIFEST_CHUNK) continue;
      parentPort!.postMessage({ id, manifests, more: true } satisfies InspectReply);
      manifests = [];
    }
    // The results of objects without issues say nothing the manifests do not: only the others come
    // (50,000 clean results were 12 MB on both sides of the message).
    const objects = report.objects.filter((o) => o.issues.length > 0);
    let unpacked = 0;
    for (const f of files.values()) unpacked += f.length;
    reply = {
      id,
      report: { ...report, objects },
      manifests,
      unpacked,
      ...(studio ? { digest: sha256(studio) } : {}),
    };
  } catch (e) {
    reply =
      e instanceof ArchiveError
        ? { id, archiveError: { code: e.code, message: e.message } }
        : { id, error: e instanceof Error ? e.message : String(e) };
  }
  parentPort!.postMessage(reply);
});

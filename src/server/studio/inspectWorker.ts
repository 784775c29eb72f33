/**
 * Worker thread of the Studio import: unpacks an archive and checks every file and object
 * (`readArchive` + `inspectFiles`), the CPU-bound half of an import, so that the server's event
 * loop keeps answering while a 5,000-object archive is parsed. It holds no state between archives.
 */
import { parentPort } from 'node:worker_threads';
import { inspectFiles } from '../../studio/archiveContent.js';
import { enablePrecompiledValidators } from '../../rules/precompiled.js';
import { ArchiveError, readArchive, sha256, STUDIO_FILE } from '../../studio/index.js';
import type { InspectReply, InspectRequest } from './inspectArchive.js';

enablePrecompiledValidators();

parentPort!.on('message', ({ id, bytes }: InspectRequest) => {
  let reply: InspectReply;
  try {
    const files = readArchive(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).files;
    const report = inspectFiles(files, true);
    const studio = files.get(STUDIO_FILE);
    reply = { id, report, ...(studio ? { digest: sha256(studio) } : {}) };
  } catch (e) {
    reply =
      e instanceof ArchiveError
        ? { id, archiveError: { code: e.code, message: e.message } }
        : { id, error: e instanceof Error ? e.message : String(e) };
  }
  parentPort!.postMessage(reply);
});

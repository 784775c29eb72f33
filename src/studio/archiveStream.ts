/**
 * An archive checked as it is read, never held decompressed (issue #11: the import's worker held a
 * 50,000-manifest archive's 80 MB tar, and every file in it, until its last object was checked).
 * The gzip stream is read twice: once for every file's path, digest and size (the limits and the
 * tar's checks apply there, as {@link readArchive} applies them), and once to check the files in
 * write order ({@link ArchiveInspector.order}), each as soon as it and every file before it in that
 * order are out of the stream. Files that come early in the tar (a packed archive's definitions come
 * before its bundle) wait as copies; the rest are read where they lie and let go.
 */
import { ArchiveInspector, type ArchiveReport, type FileDigest } from './archiveContent.js';
import type { ArchiveManifest } from './manifestStream.js';
import { scanArchive } from './readArchive.js';
import { sha256, STUDIO_FILE } from './studioFile.js';

/** What {@link inspectArchiveStream} finds. */
export interface StreamedInspection {
  /** The report; its `objects` are those with issues (the others went to `emit`). */
  report: ArchiveReport;
  /** sha256 of studio.yaml, when the archive has one. */
  digest?: string;
  /** The archive's size unpacked (what reading it cost), in bytes. */
  unpacked: number;
}

/**
 * Reads and checks a Studio `.tar.gz` (the archive limits, layout, digests, every object) as
 * {@link inspectFiles} with `emit` does, handing each object out in write order as it is checked;
 * throws an {@link ArchiveError} when the archive is refused, as {@link readArchive} does. While it
 * checks, `pace` (if given) is awaited between pieces of the stream, told how far the check has
 * got (0 to 1): the one who takes the objects can make it wait until it has taken those handed out.
 */
export const inspectArchiveStream = async (
  bytes: Buffer,
  emit: (manifest: ArchiveManifest) => void,
  pace?: (progress: number) => Promise<void> | undefined,
): Promise<StreamedInspection> => {
  const files = new Map<string, FileDigest>();
  let studio: Buffer | undefined;
  let unpacked = 0;
  const tarBytes = await scanArchive(bytes, (path, data) => {
    files.set(path, { sha256: sha256(data), size: data.length });
    unpacked += data.length;
    if (path === STUDIO_FILE) studio = Buffer.from(data);
  });
  const inspector = new ArchiveInspector([...files.keys()], true, emit);
  const order = inspector.order;
  const waiting = new Map<string, Buffer>();
  let at = 0;
  await scanArchive(
    bytes,
    (path, data) => {
      if (path === order[at]?.path) inspector.read(order[at++]!, data);
      else if (path !== STUDIO_FILE) waiting.set(path, Buffer.from(data)); // a view shares its chunk
      for (let next = order[at]; next && waiting.has(next.path); next = order[at]) {
        const early = waiting.get(next.path)!;
        waiting.delete(next.path);
        inspector.read(order[at++]!, early);
      }
    },
    {},
    pace && ((unpacked) => pace(unpacked / tarBytes)),
  );
  if (at !== order.length) throw new Error('the archive changed between its two readings');
  return {
    report: inspector.finish(files, studio),
    ...(studio ? { digest: sha256(studio) } : {}),
    unpacked,
  };
};

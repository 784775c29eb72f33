/**
 * Budgets for reading a Studio archive. Every one is checked before the work it guards is done, so
 * a hostile archive is refused in bounded time and memory.
 */
export interface ArchiveLimits {
  /** Largest accepted `.tar.gz` as received, in bytes. */
  maxCompressedBytes: number;
  /** Largest decompressed tar stream, in bytes; gunzip stops here (decompression bombs). */
  maxTotalBytes: number;
  /** Largest single file inside the archive, in bytes. */
  maxFileBytes: number;
  /** Most entries (files and directories) in one archive. */
  maxEntries: number;
  /** Longest entry path, in characters. */
  maxPathLength: number;
  /** Most path segments in one entry path (`a/b/c.yaml` has 3). */
  maxPathDepth: number;
}

const MiB = 1024 * 1024;

/** The defaults: 64 MiB compressed, 100 MiB decompressed, 5 MiB a file, 20,000 entries. */
export const DEFAULT_ARCHIVE_LIMITS: Readonly<ArchiveLimits> = Object.freeze({
  maxCompressedBytes: 64 * MiB,
  maxTotalBytes: 100 * MiB,
  maxFileBytes: 5 * MiB,
  maxEntries: 20_000,
  maxPathLength: 256,
  maxPathDepth: 8,
});

/** The defaults overlaid with the given limits. */
export const resolveArchiveLimits = (limits: Partial<ArchiveLimits> = {}): ArchiveLimits => ({
  ...DEFAULT_ARCHIVE_LIMITS,
  ...limits,
});

/** `5242880` → `5 MiB`, `1500` → `1500 bytes`: for messages. */
export const formatSize = (bytes: number): string =>
  bytes >= MiB && bytes % MiB === 0
    ? `${bytes / MiB} MiB`
    : bytes >= MiB
      ? `${(bytes / MiB).toFixed(1)} MiB`
      : `${bytes} bytes`;

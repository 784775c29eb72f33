/**
 * Stable codes for refusing a Studio archive. An archive with any of these problems is rejected
 * as a whole: nothing in it is read or imported.
 */
export const ARCHIVE_CODES = {
  AR001: 'The input is not a gzip file (wrong magic bytes), e.g. a YAML file or a plain tar.',
  AR002: 'The gzip stream is truncated or corrupt (bad CRC, bad deflate data).',
  AR003: 'The archive is larger than maxCompressedBytes.',
  AR004: 'The archive decompresses to more than maxTotalBytes (decompression bomb).',
  AR005: 'The tar stream is truncated: a header, its data or the end-of-archive marker is missing.',
  AR006: 'A tar header is corrupt: bad checksum, bad number field or bad pax record.',
  AR007: 'An entry path is absolute (`/x`, `////x`) or has a drive letter (`C:`).',
  AR008: 'An entry path has a `..` segment.',
  AR009: 'An entry path has a backslash.',
  AR010: 'An entry path has a NUL byte or another control character, or is not valid UTF-8.',
  AR011: 'An entry path is empty or has an empty or `.` segment (`a//b`, `a/./b`).',
  AR012: 'An entry path is longer than maxPathLength.',
  AR013: 'An entry path is deeper than maxPathDepth.',
  AR014: 'An entry is not a regular file or a directory (symlink, hardlink, device, FIFO, ...).',
  AR015: 'Two entries have the same path, also after case folding or Unicode normalisation.',
  AR016: 'The archive has more than maxEntries entries.',
  AR017: 'A file is larger than maxFileBytes.',
  AR018: 'The files add up to more than maxTotalBytes.',
  AR019: 'A pax header is not allowed here (global path or size, a link path).',
  AR020: 'Data follows the end-of-archive marker.',
  AR021: 'A file and a directory have the same path (`a` and `a/b`).',
} as const;

/** Codes of problems with the content of a Studio archive (the files themselves, not their bytes). */
export const STUDIO_CONTENT_CODES = {
  SA001: 'a file sits outside the Studio layout (SPEC §4)',
  SA002: 'an object of a kind its folder does not hold',
  SA003: 'an object names a namespace (the import chooses it)',
  SA004: 'profilebundle.yaml does not hold exactly one ProfileBundle',
  SA005: 'studio.yaml is missing or does not match its schema',
  SA006: 'studio.yaml disagrees with the ProfileBundle (name, version or type)',
} as const;

/** Codes of the problems `checkDigests` (studioFile.ts) reports. */
export const STUDIO_DIGEST_CODES = {
  SD001: 'A file listed in studio.yaml is missing from the archive.',
  SD002: 'A file of the archive is not listed in studio.yaml.',
  SD003: 'A file does not have the sha256 that studio.yaml lists.',
  SD004: 'studio.yaml lists the same path twice.',
} as const;

/** One of the {@link ARCHIVE_CODES}. */
export type ArchiveCode = keyof typeof ARCHIVE_CODES;

/**
 * Thrown when an archive is refused. `message` says what was wrong, names the entry when there is
 * one, and how to fix the archive; `code` is stable for scripts and docs.
 */
export class ArchiveError extends Error {
  override readonly name = 'ArchiveError';
  constructor(
    readonly code: ArchiveCode,
    message: string,
    /** The entry path concerned, as found in the archive, when there is one. */
    readonly entry?: string,
  ) {
    super(`${code}: ${message}`);
  }
}

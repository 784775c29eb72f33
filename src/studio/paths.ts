import { ArchiveError } from './errors.js';
import type { ArchiveLimits } from './limits.js';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const DRIVE = /^[A-Za-z]:/;

/** A path for messages: quoted as JSON so control characters and odd spaces show. */
export const showPath = (path: string): string =>
  JSON.stringify(path.length > 120 ? `${path.slice(0, 120)}…` : path);

/**
 * Checks an entry path as found in an archive and returns it normalised: leading `./` removed and,
 * for a directory, the trailing `/` removed (`''` for the archive root `./`). Throws
 * {@link ArchiveError} for anything that could escape, alias or overload the reader.
 */
export const checkEntryPath = (
  raw: string,
  isDirectory: boolean,
  limits: Pick<ArchiveLimits, 'maxPathLength' | 'maxPathDepth'>,
): string => {
  const shown = showPath(raw);
  if (raw.length > limits.maxPathLength)
    throw new ArchiveError(
      'AR012',
      `entry path ${shown} is ${raw.length} characters long; the limit is ${limits.maxPathLength}. ` +
        'Use shorter file and folder names.',
      raw,
    );
  if (CONTROL.test(raw))
    throw new ArchiveError(
      'AR010',
      `entry path ${shown} has a NUL byte or another control character; rename the file.`,
      raw,
    );
  if (raw.includes('\\'))
    throw new ArchiveError(
      'AR009',
      `entry path ${shown} has a backslash; archive paths use "/" only. Re-create the archive with a POSIX tar.`,
      raw,
    );
  if (raw.startsWith('/') || DRIVE.test(raw))
    throw new ArchiveError(
      'AR007',
      `entry path ${shown} is absolute; every path must be relative to the bundle root (e.g. "profilebundle.yaml").`,
      raw,
    );
  let path = raw;
  while (path.startsWith('./')) path = path.slice(2);
  if (isDirectory) {
    if (path === '' || path === '.') return '';
    if (path.endsWith('/')) path = path.slice(0, -1);
  }
  const segments = path.split('/');
  if (segments.includes('..'))
    throw new ArchiveError(
      'AR008',
      `entry path ${shown} has a ".." segment, which could write outside the bundle; remove it.`,
      raw,
    );
  if (segments.some((s) => s === '' || s === '.'))
    throw new ArchiveError(
      'AR011',
      `entry path ${shown} has an empty or "." segment; use plain paths such as "definitions/vllm.yaml".`,
      raw,
    );
  if (segments.length > limits.maxPathDepth)
    throw new ArchiveError(
      'AR013',
      `entry path ${shown} is ${segments.length} levels deep; the limit is ${limits.maxPathDepth}.`,
      raw,
    );
  return path;
};

/**
 * The key two paths share when they would name the same file on a case-insensitive or
 * normalising file system: NFKC, then case-folded (`A.yaml`, `a.yaml` and NFD twins collide).
 */
export const foldPath = (path: string): string => path.normalize('NFKC').toUpperCase().toLowerCase();

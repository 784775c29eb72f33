import { ArchiveError } from './errors.js';
import { foldPath, showPath } from './paths.js';

/**
 * The paths seen so far in one archive, folded (case and Unicode form), so that no two entries
 * can name the same file on any file system, and no file is also used as a directory.
 */
export class PathIndex {
  private readonly files = new Map<string, string>();
  private readonly dirs = new Map<string, string>();

  /** Records a directory entry (normalised, non-empty `path`); `raw` is for messages. */
  addDirectory(path: string, raw: string): void {
    const key = foldPath(path);
    const clash = this.files.get(key);
    if (clash !== undefined)
      throw new ArchiveError(
        'AR021',
        `directory ${showPath(raw)} has the same path as file ${showPath(clash)}.`,
        raw,
      );
    this.dirs.set(key, path);
  }

  /** Records a file entry and its parent folders; throws on any twin or file/folder clash. */
  addFile(path: string, raw: string): void {
    const key = foldPath(path);
    const twin = this.files.get(key);
    if (twin !== undefined)
      throw new ArchiveError(
        'AR015',
        twin === path
          ? `file ${showPath(path)} appears twice in the archive; keep one copy.`
          : `files ${showPath(twin)} and ${showPath(path)} differ only in case or Unicode form; rename one.`,
        raw,
      );
    const dir = this.dirs.get(key);
    if (dir !== undefined)
      throw new ArchiveError(
        'AR021',
        `file ${showPath(path)} has the same path as directory ${showPath(dir)}.`,
        raw,
      );
    const segments = path.split('/');
    for (let i = 1; i < segments.length; i++) {
      const parent = segments.slice(0, i).join('/');
      const parentKey = foldPath(parent);
      const parentFile = this.files.get(parentKey);
      if (parentFile !== undefined)
        throw new ArchiveError(
          'AR021',
          `file ${showPath(path)} is inside ${showPath(parentFile)}, which is a file.`,
          raw,
        );
      if (!this.dirs.has(parentKey)) this.dirs.set(parentKey, parent);
    }
    this.files.set(key, path);
  }
}

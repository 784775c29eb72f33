export { ARCHIVE_CODES, ArchiveError, type ArchiveCode } from './errors.js';
export { classify, STUDIO_LAYOUT, type Classification, type FileRole } from './layout.js';
export { DEFAULT_ARCHIVE_LIMITS, resolveArchiveLimits, type ArchiveLimits } from './limits.js';
export { packArchive, PACK_MTIME } from './pack.js';
export { readArchive, scanArchive, type ArchiveContents } from './readArchive.js';
export {
  buildStudioFile,
  checkDigests,
  sha256,
  STUDIO_API_VERSION,
  STUDIO_DIGEST_CODES,
  STUDIO_FILE,
  STUDIO_KIND,
  StudioFile,
  type StudioMeta,
} from './studioFile.js';

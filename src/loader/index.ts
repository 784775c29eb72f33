export { loadFiles, readAgain, type LoadFilesOptions, type ParallelOptions } from './files.js';
export { DEFAULT_LOAD_LIMITS, formatBytes, type LoadLimits } from './limits.js';
export { documentsOfText, loadText, type DocumentAt, type TextSource } from './text.js';
export type { LoadedDocument, LoadResult } from './types.js';

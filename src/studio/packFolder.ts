import { stringify } from 'yaml';
import { inspectFiles, type ArchiveReport } from './archiveContent.js';
import { readFolder } from './folder.js';
import { packArchive } from './pack.js';
import { buildStudioFile, STUDIO_FILE, type StudioMeta } from './studioFile.js';

/**
 * Packs a bundle folder: checks it, writes its studio.yaml (digests of every file) and returns the
 * reproducible archive, or the report of what is wrong (then `archive` is undefined).
 */
export const packFolder = async (dir: string): Promise<{ report: ArchiveReport; archive?: Buffer }> => {
  const files = await readFolder(dir);
  files.delete(STUDIO_FILE);
  const report = inspectFiles(files, false);
  if (!report.valid || !report.name || !report.version || !report.type) return { report };
  const meta: StudioMeta = {
    name: report.name,
    version: report.version,
    type: report.type as StudioMeta['type'],
    ...(report.description ? { description: report.description } : {}),
    labels: report.labels,
  };
  files.set(STUDIO_FILE, Buffer.from(stringify(buildStudioFile(meta, files))));
  return { report: inspectFiles(files, true), archive: packArchive(files) };
};

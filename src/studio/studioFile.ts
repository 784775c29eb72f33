import { createHash } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import type { Issue } from '../model/issue.js';
import { DNS1123_LABEL, NAME_LIMITS } from '../model/metadata.js';
import { byCodeUnits } from '../model/ordering.js';
import { STUDIO_DIGEST_CODES } from './errors.js';
import { BUNDLE_TYPES } from '../model/profileBundle.js';
import { Description, SemverString, StrictObject, StringEnum } from '../model/schema.js';

/** The path of the manifest at the root of every Studio archive. */
export const STUDIO_FILE = 'studio.yaml';
export const STUDIO_API_VERSION = 'studio.spectrocloud.com/v1';
export const STUDIO_KIND = 'StudioBundle';

export { STUDIO_DIGEST_CODES };

const StudioFileEntry = StrictObject({
  path: Type.String({ minLength: 1, maxLength: 256 }),
  sha256: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'Lowercase hex sha256 of the file.' }),
});

/** `studio.yaml` (SPEC §4): what the bundle is, and the sha256 of every other file of the archive. */
export const StudioFile = StrictObject(
  {
    apiVersion: Type.Literal(STUDIO_API_VERSION),
    kind: Type.Literal(STUDIO_KIND),
    metadata: StrictObject({
      name: Type.String({ minLength: 1, maxLength: NAME_LIMITS.labelMax, pattern: DNS1123_LABEL.source }),
      version: SemverString,
    }),
    spec: StrictObject({
      type: StringEnum(BUNDLE_TYPES),
      description: Type.Optional(Description),
      labels: Type.Optional(Type.Record(Type.String(), Type.String())),
      formatVersion: Type.Literal(1),
      files: Type.Array(StudioFileEntry, { maxItems: 20_000 }),
    }),
  },
  { description: 'The manifest of a Studio bundle archive.' },
);
export type StudioFile = Static<typeof StudioFile>;

/** What {@link buildStudioFile} needs besides the files. */
export interface StudioMeta {
  name: string;
  version: string;
  type: StudioFile['spec']['type'];
  description?: string;
  labels?: Record<string, string>;
}

/** Lowercase hex sha256 of some bytes. */
export const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

const byPath = (a: { path: string }, b: { path: string }): number => byCodeUnits(a.path, b.path);

/** Builds `studio.yaml` for the files (any `studio.yaml` among them is skipped), sorted by path. */
export const buildStudioFile = (
  meta: StudioMeta,
  files: Map<string, Buffer> | Record<string, Buffer>,
): StudioFile => {
  const entries = files instanceof Map ? [...files] : Object.entries(files);
  const list = entries
    .filter(([path]) => path !== STUDIO_FILE)
    .map(([path, data]) => ({ path, sha256: sha256(data) }))
    .sort(byPath);
  return {
    apiVersion: STUDIO_API_VERSION,
    kind: STUDIO_KIND,
    metadata: { name: meta.name, version: meta.version },
    spec: {
      type: meta.type,
      ...(meta.description !== undefined ? { description: meta.description } : {}),
      ...(meta.labels !== undefined ? { labels: { ...meta.labels } } : {}),
      formatVersion: 1,
      files: list,
    },
  };
};

const issue = (code: keyof typeof STUDIO_DIGEST_CODES, path: string, message: string): Issue => ({
  code,
  severity: 'error',
  path,
  message,
  file: STUDIO_FILE,
});

/**
 * Compares the archive's files with the digests `studio.yaml` lists: every listed file must be
 * there with that sha256, and every other file (except `studio.yaml`) must be listed. Returns the
 * problems, empty when all match. A file may be given by its digest alone (an archive read as a
 * stream does not keep its files).
 */
export const checkDigests = (
  studioFile: Pick<StudioFile, 'spec'>,
  files: Map<string, Buffer | { sha256: string }> | Record<string, Buffer>,
): Issue[] => {
  const actual = files instanceof Map ? files : new Map(Object.entries(files));
  const issues: Issue[] = [];
  const listed = new Set<string>();
  studioFile.spec.files.forEach((entry, i) => {
    const at = `spec.files[${i}]`;
    if (listed.has(entry.path)) {
      issues.push(issue('SD004', at, `"${entry.path}" is listed twice; list each file once.`));
      return;
    }
    listed.add(entry.path);
    const data = actual.get(entry.path);
    if (data === undefined) {
      issues.push(
        issue('SD001', at, `"${entry.path}" is listed but not in the archive; add it or remove the entry.`),
      );
      return;
    }
    const found = Buffer.isBuffer(data) ? sha256(data) : data.sha256;
    if (found !== entry.sha256)
      issues.push(
        issue(
          'SD003',
          `${at}.sha256`,
          `"${entry.path}" has sha256 ${found} but studio.yaml lists ${entry.sha256}; ` +
            'the file was changed after packing. Re-pack the bundle.',
        ),
      );
  });
  for (const path of actual.keys())
    if (path !== STUDIO_FILE && !listed.has(path))
      issues.push(
        issue(
          'SD002',
          'spec.files',
          `"${path}" is in the archive but not listed in studio.yaml; re-pack the bundle.`,
        ),
      );
  return issues;
};

/**
 * The objects of a Studio archive handed out while the archive is still being checked (issue #11:
 * the import wrote nothing until every file had been parsed and checked, then wrote for as long
 * again): each object whose shape is valid goes out as JSON text as soon as no object of a lower
 * write rank can follow it, so that the import writes them in dependency order while the next
 * files are parsed. The archive's verdict (cross-object rules, digests) comes last; the import
 * commits only on a valid one.
 */
import { inWriteOrder } from '../kinds/index.js';
import type { KubeObject } from '../model/index.js';
import { classify, STUDIO_LAYOUT } from './layout.js';

/** A schema-valid object of an archive as JSON text, with its kind and name (for import). */
export interface ArchiveManifest {
  kind: string;
  name: string;
  json: string;
  /**
   * The text gives back exactly the object whose shape (schema and metadata rules) was checked
   * without error; absent when JSON cannot carry one of its values (NaN, ±Infinity, -0 come back
   * as null or 0, which were never checked).
   */
  shapeChecked?: true;
  /** Where the object stands in the report (files by path, documents in file order): sorts like it. */
  order?: number;
}

/** Whether JSON text gives `v` back as it is. */
const jsonSafe = (v: unknown): boolean => {
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0);
  if (typeof v !== 'object' || v === null) return true;
  return (Array.isArray(v) ? v : Object.values(v)).every(jsonSafe);
};

/** A shape-checked object as a manifest (its text, and whether that text gives it back exactly). */
export const toManifest = (object: KubeObject, order?: number): ArchiveManifest => ({
  kind: object.kind,
  name: object.metadata.name,
  json: JSON.stringify(object),
  ...(jsonSafe(object) ? { shapeChecked: true as const } : {}),
  ...(order !== undefined ? { order } : {}),
});

const RANKS = new Map(
  inWriteOrder(STUDIO_LAYOUT.flatMap((l) => l.kinds).map((kind) => ({ kind }))).map((k, i) => [k.kind, i]),
);

/** A kind's place in the write order among the archive's kinds (unknown kinds last). */
export const writeRank = (kind: string): number => RANKS.get(kind) ?? RANKS.size;

/** The file that holds an archive's bundle: read first, its bundle goes out first. */
export const BUNDLE_FILE = 'profilebundle.yaml';

/**
 * The order to read an archive's files in (sorted by path) so that its objects come in write
 * order: the bundle's file first (the import needs the bundle before anything else), then the
 * folders by the lowest write rank of their kinds. Each file comes with the lowest rank any later
 * file may hold (`next`).
 */
export const streamOrder = (paths: readonly string[]): { path: string; next: number }[] => {
  const rankOf = (path: string) => {
    if (path === BUNDLE_FILE) return -1;
    const role = classify(path);
    return role.ok ? Math.min(...role.kinds.map(writeRank)) : Infinity;
  };
  const ranked = paths.map((path) => ({ path, rank: rankOf(path) })).sort((a, b) => a.rank - b.rank);
  return ranked.map(({ path }, i) => ({ path, next: ranked[i + 1]?.rank ?? Infinity }));
};

/**
 * Hands out manifests in write order: the bundle at once, the others once no file still to read
 * may hold an object of a lower rank (stable within a rank: the report's order).
 */
export class ManifestStream {
  private held: { rank: number; manifest: ArchiveManifest }[] = [];

  constructor(private readonly emit: (manifest: ArchiveManifest) => void) {}

  /** Offers a shape-checked object (the bundle goes out at once). */
  offer(object: KubeObject, order: number): void {
    const manifest = toManifest(object, order);
    if (object.kind === 'ProfileBundle') this.emit(manifest);
    else this.held.push({ rank: writeRank(object.kind), manifest });
  }

  /** A file is read; the files still to read hold objects of rank `next` or higher. */
  fileDone(next: number): void {
    const go = this.held.filter((h) => h.rank <= next);
    if (go.length === 0) return;
    this.held = this.held.filter((h) => h.rank > next);
    // Array.prototype.sort is stable: equal ranks keep the report's order.
    for (const h of go.sort((a, b) => a.rank - b.rank)) this.emit(h.manifest);
  }
}

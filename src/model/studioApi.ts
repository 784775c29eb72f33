/**
 * The Studio API's wire shapes: what `GET …/catalog` lists and what `POST …/imports` answers. The
 * server, the CLI and the web UI share them (types only).
 */

/** One bundle of the built-in catalog, as listed in `dist/catalog/index.json`. */
export interface CatalogEntry {
  name: string;
  version: string;
  type: string;
  description?: string;
  labels: Record<string, string>;
  variables: { name: string; type: string; default?: unknown; required: boolean }[];
  /** Archive file name inside the catalog folder. */
  file: string;
  sha256: string;
  size: number;
}

/** A bundle, pool or deployment of the namespace that an overwrite changes, and why (`via`). */
export interface AffectedObject {
  kind: 'ProfileBundle' | 'ComputePool' | 'AIWorkload';
  name: string;
  via: string;
}

/** What an import (or its dry run) did or would do. */
export interface ImportReport {
  namespace: string;
  bundle: { name: string; version: string; type: string };
  digest: string;
  dryRun: boolean;
  /** `imported`, `unchanged` (identical content already there) or `dry-run`. */
  result: 'imported' | 'unchanged' | 'dry-run';
  objects: { kind: string; name: string; action: 'create' | 'update' | 'unchanged' }[];
  /**
   * Packs of the archive's cluster profiles that the namespace's Palette registries lack (from the
   * `default` Settings' `palette.packRegistries`); empty when no Palette integration is configured.
   */
  missingPacks: { clusterProfile: string; pack: string; version: string; registry: string }[];
  /**
   * What an `--overwrite` changes beyond the archive's own bundle (SPEC §6): the other bundles of the
   * namespace that use an object the import replaces, and the ComputePools and AIWorkloads built on
   * them (or on the archive's bundle when its version is lowered). `via` names why: the replaced
   * object a bundle uses, or the bundle a pool or deployment is built on. Empty when nothing is shared.
   */
  affected: AffectedObject[];
  /** Set when the import lowers the stored bundle's `spec.version` (only with `--overwrite`). */
  downgrade?: { from: string; to: string };
}

import type { KubeObject } from '../../model/metadata.js';
import type { TableVersion } from './accept.js';
import { age } from './age.js';
import { columnsFor } from '../../kinds/index.js';

/** A cell value: what a `meta.k8s.io` Table row may hold. */
export type Cell = string | number | boolean | null;

/**
 * `meta.k8s.io` Table answers, what `kubectl get` asks for with
 * `Accept: application/json;as=Table;v=v1;g=meta.k8s.io,…` (see {@link acceptsTable}): column
 * definitions (NAME first, kind-specific columns, AGE last) and one row per object. The row's
 * `object` follows the `includeObject` query parameter: `Metadata` when absent (kube-apiserver's
 * default; kubectl relies on it for `-A`'s NAMESPACE column and `--show-labels`), `Object` (kubectl
 * asks for it with `--sort-by`), or `None`.
 */

/** What each row carries besides its cells (the `includeObject` query parameter). */
export type IncludeObject = 'Object' | 'Metadata' | 'None';

/** A column as a Table publishes it. */
export interface TableColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

/** One row: its cells, in column order, and the object (or its metadata) unless `None`. */
export interface TableRow {
  cells: Cell[];
  object?: Record<string, unknown>;
}

/** A `meta.k8s.io/v1` (or `v1beta1`) Table. */
export interface Table {
  kind: 'Table';
  apiVersion: string;
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

/** Options of {@link toTable}. */
export interface TableOptions {
  /** From the `includeObject` query parameter; default `Metadata`. */
  includeObject?: IncludeObject;
  /** The list's metadata (resourceVersion, continue, remainingItemCount). */
  listMeta?: Table['metadata'];
  /** Table version the client accepted; default `v1`. */
  version?: TableVersion;
  /** Leave `columnDefinitions` empty (watch events after the first, as kube-apiserver does). */
  noHeaders?: boolean;
  /** The clock for AGE; default the current time. */
  now?: Date;
}

const NAME_COLUMN: TableColumnDefinition = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name of the object, unique per kind and namespace.',
  priority: 0,
};
const AGE_COLUMN: TableColumnDefinition = {
  name: 'Age',
  type: 'date',
  format: '',
  description: 'Time since the object was created (metadata.creationTimestamp).',
  priority: 0,
};

/** The column definitions of a kind's Table: Name, the kind's own columns, Age. */
export const tableColumns = (kind: string): TableColumnDefinition[] => [
  NAME_COLUMN,
  ...columnsFor(kind).map((c) => ({
    name: c.name,
    type: c.type,
    format: c.format ?? '',
    description: c.description,
    priority: c.priority ?? 0,
  })),
  AGE_COLUMN,
];

/** The cells of one object's row, in {@link tableColumns} order. */
export const tableCells = (kind: string, o: KubeObject, now: Date = new Date()): Cell[] => [
  o.metadata.name,
  ...columnsFor(kind).map((c) => {
    try {
      return c.value(o);
    } catch {
      return null;
    }
  }),
  age(o.metadata.creationTimestamp, now),
];

/** The `PartialObjectMetadata` a row carries with `includeObject=Metadata`. */
export const partialObjectMetadata = (o: KubeObject, version: TableVersion = 'v1') => ({
  kind: 'PartialObjectMetadata',
  apiVersion: `meta.k8s.io/${version}`,
  metadata: o.metadata,
});

/**
 * Builds the Table of `objects` (all of kind `kind`; one object for a GET of a single name).
 * JSON-serialisable; send it with `Content-Type: ` {@link tableContentType}.
 */
export const toTable = (kind: string, objects: readonly KubeObject[], opts: TableOptions = {}): Table => {
  const include = opts.includeObject ?? 'Metadata';
  const version = opts.version ?? 'v1';
  const now = opts.now ?? new Date();
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${version}`,
    metadata: { ...(opts.listMeta ?? {}) },
    columnDefinitions: opts.noHeaders ? [] : tableColumns(kind),
    rows: objects.map((o) => ({
      cells: tableCells(kind, o, now),
      ...(include === 'Object'
        ? { object: o as Record<string, unknown> }
        : include === 'Metadata'
          ? { object: partialObjectMetadata(o, version) }
          : {}),
    })),
  };
};

/**
 * Reads the `includeObject` query parameter; undefined when absent, and when it is not one of the
 * three values (the server should then answer 400 BadRequest, as kube-apiserver does).
 */
export const parseIncludeObject = (value: string | null | undefined): IncludeObject | undefined =>
  value === 'Object' || value === 'Metadata' || value === 'None' ? value : undefined;

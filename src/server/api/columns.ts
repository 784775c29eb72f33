import { LABEL_AIWORKLOAD_TYPE, LABEL_INFERENCE_ENGINE } from '../../model/labels.js';
import type { KubeObject } from '../../model/metadata.js';

/**
 * The columns `kubectl get` shows for each kind (besides NAME first and AGE last), with how to read
 * each cell from an object. A missing value is `null`, which kubectl prints as `<none>`.
 */

/** A cell value: what a `meta.k8s.io` Table row may hold. */
export type Cell = string | number | boolean | null;

/** One column: its Table definition and how to compute its cell. */
export interface Column {
  name: string;
  /** OpenAPI type of the cells: `string`, `integer`, `number`, `boolean` or `date`. */
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format?: string;
  description: string;
  /** 0: always shown; higher: only with `-o wide`. */
  priority?: number;
  value: (o: KubeObject) => Cell;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
/** Reads a nested field; undefined when any step is missing. */
const at = (o: unknown, ...path: string[]): unknown => {
  let cur: unknown = o;
  for (const p of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Json)[p];
  }
  return cur;
};
const text = (v: unknown): Cell =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null;
const int = (v: unknown): Cell => (typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : null);
const names = (v: unknown): Cell => {
  if (!Array.isArray(v)) return null;
  const list = v.map((r) => at(r, 'name')).filter((n): n is string => typeof n === 'string');
  return list.length ? list.join(',') : null;
};
const label = (o: KubeObject, key: string): Cell => text(o.metadata.labels?.[key]);

const col = (name: string, type: Column['type'], description: string, value: Column['value']): Column => ({
  name,
  type,
  description,
  value,
});
const specCol = (name: string, field: string, description: string): Column =>
  col(name, 'string', description, (o) => text(at(o, 'spec', field)));
const phase = col('Phase', 'string', 'Lifecycle phase (status.phase).', (o) =>
  text(at(o, 'status', 'phase')),
);
const url = specCol('URL', 'url', 'Repository URL (spec.url).');

/** The middle columns of each kind; kinds not listed have none (NAME and AGE only). */
export const KIND_COLUMNS: Readonly<Record<string, readonly Column[]>> = {
  ProfileBundle: [
    specCol('Type', 'type', 'Application, Infrastructure or Fullstack (spec.type).'),
    specCol('Version', 'version', 'Version of the bundle (spec.version).'),
    phase,
    col('Engine', 'string', `Inference engine (label ${LABEL_INFERENCE_ENGINE}).`, (o) =>
      label(o, LABEL_INFERENCE_ENGINE),
    ),
  ],
  WorkloadProfile: [
    specCol('Type', 'type', 'Application, Model or Infrastructure (spec.type).'),
    col('Revision', 'integer', 'Current revision (status.revision).', (o) =>
      int(at(o, 'status', 'revision')),
    ),
  ],
  ClusterProfile: [
    specCol('Type', 'type', 'Infrastructure, Add-on or Full (spec.type).'),
    specCol('Cloud', 'cloudType', 'Cloud type (spec.cloudType).'),
    specCol('Version', 'version', 'Version of the profile (spec.version).'),
  ],
  ComputePool: [
    col('Bundle', 'string', 'Infrastructure bundle (spec.profileBundleRef.name).', (o) =>
      text(at(o, 'spec', 'profileBundleRef', 'name')),
    ),
    col('Variant', 'string', 'shared or dedicated (spec.clusterVariant).', (o) => {
      const v = obj(at(o, 'spec', 'clusterVariant'));
      return 'dedicated' in v ? 'dedicated' : 'shared' in v ? 'shared' : null;
    }),
    phase,
  ],
  AIWorkload: [
    col('Type', 'string', `app or model (label ${LABEL_AIWORKLOAD_TYPE}).`, (o) =>
      label(o, LABEL_AIWORKLOAD_TYPE),
    ),
    col('Bundles', 'string', 'Profile bundles (spec.profileBundleRefs).', (o) =>
      names(at(o, 'spec', 'profileBundleRefs')),
    ),
    col('Pool', 'string', 'Compute pool (spec.computePoolRef.name), or "dedicated".', (o) => {
      const ref = text(at(o, 'spec', 'computePoolRef', 'name'));
      return ref ?? (at(o, 'spec', 'dedicatedComputePool') !== undefined ? 'dedicated' : null);
    }),
    phase,
  ],
  Project: [
    specCol('Namespace', 'namespace', 'Namespace of the project (spec.namespace).'),
    col('Mappings', 'integer', 'Number of Model-as-a-Service mappings.', (o) => {
      const m = at(o, 'spec', 'maasMappings');
      return Array.isArray(m) ? m.length : 0;
    }),
  ],
  HelmRepository: [url],
  OCIRepository: [url],
  Secret: [
    col('Type', 'string', 'Type of the secret.', (o) => text(o['type']) ?? 'Opaque'),
    col(
      'Data',
      'integer',
      'Number of keys in data and stringData.',
      (o) => new Set([...Object.keys(obj(o['data'])), ...Object.keys(obj(o['stringData']))]).size,
    ),
  ],
  Namespace: [
    col('Status', 'string', 'Phase of the namespace.', (o) => text(at(o, 'status', 'phase')) ?? 'Active'),
  ],
};

/** Middle columns of a kind (empty when it has none). */
export const columnsFor = (kind: string): readonly Column[] => KIND_COLUMNS[kind] ?? [];

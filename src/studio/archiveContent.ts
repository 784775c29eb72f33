import { Ajv } from 'ajv';
import { loadText } from '../loader/index.js';
import { byCodeUnits, formatPath, type Issue, type ProfileBundle, type Variable } from '../model/index.js';
import { checkObject } from '../kinds/index.js';
import { validateObjects, type ObjectResult } from '../rules/index.js';
import { classify } from './layout.js';
import { checkDigests, sha256, STUDIO_FILE, StudioFile } from './studioFile.js';

/** Codes of problems with the content of a Studio archive (defined with the other Studio codes). */
export { STUDIO_CONTENT_CODES } from './errors.js';

export interface ArchiveFile {
  path: string;
  sha256: string;
  size: number;
}

/** What an archive (or a folder about to be packed) holds, and whether it can be imported. */
export interface ArchiveReport {
  name?: string;
  version?: string;
  type?: string;
  description?: string;
  labels: Record<string, string>;
  files: ArchiveFile[];
  /** Variables users can set: the bundle's and its profiles', with their defaults. */
  variables: { name: string; type: string; default?: unknown; from: string; required: boolean }[];
  objects: ObjectResult[];
  /** Problems with files, layout and digests (object problems are in `objects`). */
  issues: Issue[];
  valid: boolean;
  studio?: StudioFile;
}

const validateStudio = new Ajv({ allErrors: true, strict: false }).compile(StudioFile);

const fileIssue = (code: string, file: string, message: string, line?: number): Issue => ({
  code,
  severity: 'error',
  path: '',
  message,
  file,
  ...(line !== undefined ? { line } : {}),
});

/**
 * Checks the files of a Studio archive: the layout, one object per allowed kind per folder, no
 * namespaces, studio.yaml (schema, digests, agreement with the bundle when `requireStudio`), and every
 * object against the rules with references resolved inside the archive (it is self-contained).
 */
export const inspectFiles = (files: Map<string, Buffer>, requireStudio: boolean): ArchiveReport => {
  const issues: Issue[] = [];
  const sources: {
    object: Record<string, unknown>;
    file: string;
    line: number;
    lineOf: (p: readonly (string | number)[]) => number;
  }[] = [];
  for (const [path, bytes] of [...files].sort(([a], [b]) => byCodeUnits(a, b))) {
    if (path === STUDIO_FILE) continue;
    const role = classify(path);
    if (!role.ok) {
      issues.push(fileIssue('SA001', path, role.message));
      continue;
    }
    // The text is dropped once parsed; a line asked for an issue reads it again from the archive.
    const loaded = loadText(bytes.toString('utf8'), path, undefined, () => bytes.toString('utf8'));
    issues.push(...loaded.issues);
    for (const d of loaded.documents) {
      const kind = d.object.kind;
      if (typeof kind === 'string' && !role.kinds.includes(kind)) {
        issues.push(
          fileIssue(
            'SA002',
            path,
            `${path} holds a ${kind}; ${role.area} holds ${role.kinds.join(' or ')} objects only. Move it to its folder.`,
            d.line,
          ),
        );
      }
      const meta = d.object.metadata as { namespace?: unknown } | undefined;
      if (meta?.namespace !== undefined) {
        issues.push(
          fileIssue(
            'SA003',
            path,
            `${path}: remove metadata.namespace; \`studio import --namespace NS\` puts every object in NS.`,
            d.lineOf(['metadata', 'namespace']),
          ),
        );
      }
      sources.push({ object: d.object, file: path, line: d.line, lineOf: (p) => d.lineOf(p) });
    }
  }
  const bundles = sources.filter((s) => s.file === 'profilebundle.yaml');
  if (bundles.length !== 1 || bundles[0]!.object.kind !== 'ProfileBundle') {
    issues.push(
      fileIssue(
        'SA004',
        'profilebundle.yaml',
        `profilebundle.yaml must hold exactly one ProfileBundle; found ${bundles.length} object(s). A Studio archive packages one bundle.`,
      ),
    );
  }
  const { results } = validateObjects(sources, [checkObject]);
  const bundle = results.find((r) => r.file === 'profilebundle.yaml' && r.kind === 'ProfileBundle')
    ?.object as ProfileBundle | undefined;

  let studio: StudioFile | undefined;
  const studioBytes = files.get(STUDIO_FILE);
  if (studioBytes) {
    const loaded = loadText(studioBytes.toString('utf8'), STUDIO_FILE);
    issues.push(...loaded.issues);
    const doc = loaded.documents[0]?.object;
    if (doc && !validateStudio(doc)) {
      const e = validateStudio.errors?.[0];
      issues.push(
        fileIssue(
          'SA005',
          STUDIO_FILE,
          `studio.yaml does not match its schema: ${e?.instancePath || '(root)'} ${e?.message ?? ''}; regenerate it with \`paletteai studio pack\`.`,
        ),
      );
    } else if (doc) {
      studio = doc as unknown as StudioFile;
      issues.push(...checkDigests(studio, files).map((i) => ({ ...i, file: i.file ?? STUDIO_FILE })));
      if (bundle) {
        const want = { name: bundle.metadata.name, version: bundle.spec.version, type: bundle.spec.type };
        const got = { name: studio.metadata.name, version: studio.metadata.version, type: studio.spec.type };
        for (const k of ['name', 'version', 'type'] as const) {
          if (want[k] !== got[k])
            issues.push(
              fileIssue(
                'SA006',
                STUDIO_FILE,
                `studio.yaml says ${k} ${JSON.stringify(got[k])} but the ProfileBundle has ${JSON.stringify(want[k])}; regenerate studio.yaml with \`paletteai studio pack\`.`,
              ),
            );
        }
      }
    }
  } else if (requireStudio) {
    issues.push(
      fileIssue(
        'SA005',
        STUDIO_FILE,
        'the archive has no studio.yaml; pack it with `paletteai studio pack DIR -o FILE.tar.gz`.',
      ),
    );
  }

  const variables: ArchiveReport['variables'] = [];
  const addVars = (list: readonly Variable[] | undefined, from: string) => {
    for (const v of list ?? []) {
      if (variables.some((x) => x.name === v.name)) continue;
      const value = v.value ? Object.values(v.value)[0] : undefined;
      variables.push({
        name: v.name,
        type: v.variableType,
        ...(value !== undefined && !v.secret ? { default: value } : {}),
        from,
        required: v.validationMode === 'required',
      });
    }
  };
  addVars(bundle?.spec.variableSet?.variables, 'bundle');
  for (const r of results) {
    if (r.kind === 'WorkloadProfile' && r.object)
      addVars(
        (r.object as unknown as { spec: { variables?: Variable[] } }).spec.variables,
        `WorkloadProfile ${r.name}`,
      );
  }
  const objects = results.map((r) => ({
    ...r,
    issues: r.issues.map((i) => ({ ...i, path: i.path || formatPath([]) })),
  }));
  return {
    ...(bundle ? { name: bundle.metadata.name, version: bundle.spec.version, type: bundle.spec.type } : {}),
    ...(bundle?.spec.description ? { description: bundle.spec.description } : {}),
    labels: bundle?.metadata.labels ?? {},
    files: [...files]
      .map(([path, bytes]) => ({ path, sha256: sha256(bytes), size: bytes.length }))
      .sort((a, b) => byCodeUnits(a.path, b.path)),
    variables,
    objects,
    issues,
    valid: !issues.some((i) => i.severity === 'error') && objects.every((o) => o.valid),
    ...(studio ? { studio } : {}),
  };
};

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
}

/** Whether JSON text gives `v` back as it is. */
const jsonSafe = (v: unknown): boolean => {
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0);
  if (typeof v !== 'object' || v === null) return true;
  return (Array.isArray(v) ? v : Object.values(v)).every(jsonSafe);
};

/**
 * The objects of an archive as JSON text, in the report's order (for import), each taken out of
 * the report as it becomes text: the parsed object can go while the next ones are written, rather
 * than every object being held twice, parsed and as text, until the last is done.
 */
export function* takeManifests(report: ArchiveReport): Generator<ArchiveManifest> {
  for (const o of report.objects) {
    if (!o.object) continue;
    const json = JSON.stringify(o.object);
    // An object of the report passed its shape check: it has `object` only then.
    const shapeChecked = jsonSafe(o.object);
    delete o.object;
    yield { kind: o.kind, name: o.name, json, ...(shapeChecked ? { shapeChecked } : {}) };
  }
}

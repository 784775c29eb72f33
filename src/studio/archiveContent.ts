import { Ajv, type ValidateFunction } from 'ajv';
import { loadText } from '../loader/index.js';
import {
  byCodeUnits,
  formatPath,
  type Issue,
  type KubeObject,
  type ProfileBundle,
  type Variable,
} from '../model/index.js';
import { checkShape, type ObjectResult } from '../rules/index.js';
import { ArchiveChecks } from './archiveChecks.js';
import { classify } from './layout.js';
import { ManifestStream, streamOrder, toManifest, type ArchiveManifest } from './manifestStream.js';
import { checkDigests, sha256, STUDIO_FILE, StudioFile } from './studioFile.js';

export type { ArchiveManifest };

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

/**
 * studio.yaml's validator, compiled when an archive is first read: compiling at import cost every
 * CLI start that lists the commands (`--help`, an unknown command) ~35 ms.
 */
let studioValidator: ValidateFunction | undefined;
const studioSchema = (): ValidateFunction =>
  (studioValidator ??= new Ajv({ allErrors: true, strict: false }).compile(StudioFile));

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
 * With `emit`, each object whose own shape is valid (and that sits in its folder, without a
 * namespace, defined once) is handed to it as JSON text while the next files are read, in write
 * order ({@link ManifestStream}); the report, which may still find the archive invalid, comes last.
 */
export const inspectFiles = (
  files: Map<string, Buffer>,
  requireStudio: boolean,
  emit?: (manifest: ArchiveManifest) => void,
): ArchiveReport => {
  const inspector = new ArchiveInspector([...files.keys()], requireStudio, emit);
  for (const step of inspector.order) inspector.read(step, files.get(step.path)!);
  return inspector.finish(
    new Map([...files].map(([path, bytes]) => [path, { sha256: sha256(bytes), size: bytes.length }])),
    files.get(STUDIO_FILE),
  );
};

/** A file of an archive by its digest and size: what the report and studio.yaml's check need. */
export interface FileDigest {
  sha256: string;
  size: number;
}

/**
 * {@link inspectFiles} a file at a time, for an archive read as a stream (the import's worker
 * holds no file once it is parsed): {@link read} each file of {@link order} in that order (its
 * documents may keep its bytes, to give an issue its line), then {@link finish} with every file's
 * digest. With `emit`, the report's `objects` are those with issues only: the others are handed
 * out, and a 50,000-object archive does not keep 50,000 clean results.
 */
export class ArchiveInspector {
  /** The files to read, in the order to read them; `studio.yaml` is not read (see {@link finish}). */
  readonly order: { path: string; next: number }[];
  private readonly issuesOf = new Map<string, Issue[]>();
  private readonly profileVariables: { variable: Variable; from: string }[] = [];
  private readonly declared = new Set<string>();
  /** The profiles the bundle names (read first when streaming): kept for the bundle's check. */
  private readonly named = new Set<string>();
  private readonly checks: ArchiveChecks;
  private readonly bundleDocs: unknown[] = [];
  private readonly stream: ManifestStream | undefined;
  private readonly fileOrder: Map<string, number>;
  private readonly emitted = new Set<string>();
  private readonly paths: string[];

  constructor(
    paths: readonly string[],
    private readonly requireStudio: boolean,
    emit?: (manifest: ArchiveManifest) => void,
  ) {
    this.checks = new ArchiveChecks(
      emit
        ? { named: (name) => this.named.has(name), checked: (r) => this.noteVariables(r), keepClean: false }
        : undefined,
    );
    this.paths = [...paths].sort(byCodeUnits);
    this.stream = emit ? new ManifestStream(emit) : undefined;
    this.fileOrder = new Map(this.paths.map((p, i) => [p, i]));
    this.order = (
      this.stream ? streamOrder(this.paths) : this.paths.map((path) => ({ path, next: 0 }))
    ).filter((step) => step.path !== STUDIO_FILE);
  }

  /** The profiles' variables, first declaration of each name first (the report lists them). */
  private noteVariables(r: ObjectResult): void {
    if (r.kind !== 'WorkloadProfile' || !r.object) return;
    for (const variable of (r.object as unknown as { spec: { variables?: Variable[] } }).spec.variables ?? [])
      if (!this.declared.has(variable.name)) {
        this.declared.add(variable.name);
        this.profileVariables.push({ variable, from: `WorkloadProfile ${r.name}` });
      }
  }

  /** Reads the next file of {@link order}. */
  read({ path, next }: { path: string; next: number }, bytes: Buffer): void {
    const { checks, stream, emitted, named, bundleDocs } = this;
    const own: Issue[] = [];
    // Each file's issues, put in path order at the end, whatever order the files are read in.
    this.issuesOf.set(path, own);
    const role = classify(path);
    if (!role.ok) {
      own.push(fileIssue('SA001', path, role.message));
      return;
    }
    // The text is dropped once parsed; a line asked for an issue reads it again from the bytes.
    const loaded = loadText(bytes.toString('utf8'), path, undefined, () => bytes.toString('utf8'));
    own.push(...loaded.issues);
    loaded.documents.forEach((d, at) => {
      const kind = d.object.kind;
      const inFolder = typeof kind !== 'string' || role.kinds.includes(kind);
      if (!inFolder) {
        own.push(
          fileIssue(
            'SA002',
            path,
            `${path} holds a ${String(kind)}; ${role.area} holds ${role.kinds.join(' or ')} objects only. Move it to its folder.`,
            d.line,
          ),
        );
      }
      const meta = d.object.metadata as { namespace?: unknown } | undefined;
      if (meta?.namespace !== undefined) {
        own.push(
          fileIssue(
            'SA003',
            path,
            `${path}: remove metadata.namespace; \`studio import --namespace NS\` puts every object in NS.`,
            d.lineOf(['metadata', 'namespace']),
          ),
        );
      }
      // Files by path, documents in file order: the report's order, whatever order they are read in.
      const order = this.fileOrder.get(path)! * 2 ** 20 + at;
      const source = {
        object: d.object,
        file: path,
        line: d.line,
        lineOf: (p: readonly (string | number)[]) => d.lineOf(p),
        order,
      };
      if (path === 'profilebundle.yaml') {
        bundleDocs.push(kind);
        const refs = (d.object.spec as { workloadProfiles?: { name?: unknown }[] } | undefined)
          ?.workloadProfiles;
        for (const r of Array.isArray(refs) ? refs : []) if (typeof r?.name === 'string') named.add(r.name);
      }
      if (!stream) return void checks.add(source);
      const shape = checkShape(d.object);
      checks.add({ ...source, shape });
      const object = d.object as unknown as KubeObject;
      const id = `${String(kind)}/${object.metadata?.name}`;
      if (
        shape.info &&
        !shape.issues.some((i) => i.severity === 'error') &&
        inFolder &&
        !meta?.namespace &&
        !emitted.has(id)
      ) {
        emitted.add(id);
        stream.offer(object, order);
      }
    });
    stream?.fileDone(next);
  }

  /**
   * The report, once every file of {@link order} is read: `files` holds every file of the archive
   * (studio.yaml too), `studioBytes` the text of studio.yaml if there is one.
   */
  finish(files: Map<string, FileDigest>, studioBytes: Buffer | undefined): ArchiveReport {
    const { checks, bundleDocs, requireStudio } = this;
    const issues: Issue[] = [];
    for (const path of this.paths) issues.push(...(this.issuesOf.get(path) ?? []));
    if (bundleDocs.length !== 1 || bundleDocs[0] !== 'ProfileBundle') {
      issues.push(
        fileIssue(
          'SA004',
          'profilebundle.yaml',
          `profilebundle.yaml must hold exactly one ProfileBundle; found ${bundleDocs.length} object(s). A Studio archive packages one bundle.`,
        ),
      );
    }
    const results = checks.finish();
    const bundle = results.find((r) => r.file === 'profilebundle.yaml' && r.kind === 'ProfileBundle')
      ?.object as ProfileBundle | undefined;

    let studio: StudioFile | undefined;
    if (studioBytes) {
      const loaded = loadText(studioBytes.toString('utf8'), STUDIO_FILE);
      issues.push(...loaded.issues);
      const doc = loaded.documents[0]?.object;
      const validateStudio = studioSchema();
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
          const got = {
            name: studio.metadata.name,
            version: studio.metadata.version,
            type: studio.spec.type,
          };
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
    // Checked at the end (not streaming) or as they were read: in the report's order either way.
    for (const r of results) this.noteVariables(r);
    for (const { variable, from } of this.profileVariables) addVars([variable], from);
    const objects = results.map((r) => ({
      ...r,
      issues: r.issues.map((i) => ({ ...i, path: i.path || formatPath([]) })),
    }));
    return {
      ...(bundle ? { name: bundle.metadata.name, version: bundle.spec.version, type: bundle.spec.type } : {}),
      ...(bundle?.spec.description ? { description: bundle.spec.description } : {}),
      labels: bundle?.metadata.labels ?? {},
      files: [...files]
        .map(([path, { sha256, size }]) => ({ path, sha256, size }))
        .sort((a, b) => byCodeUnits(a.path, b.path)),
      variables,
      objects,
      issues,
      valid: !issues.some((i) => i.severity === 'error') && objects.every((o) => o.valid),
      ...(studio ? { studio } : {}),
    };
  }
}

/**
 * The objects of an archive as JSON text, in the report's order (for import), each taken out of
 * the report as it becomes text: the parsed object can go while the next ones are written, rather
 * than every object being held twice, parsed and as text, until the last is done.
 */
export function* takeManifests(report: ArchiveReport): Generator<ArchiveManifest> {
  for (const o of report.objects) {
    if (!o.object) continue;
    // An object of the report passed its shape check: it has `object` only then.
    const manifest = toManifest(o.object);
    delete o.object;
    yield manifest;
  }
}

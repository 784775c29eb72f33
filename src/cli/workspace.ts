import { loadFiles, type LoadedDocument, type LoadResult } from '../loader/index.js';
import type { Issue, KubeObject } from '../model/index.js';
import { DEFAULT_NAMESPACE } from '../model/index.js';
import { checkObject } from '../kinds/index.js';
import { checkShape, validateObjects, type IndexResolver, type ObjectResult } from '../rules/index.js';
import { InvalidInputError } from './errors.js';

/** One row of `validate -o json`: an object, or a file that yielded no object. */
export interface ObjectReport {
  kind: string;
  namespace: string;
  name: string;
  file: string;
  line: number;
  valid: boolean;
  issues: Issue[];
}

/** The loaded and checked files of an offline command. */
export interface Workspace {
  load: LoadResult;
  results: ObjectResult[];
  resolver: IndexResolver;
  /** Objects and file-level problems, in file order. */
  reports: ObjectReport[];
  valid: boolean;
}

const strip = ({ file: _f, line: _l, ...rest }: Issue) => rest;

/** An issue as a report shows it: its file left out (the report's), its line last. */
export const reportIssue = (i: Issue): Issue => ({
  ...strip(i),
  ...(i.line !== undefined ? { line: i.line } : {}),
});

/** The report row of a loader issue (a file or document that yielded no object). */
export const loadIssueReport = (i: Issue): ObjectReport => ({
  kind: '',
  namespace: '',
  name: '',
  file: i.file ?? '',
  line: i.line ?? 0,
  valid: false,
  issues: [reportIssue(i)],
});

/** The report row of an object's result. */
export const objectReport = (r: Omit<ObjectResult, 'object'>): ObjectReport => ({
  kind: r.kind,
  namespace: r.namespace,
  name: r.name,
  file: r.file ?? '',
  line: r.line ?? 0,
  valid: r.valid,
  issues: r.issues.map(reportIssue),
});

/** Sorts report rows by file, then line (stable: a file's loader issues before its objects on a line). */
export const sortReports = (reports: ObjectReport[]): ObjectReport[] =>
  reports.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));

/** The paths hold no object and no file with a problem either (invalid input: exit 1). */
export class NoObjectsError extends InvalidInputError {}

/** The {@link NoObjectsError} of `paths`, with the fix. */
export const noObjectsFound = (paths: readonly string[]): NoObjectsError =>
  new NoObjectsError(
    `no YAML or JSON objects found in ${paths.join(', ')}; point -f at .yaml, .yml or .json files or folders holding them.`,
  );

/** Loads files and folders, validates every object with references resolved among them. */
export const openWorkspace = async (
  paths: readonly string[],
  contextFor?: (namespaces: string[]) => Promise<KubeObject[]>,
): Promise<Workspace> => {
  // Objects are checked against each other, so they stay; their texts and positions do not.
  // Each object's own checks (schema, metadata) run as it arrives, while the next files are parsed.
  const shapes = new Map<LoadedDocument, ReturnType<typeof checkShape>>();
  const load = await loadFiles([...paths], undefined, {
    dropText: true,
    parallel: true,
    onDocument: (d) => shapes.set(d, checkShape(d.object)),
  });
  if (load.documents.length === 0 && load.issues.length === 0) throw noObjectsFound(paths);
  const namespaces = [
    ...new Set(
      load.documents.map(
        (d) => (d.object.metadata as { namespace?: string } | undefined)?.namespace ?? DEFAULT_NAMESPACE,
      ),
    ),
  ];
  const context = contextFor ? await contextFor(namespaces) : [];
  const { results, resolver } = validateObjects(
    load.documents.map((d) => ({
      object: d.object,
      file: d.file,
      line: d.line,
      lineOf: (p) => d.lineOf(p),
      shape: shapes.get(d),
    })),
    [checkObject],
    context,
    { pinsCheckedByServer: true },
  );
  const reports = sortReports([...load.issues.map(loadIssueReport), ...results.map(objectReport)]);
  return { load, results, resolver, reports, valid: reports.every((r) => r.valid) };
};

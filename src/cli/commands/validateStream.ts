import { checkObject } from '../../kinds/index.js';
import { loadFiles, type LoadedDocument } from '../../loader/index.js';
import type { Issue, KubeObject } from '../../model/index.js';
import {
  checkShape,
  computedPhases,
  duplicateIssue,
  hasErrors,
  IndexResolver,
  locateIssue,
  namespaceOf,
  objectMeta,
} from '../../rules/index.js';
import {
  loadIssueReport,
  noObjectsFound,
  objectReport,
  reportIssue,
  sortReports,
  type ObjectReport,
} from '../workspace.js';
import { RecordingResolver, sameAnswers, type Lookups } from './validateLookups.js';
import {
  copyValue,
  flat,
  intern,
  loadSource,
  objectView,
  sourceOf,
  type ObjectSource,
} from './validateViews.js';

/** The issues of every row without any (rows are many; most have none). */
const NO_ISSUES: Issue[] = Object.freeze([]) as unknown as Issue[];

/**
 * Gives their lines to the issues of `row` after its first `own`: the issues of what its rules
 * looked up, which pass one leaves unlocated. Finding a line reads the file again and parses it
 * with positions; an issue about a reference to a later file goes away in pass two, so only those
 * that stand are located (a valid project whose bundles come before their profiles had every one
 * of them located, then dropped).
 */
const locateStanding = (
  row: ObjectReport,
  d: Parameters<typeof locateIssue>[1], // the document loaded again, or its source: the object's line
  own: number,
): void => {
  row.issues = [
    ...row.issues.slice(0, own),
    ...row.issues.slice(own).map((i) => reportIssue(locateIssue(i, d))),
  ];
};

/**
 * `paletteai validate` of files and folders in two passes, keeping memory flat in the number of
 * files: the result is the same as `openWorkspace`'s (every row, issue and line), but no parsed
 * document outlives its file.
 *
 * Pass one goes file by file. Each object gets its own checks (schema, metadata) and then its kind's
 * checks against the objects loaded so far, through a resolver that writes down every lookup and
 * its answer. Its report row is kept, with a compact view of the object for the index (see
 * `objectView`) and the lookups; the parsed document and its positions are dropped.
 *
 * Pass two asks each lookup again of the whole index. A check is a pure function of its object and
 * of these answers: when every answer is the same object as before (the usual case: what an object
 * refers to comes before it or does not change), its row stands. Otherwise (it refers to an object
 * in a later file, or a later file adds a newer version of a profile it takes the newest of) the
 * object is loaded again from its file and checked against the whole index (`rechecked` counts them).
 */
export const validateFiles = async (
  paths: readonly string[],
): Promise<{ reports: ObjectReport[]; valid: boolean; rechecked: number }> => {
  const index = new IndexResolver([]);
  index.pinsCheckedByServer = true; // files: a profile's revisions are the server's to count
  // while loading, phases are computed against the objects loaded so far; lookups of them are asked again
  index.phaseOf = computedPhases(index);
  const recorder = new RecordingResolver(index);
  const rows: ObjectReport[] = [];
  const recheck: { row: ObjectReport; source: ObjectSource; lookups: Lookups; own: number }[] = [];
  let documents = 0;

  const onDocument = (d: LoadedDocument) => {
    documents++;
    const source: ObjectSource = {
      file: d.file,
      index: d.index,
      ...(d.item !== undefined ? { item: d.item } : {}),
      line: d.line,
    };
    const { info, issues } = checkShape(d.object);
    let typed = info && !hasErrors(issues) ? (d.object as KubeObject) : undefined;
    let name: string | undefined;
    if (typed) {
      const first = index.first(typed.kind, namespaceOf(typed), typed.metadata.name);
      if (first) {
        issues.push(duplicateIssue(typed, sourceOf(first) ?? {}));
        typed = undefined;
      } else {
        const view = objectView(typed, source);
        index.add(view);
        name = view.metadata.name; // the view's copy serves the row too
      }
    }
    const own = issues.length;
    let lookups: Lookups = [];
    if (typed) {
      recorder.lookups = lookups;
      issues.push(...checkObject(typed, recorder.resolver));
      lookups = recorder.lookups;
      recorder.lookups = [];
    }
    const meta = objectMeta(d.object);
    const row = objectReport({
      kind: typeof d.object.kind === 'string' ? intern(d.object.kind) : '',
      namespace: intern(meta.namespace),
      name: name ?? flat(meta.name),
      file: d.file,
      line: d.line,
      valid: !hasErrors(issues),
      // most objects have no issue: no arrays made for them (allocations are a good part of the GC)
      issues: issues.length
        ? issues.map((i, n) => (n < own || !lookups.length ? locateIssue(i, d) : i))
        : NO_ISSUES,
    });
    // messages and paths hold parts of the text: copies keep it from staying alive
    row.issues = row.issues.length ? (copyValue(row.issues) as Issue[]) : NO_ISSUES;
    rows.push(row);
    if (lookups.length) recheck.push({ row, source, lookups, own });
  };

  const load = await loadFiles([...paths], undefined, {
    dropText: true,
    parallel: true,
    stream: true,
    onDocument,
  });
  if (documents === 0 && load.issues.length === 0) throw noObjectsFound(paths);

  // pass two: the same lookups against every object
  index.phaseOf = computedPhases(index);
  let rechecked = 0;
  for (const { row, source: at, lookups, own } of recheck) {
    if (sameAnswers(index, lookups)) {
      if (row.issues.length > own) locateStanding(row, loadSource(at) ?? at, own);
      continue;
    }
    const d = loadSource(at);
    if (!d) {
      locateStanding(row, at, own); // the file is gone: the row of pass one stands, at the object's line
      continue;
    }
    rechecked++;
    const issues = checkObject(d.object as KubeObject, index).map((i) => locateIssue(i, d));
    row.issues = [...row.issues.slice(0, own), ...objectReport({ ...row, issues }).issues];
    row.valid = !hasErrors(row.issues);
  }
  const reports = sortReports([...load.issues.map(loadIssueReport), ...rows]);
  return { reports, valid: reports.every((r) => r.valid), rechecked };
};

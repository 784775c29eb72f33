import { Command } from 'commander';
import { printable } from '../../model/index.js';
import { EXIT } from '../errors.js';
import { counted, PieceWriter, printJson, type Io } from '../io.js';
import { collect, outputOption } from '../options.js';
import { NoObjectsError, openWorkspace, type ObjectReport } from '../workspace.js';
import { validateFiles } from './validateStream.js';

/** The object of a report line; its names shown escaped where they hold what would not print (a bidi override). */
const describeObject = (r: ObjectReport) =>
  r.kind ? printable(`${r.kind} ${r.namespace}/${r.name}`) : 'file';

/** Human report: one block per object with issues, then a summary line. */
export const printReportsText = async (io: Io, reports: ObjectReport[], valid: boolean): Promise<void> => {
  let errors = 0;
  let warnings = 0;
  const out = new PieceWriter(io.out);
  for (const r of reports) {
    if (r.issues.length === 0) continue;
    out.add(
      `${r.valid ? 'warn' : 'FAIL'} ${r.line > 0 ? `${r.file}:${r.line}` : r.file} ${describeObject(r)}\n`,
    );
    for (const i of r.issues) {
      if (i.severity === 'error') errors++;
      else warnings++;
      const line = (i as { line?: number }).line ?? r.line;
      const where = line > 0 ? `${r.file}:${line}` : r.file;
      out.add(
        `  ${i.severity} ${i.code} ${printable(i.path) || (r.kind ? '(object)' : '(file)')} at ${where}\n    ${i.message}\n`,
      );
    }
    if (out.full) await out.flush();
  }
  const objects = reports.filter((r) => r.kind !== '');
  const bad = objects.filter((r) => !r.valid).length;
  out.add(
    `${valid ? 'valid' : 'invalid'}: ${counted(objects.length, 'object')}, ${bad} invalid, ${counted(errors, 'error')}, ${counted(warnings, 'warning')}` +
      `${reports.length > objects.length ? `, ${reports.length - objects.length} unreadable documents or files` : ''}\n`,
  );
  await out.flush();
};

/**
 * A report without issues as `JSON.stringify(r, null, 2)` indents it inside the document, written
 * out (most reports have none: this takes a third of the time).
 */
const plainReport = (r: ObjectReport, quoted: (s: string) => string): string =>
  `{\n      "kind": ${quoted(r.kind)},\n      "namespace": ${quoted(r.namespace)},\n      "name": ${JSON.stringify(r.name)},\n      "file": ${quoted(r.file)},\n      "line": ${JSON.stringify(r.line)},\n      "valid": ${JSON.stringify(r.valid)},\n      "issues": []\n    }`;

/**
 * `JSON.stringify` of strings that repeat from report to report (kinds, namespaces, the file of the
 * objects before), each quoted once: a report in 100,000 is written in a few hundred nanoseconds.
 */
const quoter = (): ((s: string) => string) => {
  const quoted = new Map<string, string>();
  return (s) => {
    let q = quoted.get(s);
    if (q === undefined) {
      q = JSON.stringify(s);
      // a table of every file name would only grow: the files come in order, one after the other
      if (quoted.size >= 1000) quoted.clear();
      quoted.set(s, q);
    }
    return q;
  };
};

/**
 * `-o json`: the same text as `printJson(io, { valid, objects: reports })`, written report by report
 * instead of as one string of every report (tens of MB for 100,000 objects).
 */
export const printReportsJson = async (
  io: Io,
  reports: readonly ObjectReport[],
  valid: boolean,
): Promise<void> => {
  if (reports.length === 0) {
    printJson(io, { valid, objects: [] });
    return;
  }
  const quoted = quoter();
  const out = new PieceWriter(io.out);
  out.add(`{\n  "valid": ${JSON.stringify(valid)},\n  "objects": [\n`);
  for (const [i, r] of reports.entries()) {
    // JSON.stringify(…, null, 2) of the whole document indents each report by two more levels
    const full = out.add(
      `    ${r.issues.length === 0 ? plainReport(r, quoted) : JSON.stringify(r, null, 2).replaceAll('\n', '\n    ')}${i < reports.length - 1 ? ',' : ''}\n`,
    );
    if (full) await out.flush();
  }
  out.add('  ]\n}\n');
  await out.flush();
};

export const validateCommand = (io: Io, setExit: (code: number) => void) =>
  new Command('validate')
    .description(
      'Check every object in files and folders against the schemas and rules, resolving references among them (offline).',
    )
    .requiredOption('-f, --filename <path>', 'file or folder (recursive); repeatable', collect)
    .option('--server', 'also resolve references against the objects on the server (kubeconfig)')
    .option(
      '--kubeconfig <path>',
      'kubeconfig for --server (default: $KUBECONFIG or ./.paletteai/kubeconfig)',
    )
    .addOption(outputOption())
    .addHelpText(
      'after',
      `
Examples:
  $ paletteai validate -f examples/valid
  $ paletteai validate -f bundle.yaml -f profiles/ -o json | jq '.objects[] | select(.valid | not)'
  $ paletteai validate -f my-bundle.yaml --server     # references may point at objects on the server

Exit codes: 0 all valid, 1 something is invalid, 2 usage error.`,
    )
    .action(async (opts: { filename: string[]; output: string; server?: boolean; kubeconfig?: string }) => {
      // only the reports are kept: the objects, results and resolver can go before the output
      // offline, file by file (memory flat in the number of files); with --server, every object is
      // kept (the server's objects stand in for those the files do not define, known only at the end)
      const { reports, valid } = await (
        opts.server
          ? openWorkspace(opts.filename, async (namespaces) =>
              (await import('../online/serverObjects.js')).serverObjects(opts, namespaces),
            )
          : validateFiles(opts.filename)
      ).catch((e: unknown) => {
        // `-o json` prints one JSON document whatever the input: no object at all is invalid (the
        // message goes to stderr, as every error's).
        if (opts.output === 'json' && e instanceof NoObjectsError)
          printJson(io, { valid: false, objects: [] });
        throw e;
      });
      if (opts.output === 'json') await printReportsJson(io, reports, valid);
      else await printReportsText(io, reports, valid);
      setExit(valid ? EXIT.ok : EXIT.invalid);
    });

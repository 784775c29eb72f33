import type { ArchiveReport } from '../../studio/archiveContent.js';
import { counted, type Io } from '../io.js';

/** Prints an archive report as one screen: identity, variables, files, and every problem. */
export const printReport = (io: Io, source: string, r: ArchiveReport): void => {
  const w = (s = '') => io.out.write(`${s}\n`);
  // An archive or folder without a readable bundle has no identity to print (it printed `? ? (?)`).
  w(
    r.name
      ? `${r.name} ${r.version ?? '?'} (${r.type ?? '?'})  ${source}`
      : `${source}: no ProfileBundle read`,
  );
  if (r.description) w(`  ${r.description}`);
  const labels = Object.entries(r.labels);
  if (labels.length) w(`  labels: ${labels.map(([k, v]) => `${k}=${v}`).join(', ')}`);
  if (r.variables.length) {
    w('Variables:');
    for (const v of r.variables)
      w(
        `  ${v.name} (${v.type}${v.required ? ', required' : ''}) = ${v.default === undefined ? '(unset)' : JSON.stringify(v.default)}  [${v.from}]`,
      );
  }
  w(`Files (${r.files.length}):`);
  for (const f of r.files) w(`  ${f.sha256.slice(0, 12)}  ${String(f.size).padStart(7)}  ${f.path}`);
  const problems = [
    ...r.issues,
    ...r.objects.flatMap((o) => o.issues.map((i) => ({ ...i, file: i.file ?? o.file }))),
  ];
  for (const p of problems)
    w(`  ${p.severity} ${p.code} ${p.file ?? ''}${p.line ? `:${p.line}` : ''} ${p.path}: ${p.message}`);
  const objects = r.objects.length;
  w(
    r.valid
      ? `valid: ${counted(objects, 'object')}`
      : `invalid: ${counted(problems.filter((p) => p.severity === 'error').length, 'error')}`,
  );
};

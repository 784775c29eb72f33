import { Command } from 'commander';
import type { ImportReport } from '../../server/studio/importArchive.js';
import { EXIT, InvalidInputError } from '../errors.js';
import { printJson, type Io } from '../io.js';
import { readValues } from '../values.js';
import { collect, outputOption, parsePairs } from '../options.js';
import { connect, expectOk } from '../online/session.js';
import { studioImportPath } from '../../client/paths.js';
import { readArchiveFile } from './archiveFile.js';

interface ConflictStatus {
  details?: { causes?: { reason: string; message: string }[] };
}

const printText = (io: Io, file: string, r: ImportReport) => {
  const counts = { create: 0, update: 0, unchanged: 0 };
  for (const o of r.objects) counts[o.action]++;
  const verb =
    r.result === 'unchanged'
      ? 'already imported, nothing to do'
      : r.result === 'dry-run'
        ? 'would be imported (dry run)'
        : 'imported';
  io.out.write(
    `${r.bundle.name} ${r.bundle.version} (${r.bundle.type}) into namespace ${r.namespace}: ${verb}\n`,
  );
  io.out.write(
    `  objects: ${counts.create} created, ${counts.update} replaced, ${counts.unchanged} unchanged   digest ${r.digest.slice(0, 16)}…   from ${file}\n`,
  );
  for (const o of r.objects)
    if (o.action !== 'unchanged')
      io.out.write(`  ${r.dryRun ? 'would ' : ''}${o.action} ${o.kind} ${o.name}\n`);
  if (r.downgrade)
    io.out.write(
      `  warning: ${r.dryRun ? 'would lower' : 'lowered'} ProfileBundle ${r.bundle.name} from version ${r.downgrade.from} to ${r.downgrade.to}\n`,
    );
  for (const a of r.affected ?? [])
    io.out.write(`  warning: ${r.dryRun ? 'would change' : 'changed'} ${a.kind} ${a.name} (uses ${a.via})\n`);
  for (const m of r.missingPacks) {
    io.out.write(
      `  warning: pack ${m.pack} ${m.version} of cluster profile ${m.clusterProfile} comes from registry "${m.registry}", which the Palette project lacks; add it in Palette before deploying\n`,
    );
  }
};

/** `paletteai studio import --namespace NS ARCHIVE`: imports an archive into the server, all or nothing. */
export const importCommand = (io: Io, setExit: (code: number) => void) =>
  new Command('import')
    .description('Import a Studio .tar.gz into a namespace on the server: every object or none.')
    .argument('<archive>', 'path/to/profilebundle.tar.gz')
    .requiredOption('--namespace <ns>', 'namespace to import into')
    .option('--dry-run', 'check everything and report, write nothing')
    .option('--overwrite', 'replace objects that exist with other content')
    .option('--set <name=value>', 'variable value, checked against its type and locks; repeatable', collect)
    .option('--values <file>', 'YAML/JSON file of variable values; repeatable', collect)
    .option('--kubeconfig <path>', 'kubeconfig (default: $KUBECONFIG or ./.paletteai/kubeconfig)')
    .addOption(outputOption())
    .addHelpText(
      'after',
      '\nExamples:\n  $ paletteai studio import --namespace project-melbourne vllm-model.tar.gz\n  $ paletteai studio import --namespace project-melbourne vllm-model.tar.gz --set modelId=Qwen/Qwen2.5-7B-Instruct --dry-run',
    )
    .action(
      async (
        archive: string,
        opts: {
          namespace: string;
          dryRun?: boolean;
          overwrite?: boolean;
          set?: string[];
          values?: string[];
          kubeconfig?: string;
          output: string;
        },
      ) => {
        const bytes = await readArchiveFile(archive);
        const values = { ...(await readValues(opts.values ?? [])), ...parsePairs('--set', opts.set) };
        const q = new URLSearchParams();
        if (opts.dryRun) q.set('dryRun', 'All');
        if (opts.overwrite) q.set('overwrite', 'true');
        for (const [k, v] of Object.entries(values)) q.append('set', `${k}=${String(v)}`);
        const { client } = await connect(opts);
        if (process.stderr.isTTY && opts.output !== 'json')
          io.err.write(`importing ${archive} (${bytes.length} bytes)…\n`);
        const path = `${studioImportPath(opts.namespace)}${q.size ? `?${q}` : ''}`;
        const r = await client.request('POST', path, bytes, { 'content-type': 'application/gzip' });
        if (r.status >= 400 && opts.output === 'json') {
          printJson(io, { imported: false, status: r.json });
          setExit(EXIT.invalid);
          return;
        }
        const conflict = r.status === 409 ? (r.json as ConflictStatus | undefined) : undefined;
        if (conflict?.details?.causes?.length)
          // One line per conflict: what exists with other content, a lower version, and every other
          // bundle, pool and deployment the import would change (SPEC §6).
          throw new InvalidInputError(
            `import ${archive}: refused, namespace ${opts.namespace} holds other content:${conflict.details.causes
              .map((c) => `\n  ${c.reason}: ${c.message}`)
              .join('')}\n  ${
              conflict.details.causes.some((c) => c.reason === 'SharedObject')
                ? 'Import into another namespace, or re-run with --overwrite to change them (the report lists them).'
                : 'Re-run with --overwrite to replace it.'
            }`,
          );
        const report = expectOk(r, `import ${archive}`).json as ImportReport;
        if (opts.output === 'json') printJson(io, { imported: report.result === 'imported', ...report });
        else printText(io, archive, report);
        setExit(EXIT.ok);
      },
    );

import { Command } from 'commander';
import { writeArchiveFile } from './archiveFile.js';
import { findEntry, loadCatalog, readEntryArchive, type CatalogEntry } from '../../studio/catalog.js';
import { EXIT, InvalidInputError } from '../errors.js';
import { printJson, type Io } from '../io.js';
import { outputOption } from '../options.js';

const catalog = async (): Promise<CatalogEntry[]> => {
  try {
    return await loadCatalog();
  } catch (e) {
    throw new InvalidInputError((e as Error).message);
  }
};

export const listCommand = (io: Io, setExit: (code: number) => void) =>
  new Command('list')
    .description('List the built-in catalog of ready-to-use bundles.')
    .addOption(outputOption())
    .addHelpText(
      'after',
      '\nExamples:\n  $ paletteai studio list\n  $ paletteai studio list -o json | jq -r ".[].name"',
    )
    .action(async (opts: { output: string }) => {
      const entries = await catalog();
      if (opts.output === 'json') printJson(io, entries);
      else {
        const rows = entries.map((e) => [
          e.name,
          e.version,
          e.type,
          e.labels['palette.ai/inference-engine'] ?? '',
          e.description ?? '',
        ]);
        const header = ['NAME', 'VERSION', 'TYPE', 'ENGINE', 'DESCRIPTION'];
        const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
        for (const line of [header, ...rows])
          io.out.write(`${line.map((c, i) => (i < 4 ? c.padEnd(widths[i]!) : c)).join('   ')}\n`);
      }
      setExit(EXIT.ok);
    });

export const pullCommand = (io: Io, setExit: (code: number) => void) =>
  new Command('pull')
    .description('Write a catalog bundle archive to a file (newest version unless NAME@VERSION).')
    .argument('<name>', 'NAME or NAME@VERSION')
    .requiredOption('-o, --output <file>', 'file to write, e.g. vllm-model.tar.gz')
    .addHelpText(
      'after',
      '\nExamples:\n  $ paletteai studio pull vllm-model -o vllm-model.tar.gz\n  $ paletteai studio import --namespace project-melbourne vllm-model.tar.gz',
    )
    .action(async (ref: string, opts: { output: string }) => {
      const entries = await catalog();
      const entry = findEntry(entries, ref);
      if (!entry)
        throw new InvalidInputError(
          `no catalog bundle ${JSON.stringify(ref)}; \`paletteai studio list\` shows them (${entries.map((e) => e.name).join(', ')})`,
        );
      await writeArchiveFile(opts.output, await readEntryArchive(entry));
      io.out.write(`${opts.output}  sha256:${entry.sha256}  ${entry.name} ${entry.version}\n`);
      setExit(EXIT.ok);
    });

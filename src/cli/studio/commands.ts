import { createHash } from 'node:crypto';
import { Command } from 'commander';
import { inspectFiles } from '../../studio/archiveContent.js';
import { ArchiveError, readArchive } from '../../studio/index.js';
import { EXIT, InvalidInputError } from '../errors.js';
import { printJson, type Io } from '../io.js';
import { outputOption } from '../options.js';
import { FolderError } from '../../studio/folder.js';
import { packFolder } from '../../studio/packFolder.js';
import { readArchiveFile, writeArchiveFile } from './archiveFile.js';
import { listCommand, pullCommand } from './catalog.js';
import { importCommand } from './import.js';
import { printReport } from './report.js';

/** Reads and checks an archive file; archive-level refusals become clear CLI errors (exit 1). */
const openArchive = async (file: string) => {
  const bytes = await readArchiveFile(file);
  try {
    return { bytes, files: readArchive(bytes).files };
  } catch (e) {
    if (e instanceof ArchiveError) throw new InvalidInputError(`${file}: ${e.message}`);
    throw e;
  }
};

const packCommand = (io: Io, setExit: (code: number) => void) =>
  new Command('pack')
    .description(
      'Pack a bundle folder into a reproducible .tar.gz (sorted entries, fixed modes and times) with its studio.yaml.',
    )
    .argument('<dir>', 'bundle folder: profilebundle.yaml, cluster-profiles/, workload-profiles/, …')
    .requiredOption('-o, --output <file>', 'archive to write, e.g. vllm-model-1.0.0.tar.gz')
    .addHelpText(
      'after',
      '\nExamples:\n  $ paletteai studio pack catalog/vllm-model -o vllm-model.tar.gz\n\nThe same sources always give the same bytes (and sha256).',
    )
    .action(async (dir: string, opts: { output: string }) => {
      const { report, archive } = await packFolder(dir).catch((e: unknown) => {
        throw e instanceof FolderError ? new InvalidInputError(e.message) : e;
      });
      if (!archive) {
        printReport(io, dir, report);
        throw new InvalidInputError(`${dir} cannot be packed: fix the problems above first`);
      }
      await writeArchiveFile(opts.output, archive);
      io.out.write(
        `${opts.output}  sha256:${createHash('sha256').update(archive).digest('hex')}  ${report.name} ${report.version} (${report.files.length} files)\n`,
      );
      setExit(EXIT.ok);
    });

const inspectCommand = (io: Io, setExit: (code: number) => void, name: 'inspect' | 'verify') =>
  new Command(name)
    .description(
      name === 'inspect'
        ? 'Show what an archive holds: bundle, type, labels, variables, files with digests, and the validation result.'
        : 'Check an archive: layout, digests against studio.yaml, and every object against the rules; exit 1 when anything is wrong.',
    )
    .argument('<file>', 'a .tar.gz Studio archive')
    .addOption(outputOption())
    .addHelpText(
      'after',
      `\nExamples:\n  $ paletteai studio ${name} vllm-model.tar.gz${name === 'inspect' ? '\n  $ paletteai studio inspect vllm-model.tar.gz -o json | jq .variables' : ''}`,
    )
    .action(async (file: string, opts: { output: string }) => {
      const { bytes, files } = await openArchive(file);
      const report = inspectFiles(files, true);
      const sha = createHash('sha256').update(bytes).digest('hex');
      if (opts.output === 'json') printJson(io, { archive: file, sha256: sha, ...report, studio: undefined });
      else if (name === 'inspect') printReport(io, file, report);
      else {
        if (!report.valid) printReport(io, file, report);
        else
          io.out.write(
            `${file}: ${report.name} ${report.version} verified (sha256:${sha}, ${report.files.length} files, ${report.objects.length} objects)\n`,
          );
      }
      setExit(report.valid ? EXIT.ok : EXIT.invalid);
    });

/** `paletteai studio …`: the offline archive tools. */
export const studioCommand = (io: Io, setExit: (code: number) => void) =>
  new Command('studio')
    .description(
      'Studio: the built-in catalog (list, pull), archives (pack, inspect, verify) and import into the server.',
    )
    .addCommand(listCommand(io, setExit))
    .addCommand(pullCommand(io, setExit))
    .addCommand(packCommand(io, setExit))
    .addCommand(inspectCommand(io, setExit, 'inspect'))
    .addCommand(inspectCommand(io, setExit, 'verify'))
    .addCommand(importCommand(io, setExit));

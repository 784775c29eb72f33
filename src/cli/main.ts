import { Command, CommanderError } from 'commander';
import { renderCommand } from './commands/render.js';
import { applyCommand } from './online/apply.js';
import { studioCommand } from './studio/commands.js';
import { poolCommand } from './commands/pool.js';
import { deployCommand } from './commands/deploy.js';
import { explainCommand } from './commands/explain.js';
import { deleteCommand } from './online/delete.js';
import { describeCommand } from './online/describe.js';
import { getCommand } from './online/get.js';
import { serverCommand } from './commands/server.js';
import { tokenCommand } from './commands/token.js';
import { planCommand } from './commands/plan.js';
import { validateCommand } from './commands/validate.js';
import { crdsCommand } from './commands/crds.js';
import { webhookCommand } from './commands/webhook.js';
import { ApiError } from '../model/errors.js';
import { enablePrecompiledValidators } from '../rules/precompiled.js';
import { EXIT, InvalidInputError, UsageError } from './errors.js';
import { defaultIo, type Io } from './io.js';

const VERSION = '0.1.0';

/** Builds the `paletteai` program; commands report their exit code through `setExit`. */
export const buildProgram = (io: Io, setExit: (code: number) => void): Command => {
  const program = new Command('paletteai')
    .description('Profile bundles for AI/ML deployments: validate, plan and render offline.')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(s) })
    .addHelpText(
      'after',
      `
Examples:
  $ paletteai validate -f examples/valid
  $ paletteai plan --workflow compute-pool --pool dedicated -f examples/valid --bundle edge-gpu-infra
  $ paletteai render -f examples/valid --bundle open-webui`,
    );
  for (const cmd of [
    serverCommand(io, setExit),
    validateCommand(io, setExit),
    planCommand(io, setExit),
    renderCommand(io, setExit),
    tokenCommand(io, setExit),
    getCommand(io, setExit),
    applyCommand(io, setExit),
    deleteCommand(io, setExit),
    describeCommand(io, setExit),
    studioCommand(io, setExit),
    poolCommand(io, setExit),
    deployCommand(io, setExit),
    explainCommand(io, setExit),
    crdsCommand(io, setExit),
    webhookCommand(io, setExit),
  ]) {
    program.addCommand(cmd);
  }
  program.exitOverride();
  const configure = (cmd: Command) => {
    cmd
      .exitOverride()
      .configureOutput({ writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(s) });
    cmd.showHelpAfterError('(run with --help for usage)');
    cmd.commands.forEach(configure);
  };
  program.commands.forEach(configure);
  return program;
};

/** Errors the user can fix by name (thrown by the server, token and client modules). */
const PLAIN_ERRORS = new Set(['StartupError', 'TokenFileError', 'ServerUnreachableError']);

/**
 * The one-line message of an error that is not a bug: an API refusal (a duplicate token name),
 * the environment (server down, unwritable directory, bad tokens file). Undefined for a bug.
 */
const plainMessage = (e: unknown): string | undefined => {
  if (!(e instanceof Error)) return undefined;
  const first = e.message.split('\n')[0]!;
  if (e instanceof ApiError || PLAIN_ERRORS.has(e.name)) return first;
  const code = (e as NodeJS.ErrnoException).code;
  if (typeof code === 'string' && /^E[A-Z0-9]+$/.test(code))
    return `${first} (check the path, its permissions and free space)`;
  return undefined;
};

/**
 * Runs the CLI and returns the exit code (SPEC §5): 0 success, 1 invalid input or refused, 2 usage
 * error. User mistakes print a message, never a stack trace.
 */
export const main = async (argv: string[], io: Io = defaultIo()): Promise<number> => {
  enablePrecompiledValidators(); // the build's compiled schemas, read when first needed
  let code: number = EXIT.ok;
  const program = buildProgram(io, (c) => (code = c));
  if (argv.length === 0) {
    program.outputHelp();
    return EXIT.usage;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (
        e.code === 'commander.helpDisplayed' ||
        e.code === 'commander.version' ||
        e.code === 'commander.help'
      )
        return EXIT.ok;
      return EXIT.usage; // commander already printed what was wrong
    }
    if (e instanceof UsageError) {
      io.err.write(`paletteai: ${e.message}\n(run with --help for usage)\n`);
      return EXIT.usage;
    }
    if (e instanceof InvalidInputError) {
      io.err.write(`paletteai: ${e.message}\n`);
      return EXIT.invalid;
    }
    const plain = plainMessage(e);
    if (plain !== undefined) {
      io.err.write(`paletteai: ${plain}\n`);
      if (process.env.PALETTEAI_DEBUG) io.err.write(`${(e as Error).stack}\n`);
      return EXIT.invalid;
    }
    const err = e as Error;
    io.err.write(`paletteai: internal error: ${err.message}\n`);
    if (process.env.PALETTEAI_DEBUG) io.err.write(`${err.stack}\n`);
    else io.err.write('This is a bug; rerun with PALETTEAI_DEBUG=1 for details and report it.\n');
    return EXIT.invalid;
  }
};

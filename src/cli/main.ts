import { Command, CommanderError } from 'commander';
import { ApiError } from '../model/errors.js';
import { EXIT, InvalidInputError, UsageError } from './errors.js';
import { defaultIo, type Io } from './io.js';

const VERSION = '0.1.0';

type CommandFactory = (io: Io, setExit: (code: number) => void) => Command;

/**
 * Every subcommand, in help order, with the module that defines it. Modules are imported only when
 * needed: `paletteai validate` loads the validator and nothing of the server, the client or the
 * Studio (their imports cost more than the validation of thousands of objects).
 */
const COMMANDS: readonly [string, () => Promise<CommandFactory>][] = [
  ['server', async () => (await import('./commands/server.js')).serverCommand],
  ['validate', async () => (await import('./commands/validate.js')).validateCommand],
  ['plan', async () => (await import('./commands/plan.js')).planCommand],
  ['render', async () => (await import('./commands/render.js')).renderCommand],
  ['token', async () => (await import('./commands/token.js')).tokenCommand],
  ['get', async () => (await import('./online/get.js')).getCommand],
  ['apply', async () => (await import('./online/apply.js')).applyCommand],
  ['delete', async () => (await import('./online/delete.js')).deleteCommand],
  ['describe', async () => (await import('./online/describe.js')).describeCommand],
  ['studio', async () => (await import('./studio/commands.js')).studioCommand],
  ['pool', async () => (await import('./commands/pool.js')).poolCommand],
  ['deploy', async () => (await import('./commands/deploy.js')).deployCommand],
  ['explain', async () => (await import('./commands/explain.js')).explainCommand],
  ['crds', async () => (await import('./commands/crds.js')).crdsCommand],
  ['webhook', async () => (await import('./commands/webhook.js')).webhookCommand],
];

/**
 * Builds the `paletteai` program; commands report their exit code through `setExit`. With `only`
 * (the subcommand the arguments name) just that command is loaded: its parsing, help and errors are
 * the same as in the full program; `''` loads none (`--version`). Without it (top-level help, an
 * unknown command and its "did you mean" suggestion) every command is.
 */
export const buildProgram = async (
  io: Io,
  setExit: (code: number) => void,
  only?: string,
): Promise<Command> => {
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
  const wanted = COMMANDS.filter(([name]) => only === undefined || name === only);
  const factories = await Promise.all(wanted.map(([, load]) => load()));
  for (const factory of factories) program.addCommand(factory(io, setExit));
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
  const named = COMMANDS.some(([name]) => name === argv[0]) ? argv[0] : undefined;
  if (named !== undefined) {
    // the build's compiled schemas, read when the first object is checked (help and --version check none)
    (await import('../rules/precompiled.js')).enablePrecompiledValidators();
  }
  // `--version` alone needs no command: the program is built without any (no name matches '')
  const version = argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V');
  let code: number = EXIT.ok;
  const program = await buildProgram(io, (c) => (code = c), version ? '' : named);
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

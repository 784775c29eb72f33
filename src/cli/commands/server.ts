import { Command, Option } from 'commander';
import type { Io } from '../io.js';
import { parseDuration } from '../options.js';

interface ServerCommandOptions {
  listen: string;
  data: string;
  storage: string;
  tlsSan: string[];
  /** `--event-ttl`, a duration (see `parseDuration`). */
  eventTtl: string;
}

/** `paletteai server`: runs the API server until SIGINT/SIGTERM, then shuts down gracefully. */
export const serverCommand = (io: Io, setExit: (code: number) => void) =>
  new Command('server')
    .description(
      'Run the Kubernetes-compatible API server (embedded SQLite, or PostgreSQL) until interrupted.',
    )
    .option('--listen <host:port>', 'address to listen on', '127.0.0.1:8080')
    .option('--data <dir>', 'data directory: database, tokens, audit log, kubeconfig', './.paletteai')
    .addOption(
      new Option(
        '--storage <sqlite|postgres://…>',
        'where objects live: the embedded SQLite file of the data directory, or a PostgreSQL URL ' +
          '(from PALETTEAI_STORAGE when not given: keeps a password out of the process list)',
      )
        .env('PALETTEAI_STORAGE')
        .default('sqlite'),
    )
    .option(
      '--tls-san <name>',
      'another DNS name or IP address for the serving certificate (repeatable), e.g. a Service name',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option(
      '--event-ttl <duration>',
      'how long an Event is kept after it last happened, as kube-apiserver does (0: for good)',
      '1h',
    )
    .addHelpText(
      'after',
      `
Examples:
  $ paletteai server
  $ paletteai server --listen 127.0.0.1:9090 --data /var/lib/paletteai
  $ paletteai server --storage postgres://paletteai:secret@127.0.0.1:5432/paletteai
  $ PALETTEAI_STORAGE=postgres://… paletteai server --listen 0.0.0.0:8443 --tls-san paletteai.tools.svc
  $ kubectl --kubeconfig .paletteai/kubeconfig get profilebundles -A`,
    )
    .action(async (opts: ServerCommandOptions) => {
      const eventTtlMs = parseDuration('--event-ttl', opts.eventTtl);
      const log = (m: string) => io.err.write(`${m}\n`);
      // Handlers first: a signal during start-up still ends in a clean shutdown once started.
      let stopRequested: ((signal: string) => void) | undefined;
      const requested = new Promise<string>((resolve) => (stopRequested = resolve));
      // `on`, not `once`: a second signal during the shutdown must not kill the process half-way.
      process.on('SIGINT', () => stopRequested?.('SIGINT'));
      process.on('SIGTERM', () => stopRequested?.('SIGTERM'));
      // Loaded on demand: offline commands never pay for the server's modules (TLS, SQLite).
      const { startServer } = await import('../../server/runServer.js');
      let running;
      try {
        running = await startServer({
          listen: opts.listen,
          data: opts.data,
          storage: opts.storage,
          tlsSans: opts.tlsSan,
          eventTtlMs,
          log,
        });
      } catch (e) {
        // Whatever stops a start (lock held, damaged database, port in use, bad tokens file) is
        // something to fix outside: one line, no stack (PALETTEAI_DEBUG=1 shows it).
        const err = e as Error;
        const message = String(err?.message ?? e)
          .split('\n')[0]!
          .trim();
        io.err.write(`paletteai server: ${message}\n`);
        if (process.env.PALETTEAI_DEBUG) io.err.write(`${err?.stack ?? ''}\n`);
        setExit(1);
        return;
      }
      log(
        `paletteai API server listening on ${running.url} (data: ${opts.data}; storage: ${opts.storage === 'sqlite' ? 'SQLite' : 'PostgreSQL'})`,
      );
      if (running.adminToken) log(`created an admin token and wrote ${running.kubeconfigPath}`);
      if (running.kubeconfigWritten)
        log(`use it:  export KUBECONFIG=${running.kubeconfigPath}; kubectl get profilebundles -A`);
      // The sign-in address carries a token: it goes to standard output, never into the log.
      if (running.signInUrl) io.out.write(`open the web UI: ${running.signInUrl}\n`);
      log('stop it: Ctrl-C');
      const signal = await requested;
      log(`${signal}: shutting down`);
      await running.close();
      setExit(0);
    });

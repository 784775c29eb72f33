/**
 * The `--listen HOST:PORT` flag of the server and the webhook: parsed, and why listening failed as
 * one line with the fix. Its own module: the webhook uses it without loading the server's storage.
 */
import { fsProblem, StartupError } from './dataDir.js';

/** `HOST:PORT` of a `--listen` flag (an empty host is 127.0.0.1; `[::1]` loses its brackets). */
export const parseListen = (listen: string): { host: string; port: number } => {
  const m = /^(.*):(\d+)$/.exec(listen);
  if (!m)
    throw new StartupError(
      `--listen must be HOST:PORT, e.g. 127.0.0.1:8080; found ${JSON.stringify(listen)}`,
    );
  const port = Number(m[2]);
  // Checked before anything is made: a port out of range failed in Node's listen, after the data
  // directory had been filled.
  if (port > 65535)
    throw new StartupError(
      `--listen port ${m[2]} is out of range: give a port from 1 to 65535 (0 takes any free one), e.g. 127.0.0.1:8080`,
    );
  return { host: m[1]!.replace(/^\[|\]$/g, '') || '127.0.0.1', port };
};

/** Why the server cannot listen, as one line with the fix. */
export const listenError = (listen: string, e: unknown): StartupError => {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE')
    return new StartupError(
      `${listen} is already in use by another process; pick another port with --listen HOST:PORT (port 0 takes any free one)`,
    );
  if (code === 'EACCES')
    return new StartupError(
      `not allowed to listen on ${listen} (EACCES); use a port above 1023 with --listen`,
    );
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new StartupError(
      `cannot listen on ${listen}: the address is not one of this machine's (${code}); use --listen 127.0.0.1:PORT`,
    );
  return new StartupError(`cannot listen on ${listen} (${fsProblem(e)})`);
};

/**
 * The data directory of one server: created private (0700), checked writable, and held by one
 * process at a time through `server.lock`. The reference index, list cache and watch hub live in
 * the server's memory, so two servers on one database would diverge (a delete through one breaks
 * references made through the other).
 */
import { constants, openSync, closeSync, writeSync, readFileSync, renameSync, unlinkSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

/** A start-up problem the operator can fix; the CLI prints its message as one line, no stack. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

/** What `server.lock` holds. */
export interface LockInfo {
  pid: number;
  /** The address the holder listens on; absent while it starts. */
  url?: string;
  /** ISO time the holder took the lock. */
  started: string;
}

/** The holder of a data directory; {@link release} on graceful shutdown. */
export interface DataDirLock {
  readonly path: string;
  /** Records the address the server listens on, for the message a second server prints. */
  setUrl(url: string): void;
  /** Removes the lock file if it is still ours. Idempotent. */
  release(): void;
}

export const LOCK_FILE = 'server.lock';

const errnoOf = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | undefined)?.code;

/** Describes a file system error for a one-line message: `EACCES: permission denied`. */
export const fsProblem = (e: unknown): string => {
  const err = e as NodeJS.ErrnoException;
  const code = err?.code;
  // Node's messages end with the syscall and the path, which the caller names itself.
  const text = /^[A-Z]+: ([^,]+)/.exec(err?.message ?? '')?.[1];
  return code ? `${code}${text ? `: ${text}` : ''}` : String(err?.message ?? e);
};

/** Creates the data directory (0700) if missing and refuses one the server cannot write. */
export const prepareDataDir = async (dir: string): Promise<void> => {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new StartupError(
      `cannot create the data directory ${dir} (${fsProblem(e)}); pick another --data or fix its parent's permissions`,
    );
  }
};

/** True when a process with this pid exists (EPERM: it exists, owned by someone else). */
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errnoOf(e) === 'EPERM';
  }
};

const readLock = (path: string): { text: string; info: LockInfo | undefined } | undefined => {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (errnoOf(e) === 'ENOENT') return undefined;
    throw e;
  }
  try {
    const v = JSON.parse(text) as Partial<LockInfo>;
    if (typeof v.pid === 'number' && Number.isInteger(v.pid) && v.pid > 0)
      return {
        text,
        info: { pid: v.pid, started: String(v.started ?? ''), ...(v.url ? { url: v.url } : {}) },
      };
  } catch {
    // a torn or foreign file: no holder can be named, treated as stale below
  }
  return { text, info: undefined };
};

/** The server that holds the data directory now (its lock names a live process); undefined if none. */
export const lockHolder = (dir: string): LockInfo | undefined => {
  const held = readLock(join(dir, LOCK_FILE));
  return held?.info && alive(held.info.pid) ? held.info : undefined;
};

const describeHolder = (info: LockInfo): string =>
  `pid ${info.pid}, ${info.url ? `listening on ${info.url}` : 'still starting'}${info.started ? `, since ${info.started}` : ''}`;

/**
 * Takes `DIR/server.lock` (created with O_EXCL, JSON {pid, url, started}). A lock whose process is
 * gone (kill -9, power loss) is taken over with a notice through `log`; a live holder makes this
 * throw a {@link StartupError} naming it. An unwritable directory is a StartupError too.
 */
export const lockDataDir = (dir: string, log: (message: string) => void): DataDirLock => {
  const path = join(dir, LOCK_FILE);
  const info: LockInfo = { pid: process.pid, started: new Date().toISOString() };
  const content = () => `${JSON.stringify(info)}\n`;
  for (let attempt = 0; ; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    } catch (e) {
      const code = errnoOf(e);
      if (code !== 'EEXIST' || attempt >= 3) {
        if (code === 'EEXIST') throw new StartupError(`cannot take ${path}: another server keeps taking it`);
        throw new StartupError(
          `the data directory ${dir} is not writable (${fsProblem(e)}); pick another --data or fix its permissions`,
        );
      }
      const held = readLock(path);
      if (!held) continue; // released meanwhile
      if (held.info && alive(held.info.pid)) {
        throw new StartupError(
          `the data directory ${dir} is in use by another paletteai server (${describeHolder(held.info)}); ` +
            `stop that server or pick another --data`,
        );
      }
      // Stale: take it over, unless someone else did since we read it.
      const again = readLock(path);
      if (again?.text !== held.text) continue;
      try {
        unlinkSync(path);
      } catch (err) {
        if (errnoOf(err) !== 'ENOENT') throw err;
      }
      log(
        held.info
          ? `notice: took over ${path} from pid ${held.info.pid}, which is no longer running (it did not shut down cleanly)`
          : `notice: replaced ${path}, which did not name a holder`,
      );
      continue;
    }
    try {
      writeSync(fd, content());
    } finally {
      closeSync(fd);
    }
    break;
  }
  let held = true;
  return {
    path,
    setUrl(url: string) {
      info.url = url;
      // Replaced atomically: a second server reads either the old or the new content, never half.
      const tmp = `${path}.${process.pid}.tmp`;
      const fd = openSync(tmp, 'w', 0o600);
      try {
        writeSync(fd, content());
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, path);
    },
    release() {
      if (!held) return;
      held = false;
      try {
        if (readLock(path)?.info?.pid === process.pid) unlinkSync(path);
      } catch {
        // gone already, or the directory went away: nothing to release
      }
    },
  };
};

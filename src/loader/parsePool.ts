import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { LoadLimits } from './limits.js';
import type { ParseRequest } from './parseWorker.js';
import type { DetachedLoad } from './text.js';

/** Most parse workers: past the cores there is nothing to win, and each costs its start-up. */
const MAX_WORKERS = 4;

/**
 * The compiled worker script beside this module (in the bundle, the bundle's own entry: hence the
 * URL of this chunk, not of the compiled module). Undefined when there is none, e.g. running from
 * the TypeScript sources: files are then parsed in the calling thread.
 */
const workerScript = (): URL | undefined => {
  const url = new URL('./parseWorker.js', import.meta.url /* bundle-relative */);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : undefined;
};

/**
 * How many workers to parse with: `PALETTEAI_PARSE_WORKERS` when set (0 parses in the calling
 * thread), otherwise one per core up to {@link MAX_WORKERS}; none on a single core.
 */
export const parseWorkerCount = (): number => {
  const asked = process.env.PALETTEAI_PARSE_WORKERS;
  if (asked !== undefined && asked !== '' && /^\d+$/.test(asked)) return Math.min(Number(asked), 16);
  const cores = availableParallelism();
  return cores < 2 ? 0 : Math.min(cores, MAX_WORKERS);
};

interface Pending {
  resolve(load: DetachedLoad): void;
  reject(err: Error): void;
}

interface Thread {
  worker: Worker;
  pending: Map<number, Pending>;
}

/**
 * Worker threads that parse files off the calling thread (the documents come back detached: JSON
 * text or plain objects, no closures). A parse whose worker fails rejects; the caller parses that
 * file itself.
 */
export class ParsePool {
  private readonly threads: Thread[] = [];
  private nextId = 0;

  private constructor(script: URL, limits: LoadLimits, size: number) {
    for (let i = 0; i < size; i++) {
      const thread: Thread = { worker: new Worker(script, { workerData: limits }), pending: new Map() };
      const fail = (err: Error) => {
        for (const p of thread.pending.values()) p.reject(err);
        thread.pending.clear();
        this.threads.splice(this.threads.indexOf(thread), 1);
      };
      thread.worker.on('message', (m: DetachedLoad & { id: number }) => {
        const p = thread.pending.get(m.id);
        thread.pending.delete(m.id);
        p?.resolve({ documents: m.documents, issues: m.issues });
      });
      thread.worker.on('error', fail);
      thread.worker.on('exit', () => fail(new Error('parse worker exited')));
      this.threads.push(thread);
    }
  }

  /** A pool of `size` workers; undefined when `size` is 0 or the worker script is not built. */
  static open(limits: LoadLimits, size = parseWorkerCount()): ParsePool | undefined {
    const script = size > 0 ? workerScript() : undefined;
    return script ? new ParsePool(script, limits, size) : undefined;
  }

  /** Parses one decoded file in the least busy worker. */
  parse(file: string, text: string): Promise<DetachedLoad> {
    const thread = this.threads.reduce<Thread | undefined>(
      (best, t) => (best === undefined || t.pending.size < best.pending.size ? t : best),
      undefined,
    );
    if (!thread) return Promise.reject(new Error('no parse worker left'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      thread.worker.postMessage({ id, file, text } satisfies ParseRequest);
    });
  }

  /** Stops the workers (what they still hold is rejected). */
  close(): void {
    for (const t of [...this.threads]) void t.worker.terminate();
  }
}

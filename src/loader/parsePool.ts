import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { LoadLimits } from './limits.js';
import type { ParseReply, ParseRequest } from './parseWorker.js';
import type { DetachedLoad } from './text.js';

/** Most parse workers: each costs its start-up. */
const MAX_WORKERS = 16;
/** Files a worker holds at once: the next one waits in its queue while it parses one. */
const PER_WORKER = 2;

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
 * How many workers to parse with: `PALETTEAI_PARSE_WORKERS` (0, the default, parses in the calling
 * thread). Off by default: on the 2-core machine of issue #11 workers cost ~50 % more CPU (their
 * start, the documents sent back as JSON) for a wall-time gain only when both cores are idle.
 */
export const parseWorkerCount = (): number => {
  const asked = process.env.PALETTEAI_PARSE_WORKERS;
  return asked !== undefined && /^\d+$/.test(asked) ? Math.min(Number(asked), MAX_WORKERS) : 0;
};

/**
 * A file read and waiting to be parsed: by a worker, or by the caller itself (it sets `taken`)
 * while no worker is ready.
 */
export interface ParseJob {
  file: string;
  text: string;
  taken: boolean;
  /** The worker's answer; undefined when the worker failed (parse it yourself then). */
  result: Promise<DetachedLoad | undefined>;
  answer(load: DetachedLoad | undefined): void;
}

/** A job for `text` of `file`, not taken yet. */
export const parseJob = (file: string, text: string): ParseJob => {
  let answer!: (load: DetachedLoad | undefined) => void;
  const result = new Promise<DetachedLoad | undefined>((resolve) => (answer = resolve));
  return { file, text, taken: false, result, answer };
};

interface Thread {
  worker: Worker;
  ready: boolean;
  dead: boolean;
  /** Answers awaited, by request id. */
  waiting: Map<number, ParseJob>;
}

/**
 * Worker threads that parse files off the calling thread. Workers pull the next job through `take`
 * as soon as they are started and whenever they have room, so the caller never waits for a worker
 * that is still starting: a file nobody took yet it parses itself.
 */
export class ParsePool {
  private readonly threads: Thread[] = [];
  private nextId = 0;

  private constructor(
    script: URL,
    limits: LoadLimits,
    size: number,
    private readonly take: () => ParseJob | undefined,
    private readonly allFailed: () => void,
  ) {
    for (let i = 0; i < size; i++) {
      const thread: Thread = {
        worker: new Worker(script, { workerData: limits }),
        ready: false,
        dead: false,
        waiting: new Map(),
      };
      const fail = () => {
        thread.dead = true;
        for (const job of thread.waiting.values()) job.answer(undefined);
        thread.waiting.clear();
        if (!this.alive()) allFailed();
      };
      thread.worker.on('message', (m: ParseReply) => {
        if ('ready' in m) thread.ready = true;
        else {
          thread.waiting.get(m.id)?.answer({ documents: m.documents, issues: m.issues });
          thread.waiting.delete(m.id);
        }
        this.feed(thread);
      });
      thread.worker.on('error', fail);
      thread.worker.on('exit', fail);
      this.threads.push(thread);
    }
  }

  /**
   * A pool of `size` workers (default {@link parseWorkerCount}); undefined when `size` is 0 or the
   * worker script is not built. Workers take jobs through `take`; `allFailed` is called when the
   * last worker died (jobs nobody took then never will be).
   */
  static open(
    limits: LoadLimits,
    take: () => ParseJob | undefined,
    size = parseWorkerCount(),
    allFailed: () => void,
  ): ParsePool | undefined {
    const script = size > 0 ? workerScript() : undefined;
    return script ? new ParsePool(script, limits, size, take, allFailed) : undefined;
  }

  /**
   * Whether a worker is ready to take jobs: then the caller leaves every job to the workers and
   * awaits its result (parsing one itself would not let the workers be fed meanwhile).
   */
  working(): boolean {
    return this.threads.some((t) => t.ready && !t.dead);
  }

  /** Whether a worker is not dead (ready or still starting). */
  alive(): boolean {
    return this.threads.some((t) => !t.dead);
  }

  /** Hands jobs to workers with room (call when new files were read). */
  wake(): void {
    for (const t of this.threads) this.feed(t);
  }

  private feed(thread: Thread): void {
    while (thread.ready && !thread.dead && thread.waiting.size < PER_WORKER) {
      const job = this.take();
      if (!job) return;
      const id = this.nextId++;
      job.taken = true;
      thread.waiting.set(id, job);
      thread.worker.postMessage({ id, file: job.file, text: job.text } satisfies ParseRequest);
    }
  }

  /** Stops the workers (what they still hold is answered with undefined). */
  close(): void {
    for (const t of this.threads) void t.worker.terminate();
  }
}

// A parse worker of ParsePool: parses the files it is sent (YAML or JSON, the same loader as in the
// main thread) and answers with their detached documents and issues.
import { parentPort, workerData } from 'node:worker_threads';
import type { LoadLimits } from './limits.js';
import { loadDetached, type DetachedLoad } from './text.js';

/** What the pool sends: one decoded file. */
export interface ParseRequest {
  id: number;
  file: string;
  text: string;
}

/** What a worker answers: that it is ready for files, or one file's documents and issues. */
export type ParseReply = { ready: true } | ({ id: number } & DetachedLoad);

const limits = workerData as LoadLimits;
parentPort?.on('message', ({ id, file, text }: ParseRequest) => {
  parentPort?.postMessage({ id, ...loadDetached(text, file, limits) } satisfies ParseReply);
});
parentPort?.postMessage({ ready: true } satisfies ParseReply);

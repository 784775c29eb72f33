// A parse worker of {@link ParsePool}: parses the files it is sent (YAML or JSON, the same loader as
// in the main thread) and answers with their detached documents and issues.
import { parentPort, workerData } from 'node:worker_threads';
import type { LoadLimits } from './limits.js';
import { loadDetached } from './text.js';

/** What the pool sends: one decoded file. */
export interface ParseRequest {
  id: number;
  file: string;
  text: string;
}

const limits = workerData as LoadLimits;
parentPort?.on('message', ({ id, file, text }: ParseRequest) => {
  parentPort?.postMessage({ id, ...loadDetached(text, file, limits) });
});

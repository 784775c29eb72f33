import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * A yield point for long loops on the event loop (an import's thousands of writes): awaiting it
 * gives other requests a turn once `ms` of work has gone by, so a long operation delays a health
 * check or a read by about `ms`, not by its whole length.
 */
export const yieldPoint = (ms = 10): (() => Promise<void>) => {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < ms) return;
    await nextTurn();
    since = performance.now();
  };
};

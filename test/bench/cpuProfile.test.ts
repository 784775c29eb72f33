/**
 * The create benchmark's breakdown (bench/cpuProfile.ts): each sample goes to the nearest part of
 * the server from its leaf up, start-up is left out, and the shares add up.
 */
import { describe, expect, it } from 'vitest';
import { breakdown } from '../../bench/cpuProfile.js';

const frame = (id: number, functionName: string, url: string, children: number[] = []) => ({
  id,
  callFrame: { functionName, url },
  children,
});

describe('the CPU profile breakdown', () => {
  it('gives each sample to the nearest part from the leaf up', () => {
    const profile = {
      nodes: [
        frame(1, '(root)', '', [2, 3, 4, 7]),
        frame(2, '(idle)', ''),
        frame(3, 'handle', 'file:///x/dist/src/server/handlers/write.js', [5]),
        frame(4, 'compileFunction', 'node:internal/modules/cjs/loader'),
        // admission inside the handler; the store's query inside admission
        frame(5, 'evaluate', 'file:///x/dist/src/apiserver/admission.js', [6]),
        frame(6, 'get', 'file:///x/node_modules/better-sqlite3/lib/methods/wrappers.js'),
        frame(7, 'processTicksAndRejections', 'node:internal/process/task_queues'),
      ],
      samples: [2, 3, 5, 6, 6, 4, 4, 4, 7],
      timeDeltas: [10, 10, 10, 10, 10, 10, 10, 10, 10],
    };
    const parts = Object.fromEntries(breakdown(profile).map((p) => [p.part, p.share]));
    expect(parts).toEqual({
      'idle (waiting for the disk or the network)': 1 / 6,
      'HTTP, TLS and JSON (request in, response out)': 1 / 6,
      'admission (schema, rules, references)': 1 / 6,
      'store: SQL inserts of 4 tables and COMMIT (admission reads included)': 2 / 6,
      other: 1 / 6,
    });
  });
});

/**
 * The benchmarks' CPU profile breakdown (bench/cpuProfile.ts): each sample goes to the nearest part
 * from its leaf up, parts can be left out, the shares add up, and a frame of the CLI bundle is named
 * by the source module esbuild marked it with.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { breakdown, SERVER_PARTS, START_UP } from '../../bench/cpuProfile.js';

const frame = (id: number, functionName: string, url: string, children: number[] = [], lineNumber = 0) => ({
  id,
  callFrame: { functionName, url, lineNumber },
  children,
});

const shares = (parts: { part: string; share: number }[]) =>
  Object.fromEntries(parts.map((p) => [p.part, p.share]));

describe('the CPU profile breakdown', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('gives each sample to the nearest part from the leaf up, start-up left out when asked', () => {
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
    expect(shares(breakdown(profile, SERVER_PARTS, [START_UP]))).toEqual({
      'idle (waiting for the disk or the network)': 1 / 6,
      'HTTP, TLS and JSON (request in, response out)': 1 / 6,
      'admission (schema, rules, references)': 1 / 6,
      'store: SQL inserts of 4 tables and COMMIT (admission reads included)': 2 / 6,
      other: 1 / 6,
    });
    const all = breakdown(profile);
    expect(all.find((p) => p.part === START_UP)).toEqual({ part: START_UP, share: 3 / 9, ms: 0.03 });
    expect(all.reduce((a, p) => a + p.share, 0)).toBeCloseTo(1);
  });

  it("names a bundle frame by the module esbuild's marker line above it", () => {
    const dir = mkdtempSync(join(tmpdir(), 'paletteai-cpuprofile-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'dist', 'bundle'), { recursive: true });
    const chunk = join(dir, 'dist', 'bundle', 'chunk-TEST.js');
    writeFileSync(
      chunk,
      [
        'import "x";', // line 0: before any marker
        '// dist/src/storage/sqliteStore.js',
        'function commit() {}', // line 2
        '// dist/src/apiserver/admission.js',
        'function admit() {', // line 4
        '}',
      ].join('\n'),
    );
    const url = pathToFileURL(chunk).href;
    const profile = {
      nodes: [
        frame(1, '(root)', '', [2, 3, 4]),
        frame(2, 'commit', url, [], 2),
        frame(3, 'admit', url, [], 5),
        frame(4, 'top', url, [], 0),
      ],
      samples: [2, 3, 3, 4],
      timeDeltas: [10, 10, 10, 10],
    };
    expect(shares(breakdown(profile))).toEqual({
      'store: SQL inserts of 4 tables and COMMIT (admission reads included)': 1 / 4,
      'admission (schema, rules, references)': 2 / 4,
      other: 1 / 4,
    });
  });
});

/**
 * The Studio import endpoint over catalog archives whose YAML was changed before packing (so the
 * digests match and the import gets past the reader to the content checks and the writes): one
 * value somewhere replaced by an arbitrary, sometimes hostile, one. Each import answers 200/201 or
 * a clean 4xx, never a 5xx; a refusal leaves the store as it was.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packCatalog } from '../server/catalogArchives.js';
import { expectCleanRefusal, IMPORT_PATH, startFuzzApp, type FuzzApp } from './fuzzApp.js';
import { fcParams, timeoutFor } from './params.js';

let f: FuzzApp;
beforeAll(async () => {
  f = await startFuzzApp();
});
afterAll(() => f?.close());

/** Every path (list of keys and indices) to a value inside a document. */
const paths = (v: unknown, at: (string | number)[] = []): (string | number)[][] =>
  v !== null && typeof v === 'object'
    ? [at, ...Object.entries(v).flatMap(([k, x]) => paths(x, [...at, Array.isArray(v) ? Number(k) : k]))]
    : [at];

/** Sets the value at `path` (the root is replaced through its parent map by the caller). */
const setAt = (doc: any, path: (string | number)[], value: unknown): void => {
  let o = doc;
  for (const k of path.slice(0, -1)) o = o[k];
  o[path.at(-1)!] = value;
};

const value = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(null, '', -1, 1e308, '../../etc/passwd', 'a'.repeat(300), '{{ .Values.x }}', '${HOME}', {}),
);

describe('the Studio import over edited catalog archives', () => {
  it(
    'answers 200/201 or a clean 4xx, never 5xx; a refusal writes nothing',
    async () => {
      const seen = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('vllm-model', 'open-webui', 'edge-gpu-infra'),
          fc.nat(),
          fc.nat(),
          value,
          fc
            .tuple(
              fc.constantFrom('', 'overwrite=true', 'dryRun=All'),
              // --set values: names the bundles declare, hostile names, arbitrary values
              fc.array(
                fc.tuple(
                  fc.constantFrom('maxModelLen', 'model', '__proto__', 'constructor', '', 'a.b[0]'),
                  fc.string({ maxLength: 10 }),
                ),
                { maxLength: 2 },
              ),
            )
            .map(([flag, sets]) => {
              const q = new URLSearchParams(flag);
              for (const [n, v] of sets) q.append('set', `${n}=${v}`);
              return q.size ? `?${q}` : '';
            }),
          async (entry, fileAt, pathAt, v, query) => {
            const archive = await packCatalog(entry, (docs) => {
              const files = [...docs.keys()].sort();
              const file = files[fileAt % files.length]!;
              const doc = docs.get(file);
              const all = paths(doc).filter((p) => p.length > 0);
              if (all.length === 0) docs.set(file, v);
              else setAt(doc, all[pathAt % all.length]!, v);
            });
            const before = await f.snapshot();
            const r = await f.send('POST', IMPORT_PATH + query, archive, {
              'content-type': 'application/gzip',
            });
            seen.set(r.status, (seen.get(r.status) ?? 0) + 1);
            expect(r.status, JSON.stringify(r.body)?.slice(0, 400)).toBeLessThan(500);
            expect(f.logs).toEqual([]);
            if (r.status >= 400) {
              expectCleanRefusal(r, `import of edited ${entry}`);
              expect(await f.snapshot()).toEqual(before);
            }
          },
        ),
        fcParams(70),
      );
      console.log('import statuses', Object.fromEntries(seen));
      expect(seen.get(422) ?? 0).toBeGreaterThan(0);
      expect((seen.get(200) ?? 0) + (seen.get(201) ?? 0)).toBeGreaterThan(0);
    },
    timeoutFor(),
  );
});

/**
 * The Studio archive reader (readArchive: a .tar.gz read in memory, within limits) over mutated
 * bytes of a real catalog archive: flipped, cut and inserted bytes, in the gzip stream and in the
 * tar inside it. Each input is either read (and then every path is safe and the content checker
 * copes) or refused with an ArchiveError that names what was wrong; never another exception type,
 * never a hang, never a file written.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectFiles } from '../../src/studio/archiveContent.js';
import { ARCHIVE_CODES, ArchiveError } from '../../src/studio/errors.js';
import { readArchive, scanArchive } from '../../src/studio/index.js';
import { packCatalog } from '../server/catalogArchives.js';
import { fcParams, timeoutFor } from './params.js';

/** Longest one read may take (a guard against a hang, not a budget: a real read takes ~1 ms). */
const HANG_MS = 2_000;

/** One edit of a byte string. */
type Mutation =
  | { type: 'flip'; at: number; mask: number }
  | { type: 'cut'; at: number }
  | { type: 'insert'; at: number; bytes: Uint8Array }
  | { type: 'overwrite'; at: number; bytes: Uint8Array };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('flip' as const),
      at: fc.nat(),
      mask: fc.integer({ min: 1, max: 255 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('cut' as const), at: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('insert' as const),
      at: fc.nat(),
      bytes: fc.uint8Array({ minLength: 1, maxLength: 600 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('overwrite' as const),
      at: fc.nat(),
      bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }),
    }),
  },
);

/** The bytes after the mutations (positions wrap around the current length). */
const mutate = (input: Buffer, edits: Mutation[]): Buffer => {
  let b = Buffer.from(input);
  for (const m of edits) {
    const at = b.length === 0 ? 0 : m.at % b.length;
    if (m.type === 'flip' && b.length) b[at] = b[at]! ^ m.mask;
    else if (m.type === 'cut') b = b.subarray(0, at);
    else if (m.type === 'insert') b = Buffer.concat([b.subarray(0, at), m.bytes, b.subarray(at)]);
    else if (m.type === 'overwrite') Buffer.from(m.bytes).copy(b, at);
  }
  return b;
};

/** A path that, joined to a folder, stays inside it (what an extractor writing it would need). */
const expectSafePath = (root: string, path: string) => {
  expect(path).not.toMatch(/^\/|\\|^[A-Za-z]:|(^|\/)\.\.?(\/|$)|\/\/|\0/);
  expect(resolve(root, path).startsWith(root + sep), path).toBe(true);
};

/** What reading ends in: the files (path and bytes) or the refusal's message. */
const outcomeOf = (read: () => Map<string, Buffer>): unknown => {
  try {
    return [...read()].map(([path, data]) => [path, data.toString('base64')]);
  } catch (e) {
    if (e instanceof ArchiveError) return e.message;
    throw e;
  }
};

/** What the reads ended in: `read` or an archive code. */
const outcomes = new Map<string, number>();

/** Reads `bytes`: a result or an ArchiveError, nothing else, within the hang guard. */
const readChecked = (bytes: Buffer, root: string): void => {
  const started = performance.now();
  let files: Map<string, Buffer> | undefined;
  try {
    files = readArchive(bytes).files;
  } catch (e) {
    expect(e, `${(e as Error)?.name}: ${(e as Error)?.message}`).toBeInstanceOf(ArchiveError);
    const err = e as ArchiveError;
    outcomes.set(err.code, (outcomes.get(err.code) ?? 0) + 1);
    expect(Object.keys(ARCHIVE_CODES)).toContain(err.code);
    expect(err.message).toMatch(/^AR\d{3}: \S.{10,}/);
    expect(err.message).not.toMatch(/undefined|NaN|\[object /);
  }
  expect(performance.now() - started, 'read time').toBeLessThan(HANG_MS);
  if (!files) return;
  outcomes.set('read', (outcomes.get('read') ?? 0) + 1);
  for (const path of files.keys()) expectSafePath(root, path);
  // What the import does next: check the content. It reports problems; it must not throw.
  expect(() => inspectFiles(files, true)).not.toThrow();
};

describe('the Studio archive reader over mutated catalog archives', () => {
  let archive: Buffer;
  let tar: Buffer;
  let root: string;
  let cwd: string;
  beforeAll(async () => {
    archive = await packCatalog('vllm-model');
    tar = gunzipSync(archive);
    root = mkdtempSync(join(tmpdir(), 'paletteai-fuzz-archive-'));
    cwd = process.cwd();
    process.chdir(root); // a relative write would land here: the folder must stay empty
  });
  afterAll(() => {
    process.chdir(cwd);
    rmSync(root, { recursive: true, force: true });
  });

  it('reads the unmutated archive', () => {
    expect([...readArchive(archive).files.keys()]).toContain('profilebundle.yaml');
  });

  it(
    'mutated gzip bytes: a result or an ArchiveError, nothing written',
    () => {
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (edits) => {
          readChecked(mutate(archive, edits), root);
        }),
        fcParams(400),
      );
      expect(readdirSync(root)).toEqual([]);
    },
    timeoutFor(),
  );

  it(
    'mutated tar bytes, gzipped again (reaching the tar parser): a result or an ArchiveError',
    () => {
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (edits) => {
          readChecked(gzipSync(mutate(tar, edits), { level: 1 }), root);
        }),
        fcParams(600),
      );
      expect(readdirSync(root)).toEqual([]);
      // Both sides are reached: archives that still read, and refusals for several reasons.
      console.log('archive outcomes', Object.fromEntries(outcomes));
      expect(outcomes.get('read') ?? 0).toBeGreaterThan(0);
      expect(outcomes.size).toBeGreaterThan(4);
    },
    timeoutFor(),
  );

  it(
    'the archive read as a stream (the import) gives what it gives read whole, mutated bytes and all',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(mutation, { minLength: 1, maxLength: 4 }),
          fc.boolean(),
          async (edits, inTar) => {
            const bytes = inTar ? gzipSync(mutate(tar, edits), { level: 1 }) : mutate(archive, edits);
            const whole = outcomeOf(() => readArchive(bytes).files);
            const files = new Map<string, Buffer>();
            let streamed: unknown;
            try {
              await scanArchive(bytes, (path, data) => files.set(path, Buffer.from(data)));
              streamed = outcomeOf(() => files);
            } catch (e) {
              streamed = outcomeOf(() => {
                throw e;
              });
            }
            expect(streamed).toEqual(whole);
          },
        ),
        fcParams(300),
      );
    },
    timeoutFor(),
  );
});

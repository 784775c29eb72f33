import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedDocument, LoadResult } from './types.js';
import type { loadFiles as LoadFiles } from './files.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let dir: string;
/** The compiled loader (npm run build first): its parse worker script exists only there. */
let loadFiles: typeof LoadFiles;

beforeAll(async () => {
  ({ loadFiles } = (await import(pathToFileURL(join(ROOT, 'dist/src/loader/files.js')).href)) as {
    loadFiles: typeof LoadFiles;
  });
  // every example, valid and broken: syntax errors, alias bombs, too deep, not UTF-8, Lists, JSON
  dir = await mkdtemp(join(tmpdir(), 'paletteai-pool-'));
  await cp(join(ROOT, 'examples'), join(dir, 'examples'), { recursive: true });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** What a load gave, lines of a few fields included (they are read again from the files). */
const comparable = (r: LoadResult) => ({
  files: r.files,
  issues: r.issues,
  documents: r.documents.map((d: LoadedDocument) => ({
    object: d.object,
    file: d.file,
    line: d.line,
    index: d.index,
    lines: [['metadata', 'name'], ['spec'], ['spec', 'layers', 1], ['nowhere']].map((p) => d.lineOf(p)),
  })),
});

describe('loadFiles with parse workers (compiled loader)', () => {
  it('gives what parsing in the calling thread gives, every file parsed by a worker', async () => {
    const parallel = { workers: 2, afterChars: 0, waitForWorkers: true, parsedByWorkers: 0 };
    const pooled = await loadFiles([dir], undefined, { dropText: true, parallel });
    const here = await loadFiles([dir], undefined, { dropText: true });
    expect(here.documents.length).toBeGreaterThan(100);
    expect(here.issues.length).toBeGreaterThan(5);
    // the files with text, less the one a worker found too deep (checked again here): all by workers
    expect(parallel.parsedByWorkers).toBeGreaterThan(here.files.length - 5);
    expect(comparable(pooled)).toEqual(comparable(here));
  });

  it('parses in the calling thread when asked for no workers', async () => {
    const parallel = { workers: 0, afterChars: 0, parsedByWorkers: -1 };
    const r = await loadFiles([dir], undefined, { dropText: true, parallel });
    expect(parallel.parsedByWorkers).toBe(0);
    expect(r.documents.length).toBeGreaterThan(100);
  });
});

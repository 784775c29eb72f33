/**
 * Replays every case of the fuzz corpus (test/fuzz/corpus/) against one in-process server: each
 * answers a clear 4xx (a Status with a message, no stack), never a 5xx or a hang, and leaves the
 * store exactly as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus, TARGETS } from './corpus.js';
import { expectCleanRefusal, startFuzzApp, type FuzzApp } from './fuzzApp.js';

const cases = loadCorpus();
let f: FuzzApp;

beforeAll(async () => {
  f = await startFuzzApp();
});
afterAll(() => f?.close());

describe('the fuzz corpus', () => {
  it('holds cases for every target', () => {
    for (const target of TARGETS)
      expect(cases.filter((c) => c.target === target).length, target).toBeGreaterThanOrEqual(10);
  });

  for (const c of cases)
    it(`${c.file}: ${c.description}`, async () => {
      const before = await f.snapshot();
      const r = await f.send(c.request.method, c.request.path, c.body, c.request.headers ?? {});
      if (c.expect) expect(c.expect.status, JSON.stringify(r.body)?.slice(0, 300)).toContain(r.status);
      else expectCleanRefusal(r, c.file);
      expect(await f.snapshot(), 'the store is unchanged').toEqual(before);
      expect(({} as Record<string, unknown>).polluted, 'Object.prototype is untouched').toBeUndefined();
      expect(f.logs, 'nothing logged (a 500 logs its stack)').toEqual([]);
    });
});

/**
 * Structure-aware protobuf bodies: the `k8s\0` magic and a `runtime.Unknown` envelope that is
 * well-formed enough to reach the Secret and Namespace decoders, with random fields (numbers, wire
 * types, lengths that may lie) inside. Each answers 201 or a clean 4xx, never a 5xx; a refusal
 * leaves the store as it was.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOBUF_CONTENT_TYPE } from '../../src/server/api/protobuf.js';
import { expectCleanRefusal, SECRET_PATH, startFuzzApp, type FuzzApp } from './fuzzApp.js';
import { fcParams, timeoutFor } from './params.js';

let f: FuzzApp;
beforeAll(async () => {
  f = await startFuzzApp();
});
afterAll(() => f?.close());

const varint = (n: number): number[] => {
  const out: number[] = [];
  do {
    out.push((n & 0x7f) | (n >= 0x80 ? 0x80 : 0));
    n = Math.floor(n / 128);
  } while (n > 0);
  return out;
};
/** A length-delimited field. */
const bytesField = (no: number, data: Uint8Array | number[]): number[] => [
  ...varint(no * 8 + 2),
  ...varint(data.length),
  ...data,
];
const text = (s: string) => [...Buffer.from(s)];

/** One raw field: mostly well-formed, sometimes a lying length or an odd wire type. */
const no = fc.integer({ min: 1, max: 20 });
const field: fc.Arbitrary<number[]> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.tuple(no, fc.nat()).map(([n, v]) => [...varint(n * 8), ...varint(v)]),
  },
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        no,
        fc.oneof(
          fc.uint8Array({ maxLength: 40 }),
          fc.string({ maxLength: 20 }).map((s) => text(s)),
        ),
      )
      .map(([n, data]) => bytesField(n, data)),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(no, fc.integer({ min: 1, max: 2 ** 31 }))
      .map(([n, lie]) => [...varint(n * 8 + 2), ...varint(lie)]),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(no, fc.constantFrom(1, 3, 4, 5, 6, 7))
      .map(([n, wire]) => [...varint(n * 8 + wire), 0, 0, 0, 0]),
  },
);
/** An ObjectMeta-like message: a name, a namespace, labels, then random fields. */
const meta = fc
  .tuple(fc.constantFrom('pb-a', 'pb-b', '', 'UPPER', 'a'.repeat(300)), fc.array(field, { maxLength: 3 }))
  .map(([name, rest]) => [...bytesField(1, text(name)), ...rest.flat()]);
/** The kind's message: metadata (field 1), then random fields (data, stringData, type...). */
const raw = fc
  .tuple(meta, fc.array(field, { maxLength: 5 }))
  .map(([m, rest]) => [...bytesField(1, m), ...rest.flat()]);
const envelope = fc
  .tuple(
    fc.constantFrom('Secret', 'Namespace', 'SelfSubjectAccessReview', 'ConfigMap', ''),
    fc.constantFrom('v1', 'v2', ''),
    raw,
    fc.array(field, { maxLength: 2 }),
  )
  .map(([kind, apiVersion, r, extra]) =>
    Buffer.from([
      0x6b,
      0x38,
      0x73,
      0x00,
      ...bytesField(1, [...bytesField(1, text(apiVersion)), ...bytesField(2, text(kind))]),
      ...bytesField(2, r),
      ...extra.flat(),
    ]),
  );

describe('protobuf bodies', () => {
  it(
    'a structured but arbitrary protobuf body answers 201 or a clean 4xx, never 5xx',
    async () => {
      const seen = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(SECRET_PATH, '/api/v1/namespaces'), envelope, async (path, body) => {
          const before = await f.snapshot();
          const r = await f.send('POST', path, body, { 'content-type': PROTOBUF_CONTENT_TYPE });
          seen.set(r.status, (seen.get(r.status) ?? 0) + 1);
          const what = `POST ${path} ${body.toString('base64')}`;
          expect(r.status, `${what}: ${JSON.stringify(r.body)?.slice(0, 300)}`).toBeLessThan(500);
          expect(f.logs).toEqual([]);
          if (r.status >= 400) {
            expectCleanRefusal(r, what);
            expect(await f.snapshot()).toEqual(before);
          }
        }),
        fcParams(300),
      );
      console.log('protobuf statuses', Object.fromEntries(seen));
      expect(seen.size).toBeGreaterThan(1);
    },
    timeoutFor(),
  );
});

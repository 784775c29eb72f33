/**
 * Properties of the HTTP face under arbitrary input (fast-check, fixed seed, bounded runs): bodies
 * POSTed to create endpoints, JSON patch operation lists, and selector strings. Each request answers
 * a clean 4xx or a success, never a 5xx; a refusal leaves the store as it was; nothing pollutes
 * Object.prototype. The patch applier is also checked directly, with many more operation lists.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/model/index.js';
import { jsonPatch } from '../../src/server/patch.js';
import { clusterProfile } from '../server/harness.js';
import {
  CP_PATH,
  expectCleanRefusal,
  SECRET_PATH,
  SEED,
  startFuzzApp,
  WP_PATH,
  type FuzzApp,
} from './fuzzApp.js';
import { fcParams, timeoutFor } from './params.js';

let f: FuzzApp;
beforeAll(async () => {
  f = await startFuzzApp();
});
afterAll(() => f?.close());

/** What Object.prototype and Array.prototype hold now (to notice pollution). */
const prototypes = () => [
  Object.getOwnPropertyNames(Object.prototype),
  Object.getOwnPropertyNames(Array.prototype),
];
const cleanPrototypes = prototypes();
const expectNoPollution = () => {
  expect(({} as Record<string, unknown>).polluted, 'Object.prototype.polluted').toBeUndefined();
  expect(prototypes()).toEqual(cleanPrototypes);
};

/**
 * One request: never a 5xx, nothing logged; a refusal is clean and changes nothing. Returns the
 * status for the property's own checks.
 */
const sendChecked = async (method: string, path: string, body: Buffer, type: string): Promise<number> => {
  const before = await f.snapshot();
  const r = await f.send(method, path, body, { 'content-type': type });
  const what = `${method} ${path} (${type}) ${JSON.stringify(body.toString('latin1').slice(0, 300))}`;
  expect(r.status, `${what}: ${JSON.stringify(r.body)?.slice(0, 400)}`).toBeLessThan(500);
  expect(f.logs, `${what}: nothing logged`).toEqual([]);
  if (r.status >= 400) {
    expectCleanRefusal(r, what);
    expect(await f.snapshot(), `${what}: a refusal changes nothing`).toEqual(before);
  }
  expectNoPollution();
  return r.status;
};

const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'polluted', '', '~', '/', '\u0000', 'é'];
/** JSON values whose keys are sometimes hostile (JSON.stringify keeps a `__proto__` own key). */
const hostileJson = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue({ maxDepth: 2 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 8 })), tie('value'), {
      maxKeys: 4,
    }),
  ),
})).value;

/** A valid ClusterProfile with one field replaced by an arbitrary value. */
const mutatedProfile = fc
  .record({
    name: fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/),
    field: fc.constantFrom(
      'none',
      'metadata',
      'spec',
      'spec.type',
      'spec.layers',
      'metadata.labels',
      'status',
      'extra',
    ),
    value: hostileJson,
  })
  .map(({ name, field, value }) => {
    const o = clusterProfile(`fz-${name}`) as unknown as Record<string, any>;
    const [a, b] = field.split('.') as [string, string | undefined];
    if (a === 'none') return JSON.stringify(o);
    if (b) o[a] = { ...o[a], [b]: value };
    else o[a] = value;
    return JSON.stringify(o);
  });

const PROTOBUF = 'application/vnd.kubernetes.protobuf';
const TYPES = ['application/json', 'application/yaml', PROTOBUF];
const MAGIC = Buffer.from('k8s\0', 'latin1');

describe('properties of the HTTP face', () => {
  it(
    'an arbitrary body POSTed to a create endpoint answers 201 or a clean 4xx, never 5xx',
    async () => {
      const text = fc.constantFrom('application/json', 'application/yaml');
      const buf = (t: string) => Buffer.from(t);
      const anyPath = fc.constantFrom(CP_PATH, WP_PATH, SECRET_PATH, '/api/v1/namespaces');
      // [path, body, content type]: mostly real objects with one field gone wrong, then garbage of every kind.
      const request = fc.oneof(
        { weight: 5, arbitrary: fc.tuple(fc.constant(CP_PATH), mutatedProfile.map(buf), text) },
        { weight: 1, arbitrary: fc.tuple(anyPath, fc.json().map(buf), text) },
        {
          weight: 1,
          arbitrary: fc.tuple(
            anyPath,
            hostileJson.map((v) => buf(JSON.stringify(v) ?? 'null')),
            text,
          ),
        },
        {
          weight: 1,
          arbitrary: fc.tuple(
            anyPath,
            fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
            fc.constantFrom(...TYPES),
          ),
        },
        {
          weight: 1,
          arbitrary: fc.tuple(
            anyPath,
            fc.uint8Array({ maxLength: 120 }).map((b) => Buffer.concat([MAGIC, b])),
            fc.constant(PROTOBUF),
          ),
        },
      );
      const seen = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(request, async ([p, b, t]) => {
          const status = await sendChecked('POST', p, b, t);
          seen.set(status, (seen.get(status) ?? 0) + 1);
          expect([201, 400, 403, 404, 409, 413, 415, 422], String(status)).toContain(status);
        }),
        fcParams(200),
      );
      // The generators reach both sides: objects that are created and bodies that are refused.
      console.log('create statuses', Object.fromEntries(seen));
      for (const code of [201, 400, 415, 422])
        expect(seen.get(code) ?? 0, `status ${code} seen`).toBeGreaterThan(0);
    },
    timeoutFor(),
  );

  it(
    'an arbitrary JSON patch answers 200 or a clean 4xx, never 5xx, and pollutes no prototype',
    async () => {
      const seen = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(SEED.clusterProfile.path, SEED.secret.path),
          patchOps,
          async (p, ops) => {
            const status = await sendChecked(
              'PATCH',
              p,
              Buffer.from(JSON.stringify(ops)),
              'application/json-patch+json',
            );
            seen.set(status, (seen.get(status) ?? 0) + 1);
            expect([200, 400, 404, 409, 422], String(status)).toContain(status);
          },
        ),
        fcParams(200),
      );
      console.log('patch statuses', Object.fromEntries(seen));
      for (const code of [200, 422]) expect(seen.get(code) ?? 0, `status ${code} seen`).toBeGreaterThan(0);
    },
    timeoutFor(),
  );

  it(
    'an arbitrary merge patch or server-side apply body answers 200/201 or a clean 4xx, never 5xx',
    async () => {
      const seen = new Map<string, number>();
      // A merge patch: the object's own shape with values changed (or nulled), or anything at all.
      const merge = fc.oneof(
        {
          weight: 3,
          arbitrary: fc.record(
            { metadata: fc.record({ labels: hostileJson }, { requiredKeys: [] }), spec: hostileJson },
            { requiredKeys: [] },
          ),
        },
        { weight: 1, arbitrary: hostileJson },
      );
      const apply = merge.map((m) => ({
        ...(m as object),
        apiVersion: 'spectrocloud.com/v1alpha1',
        kind: 'ClusterProfile',
        metadata: { ...((m as { metadata?: object })?.metadata ?? {}), name: 'edge' },
      }));
      const request = fc.oneof(
        fc.tuple(fc.constant('application/merge-patch+json'), merge),
        fc.tuple(fc.constant('application/apply-patch+yaml'), apply),
      );
      await fc.assert(
        fc.asyncProperty(request, async ([type, body]) => {
          // `force` is for apply only (on another patch it is 422, as in kube-apiserver).
          const force = type === 'application/apply-patch+yaml' ? '&force=true' : '';
          const path = `${SEED.clusterProfile.path}?fieldManager=fuzz${force}`;
          const status = await sendChecked('PATCH', path, Buffer.from(JSON.stringify(body) ?? 'null'), type);
          seen.set(`${type.split('/')[1]} ${status}`, (seen.get(`${type.split('/')[1]} ${status}`) ?? 0) + 1);
          expect([200, 201, 400, 409, 415, 422], String(status)).toContain(status);
        }),
        fcParams(200),
      );
      console.log('merge/apply statuses', Object.fromEntries(seen));
      expect(seen.get('merge-patch+json 200') ?? 0).toBeGreaterThan(0);
      expect(seen.get('merge-patch+json 422') ?? 0).toBeGreaterThan(0);
    },
    timeoutFor(),
  );

  it(
    'arbitrary query parameters on get and list answer 200 or a clean 4xx, never 5xx',
    async () => {
      const name = fc.constantFrom(
        'limit',
        'continue',
        'resourceVersion',
        'resourceVersionMatch',
        'timeoutSeconds',
        'fieldValidation',
        'dryRun',
        'fieldManager',
        'allowWatchBookmarks',
        'sendInitialEvents',
        'pretty',
        'includeObject',
        'x',
      );
      const val = fc.oneof(
        fc.constantFrom(
          '',
          '0',
          '-1',
          '1',
          '1e3',
          'NaN',
          'true',
          'All',
          'Exact',
          'NotOlderThan',
          '99999999999999999999',
          '%',
          '\u0000',
        ),
        fc.string({ maxLength: 12 }),
      );
      const query = fc
        .array(fc.tuple(name, val), { maxLength: 4 })
        .map((ps) => new URLSearchParams(ps).toString());
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(CP_PATH, SEED.clusterProfile.path, SECRET_PATH),
          query,
          async (base, q) => {
            const path = `${base}?${q}`;
            const r = await f.send('GET', path);
            expect(r.status, `${path}: ${JSON.stringify(r.body)?.slice(0, 300)}`).toBeLessThan(500);
            if (r.status >= 400) expectCleanRefusal(r, path);
          },
        ),
        fcParams(200),
      );
      expect(f.logs).toEqual([]);
    },
    timeoutFor(),
  );

  it(
    'an arbitrary label or field selector answers 200 or 400, never 5xx',
    async () => {
      const param = fc.constantFrom('labelSelector', 'fieldSelector');
      const base = fc.constantFrom(CP_PATH, SECRET_PATH, '/apis/spectrocloud.com/v1alpha1/clusterprofiles');
      const seen = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(base, param, selectorText, async (b, name, s) => {
          const path = `${b}?${name}=${encodeURIComponent(s)}`;
          const r = await f.send('GET', path);
          seen.set(r.status, (seen.get(r.status) ?? 0) + 1);
          expect([200, 400], `${path}: ${JSON.stringify(r.body)?.slice(0, 300)}`).toContain(r.status);
          if (r.status === 400) expectCleanRefusal(r, path);
          else expect(r.body.kind).toMatch(/List$/);
        }),
        fcParams(300),
      );
      expect(f.logs).toEqual([]);
      console.log('selector statuses', Object.fromEntries(seen));
      for (const code of [200, 400]) expect(seen.get(code) ?? 0, `status ${code} seen`).toBeGreaterThan(0);
    },
    timeoutFor(),
  );

  it(
    'the JSON patch applier throws only API errors and never touches a prototype (direct, many runs)',
    () => {
      const target = structuredClone(SEED.clusterProfile.object);
      fc.assert(
        fc.property(patchOps, (ops) => {
          try {
            jsonPatch(target, ops);
          } catch (e) {
            expect(e, String(e)).toBeInstanceOf(ApiError);
            expect((e as Error).message).not.toMatch(/Cannot (read|set) propert|is not a function|TypeError/);
          }
          expect(target).toEqual(SEED.clusterProfile.object); // the input is never changed
          expectNoPollution();
        }),
        fcParams(2000),
      );
    },
    timeoutFor(),
  );
});

/** Every JSON pointer of a value (`/spec/layers/0/type`), to aim patches at paths that exist. */
const pointers = (v: unknown, at = ''): string[] =>
  v !== null && typeof v === 'object'
    ? [
        at,
        ...Object.entries(v).flatMap(([k, x]) =>
          pointers(x, `${at}/${k.replaceAll('~', '~0').replaceAll('/', '~1')}`),
        ),
      ]
    : [at];

const REAL_PATHS = [...new Set([...pointers(SEED.clusterProfile.object), ...pointers(SEED.secret.object)])];
const HOSTILE_SEGMENTS = [
  '__proto__',
  'constructor',
  'prototype',
  '-',
  '~0',
  '~1',
  '~2',
  '~',
  '',
  '0',
  '-1',
  '99999999999',
  'polluted',
];

/** A JSON pointer: a real path, sometimes extended or replaced by hostile segments. */
const pointer = fc.oneof(
  fc.constantFrom(...REAL_PATHS),
  fc
    .tuple(
      fc.constantFrom(...REAL_PATHS),
      fc.array(fc.constantFrom(...HOSTILE_SEGMENTS), { minLength: 1, maxLength: 3 }),
    )
    .map(([p, segs]) => `${p}/${segs.join('/')}`),
  fc
    .array(fc.constantFrom(...HOSTILE_SEGMENTS), { minLength: 1, maxLength: 3 })
    .map((s) => `/${s.join('/')}`),
  fc.string({ maxLength: 12 }),
);

/** A JSON patch operation, mostly well-formed, sometimes not. */
const operation = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record(
      {
        op: fc.constantFrom('add', 'remove', 'replace', 'move', 'copy', 'test', '_get', 'frobnicate'),
        path: pointer,
        from: pointer,
        value: hostileJson,
      },
      { requiredKeys: ['op', 'path'] },
    ),
  },
  { weight: 1, arbitrary: hostileJson },
);

const patchOps = fc.array(operation, { maxLength: 8 });

/** Selector-looking text: tokens of the selector grammar, plus arbitrary Unicode now and then. */
const selectorText = fc.oneof(
  fc
    .array(
      fc.constantFrom(
        'a',
        'b',
        'tier',
        'x.io/k',
        '=',
        '==',
        '!=',
        '!',
        '(',
        ')',
        ',',
        ' ',
        'in',
        'notin',
        '/',
        '.',
        '-',
        '_',
        'é',
        '\u0000',
        'metadata.name',
        'metadata.namespace',
        'k'.repeat(64),
      ),
      { maxLength: 12 },
    )
    .map((t) => t.join('')),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

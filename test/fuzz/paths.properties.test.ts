/**
 * Arbitrary request lines: a method and a path built from real API path segments mixed with
 * hostile ones (encoded slashes, dots, NUL, Unicode, overlong names). Each answers a success or a
 * clean 4xx, never a 5xx; whatever it answers, nothing but the seed objects may change when the
 * request was refused. Watches are left out (they stream until their timeout).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NS } from '../server/harness.js';
import { expectCleanRefusal, startFuzzApp, type FuzzApp } from './fuzzApp.js';
import { fcParams, timeoutFor } from './params.js';

let f: FuzzApp;
beforeAll(async () => {
  f = await startFuzzApp();
});
afterAll(() => f?.close());

const REAL = [
  'api',
  'apis',
  'v1',
  'v1beta1',
  'v1alpha1',
  'spectrocloud.com',
  'studio.spectrocloud.com',
  'namespaces',
  NS,
  'secrets',
  'clusterprofiles',
  'workloadprofiles',
  'profilebundles',
  'edge',
  'creds',
  'vllm',
  'status',
  'imports',
  'catalog',
  'openapi',
  'v3',
  'version',
  'healthz',
  'authorization.k8s.io',
  'selfsubjectaccessreviews',
];
const HOSTILE = [
  '..',
  '.',
  '%2e%2e',
  '%2F',
  '..%2F..%2Fetc',
  '%00',
  '%ff',
  '%E0%A4%A',
  'a'.repeat(300),
  'UPPER',
  'größe',
  '~',
  '*',
  '%20',
  '@',
  'a@1.0',
  '-',
  '',
];
const segment = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...REAL) },
  { weight: 1, arbitrary: fc.constantFrom(...HOSTILE) },
);
const path = fc
  .tuple(fc.array(segment, { minLength: 1, maxLength: 8 }), fc.constantFrom('', '/', '?dryRun=All', '?x=%ff'))
  .map(([segs, tail]) => `/${segs.join('/')}${tail}`);
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

describe('arbitrary request lines', () => {
  it(
    'answer a success or a clean 4xx, never 5xx; a refusal changes nothing',
    async () => {
      const seen = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...METHODS), path, async (method, p) => {
          fc.pre(!/[?&]watch=/.test(p));
          const before = await f.snapshot();
          const body = method === 'GET' || method === 'HEAD' ? undefined : Buffer.from('{}');
          const r = await f.send(method, p, body, body ? { 'content-type': 'application/json' } : {});
          seen.set(r.status, (seen.get(r.status) ?? 0) + 1);
          expect(r.status, `${method} ${p}: ${JSON.stringify(r.body)?.slice(0, 300)}`).toBeLessThan(500);
          expect(f.logs).toEqual([]);
          if (r.status >= 400) {
            // The API answers a Status; other paths are the web UI's (a page, or a text 404).
            if (method !== 'HEAD' && /^\/(apis?|openapi|version)(\/|\?|$)/.test(p))
              expectCleanRefusal(r, `${method} ${p}`);
            expect(await f.snapshot()).toEqual(before);
          }
        }),
        fcParams(300),
      );
      console.log('request line statuses', Object.fromEntries(seen));
      expect(seen.get(200) ?? 0).toBeGreaterThan(0);
      expect(seen.get(404) ?? 0).toBeGreaterThan(0);
    },
    timeoutFor(),
  );
});

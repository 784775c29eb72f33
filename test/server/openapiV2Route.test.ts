/** `GET /openapi/v2`, called in process: JSON by default, gnostic protobuf for kubectl 1.27 and 1.28. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiV2Protobuf } from '../../src/server/api/openapiV2Proto.js';
import { NS } from '../../src/testing/builders.js';
import { startApp, type InProcessApp } from './inProcess.js';

let app: InProcessApp;
let viewer: string;
beforeAll(async () => {
  app = await startApp();
  viewer = await app.token({ name: 'eve', role: 'viewer', namespace: NS });
});
afterAll(async () => app.close());

describe('GET /openapi/v2', () => {
  it('answers the protobuf document to the Accept header kubectl 1.27 and 1.28 send (it answered 404)', async () => {
    const r = await app.request('GET', '/openapi/v2?timeout=32s', {
      token: viewer,
      headers: { accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' },
    });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
    expect(Number(r.headers['content-length'])).toBe(openApiV2Protobuf().body.length);
    expect(r.headers['etag']).toBe(openApiV2Protobuf().etag);
  });

  it('answers the Swagger 2.0 JSON otherwise, to any signed-in user', async () => {
    const r = await app.request('GET', '/openapi/v2', {
      token: viewer,
      headers: { accept: 'application/json' },
    });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    expect(r.body).toMatchObject({ swagger: '2.0', info: { title: 'paletteai' } });
    expect(Object.keys(r.body.paths)).toContain(
      '/apis/spectrocloud.com/v1beta1/namespaces/{namespace}/profilebundles',
    );
  });

  it('needs a token, like every other API document', async () => {
    expect((await app.request('GET', '/openapi/v2')).status).toBe(401);
  });
});

/**
 * The web UI's files at `/` (issue #9): public (they hold no data), index.html for every page
 * address, hashed assets cached for good, security headers that keep the sign-in token out of any
 * Referer, and the API still behind its token. Needs the UI built (`npm test` builds it).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_UI_DIR } from '../../src/server/http/ui.js';
import { startApp, type InProcessApp } from './inProcess.js';

let app: InProcessApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => app.close());

describe('the web UI', () => {
  it('serves index.html without a token at / and at every page address, with security headers', async () => {
    for (const path of ['/', '/ns/default/bundles', '/ns/x/deployments/chat?tab=events']) {
      const r = await app.request('GET', path);
      expect(r.status, path).toBe(200);
      expect(String(r.headers['content-type'])).toContain('text/html');
      expect(String(r.body)).toContain('<div id="root">');
      expect(r.headers['cache-control']).toBe('no-cache');
      expect(r.headers['referrer-policy']).toBe('no-referrer');
      expect(String(r.headers['content-security-policy'])).toContain("script-src 'self'");
      expect(r.headers['x-frame-options']).toBe('DENY');
    }
  });

  it('serves the built assets gzipped and cached for good, and 404s an asset that is not there', async () => {
    const js = readdirSync(join(DEFAULT_UI_DIR, 'assets')).find((f) => f.endsWith('.js'))!;
    const r = await app.request('GET', `/assets/${js}`, { headers: { 'accept-encoding': 'gzip, br' } });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(String(r.headers['cache-control'])).toContain('immutable');
    expect(String(r.headers['content-type'])).toContain('text/javascript');
    expect((await app.request('GET', '/assets/nothing-here.js')).status).toBe(404);
  });

  it('never serves a file outside its folder', async () => {
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/assets/..%2f..%2fpackage.json']) {
      const r = await app.request('GET', path);
      expect(String(r.body), path).not.toContain('"devDependencies"');
    }
  });

  it('leaves the API behind its token, and kubectl’s probes as they were', async () => {
    expect((await app.request('GET', '/apis')).status).toBe(401);
    expect((await app.request('GET', '/api/v1/namespaces')).status).toBe(401);
    expect((await app.request('GET', '/openapi/v2')).status).toBe(401);
    expect((await app.request('GET', '/version')).status).toBe(401);
  });
});

/**
 * The web UI's static files (the Vite build in `dist/web`), served at `/` without a token: they hold
 * no data — every API call the UI makes carries the bearer token like any other client. Paths that
 * are not files get `index.html` (the UI routes in the browser). Answers are gzipped once and kept.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { BadRequestError, NotFoundError } from '../../model/index.js';
import type { Reply } from './reply.js';
import type { RequestContext } from './router.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/**
 * The UI's answers never leak the sign-in token (no Referer), cannot be framed, and run only the
 * UI's own scripts. Styles may be inline: the component library and the editor set them at run time.
 */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

/** The package root: the nearest folder above this file with a package.json (src/ or dist/src/). */
const packageRoot = (): string => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
};

/** Where `npm run build` puts the UI. */
export const DEFAULT_UI_DIR = join(packageRoot(), 'dist', 'web');

interface Asset {
  type: string;
  body: Buffer;
  gzip: Buffer;
  immutable: boolean;
}

/** Serves the UI from `dir`; `undefined` when it was not built (the route then says how to build it). */
export const uiHandler = (dir: string = DEFAULT_UI_DIR) => {
  const cache = new Map<string, Asset | null>();
  const load = (rel: string): Asset | null => {
    if (cache.has(rel)) return cache.get(rel)!;
    const file = normalize(join(dir, rel));
    let asset: Asset | null = null;
    if (file.startsWith(dir + sep) && existsSync(file) && statSync(file).isFile()) {
      const body = readFileSync(file);
      asset = {
        type: TYPES[extname(file)] ?? 'application/octet-stream',
        body,
        gzip: gzipSync(body),
        // Vite names what it builds under assets/ by content hash.
        immutable: rel.startsWith('assets/'),
      };
    }
    if (cache.size < 512) cache.set(rel, asset);
    return asset;
  };
  return (c: RequestContext): Reply => {
    let rel: string;
    try {
      rel = decodeURIComponent(c.url.pathname).replace(/^\/+/, '');
    } catch {
      // `/%ff` is not a path at all (it was a 500 with a URIError stack; found by the fuzz suite).
      throw new BadRequestError(`malformed percent-encoding in the path ${c.url.pathname}`);
    }
    if (rel.includes('\0')) throw new NotFoundError(`no such file: ${c.url.pathname}`);
    let asset = rel ? load(rel) : null;
    if (!asset) {
      // A missing asset is a 404; any other path is a page of the UI.
      if (rel.startsWith('assets/')) throw new NotFoundError(`no such file: ${c.url.pathname}`);
      rel = 'index.html';
      asset = load(rel);
    }
    if (!asset)
      return {
        type: 'text',
        code: 404,
        body: `the web UI is not built (no ${join(dir, 'index.html')}): run \`npm run build\`\n`,
      };
    const gzip = /\bgzip\b/.test(String(c.req.headers['accept-encoding'] ?? ''));
    return {
      type: 'bytes',
      code: 200,
      body: gzip ? asset.gzip : asset.body,
      headers: {
        'content-type': asset.type,
        'cache-control': asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        vary: 'accept-encoding',
        ...(gzip ? { 'content-encoding': 'gzip' } : {}),
        ...SECURITY_HEADERS,
      },
    };
  };
};

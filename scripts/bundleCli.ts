// Build step: bundles the compiled CLI (dist/src/cli/main.js and everything it imports) into a few
// ESM files in dist/bundle/, which bin/paletteai.js runs when they are there. Start-up then reads a
// handful of files instead of resolving and compiling ~300 modules (issue #11: that was ~0.3 s of a
// `validate` run). Commands stay lazy: each `import()` of a command becomes its own chunk.
import { createRequire } from 'node:module';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIST_SRC = join(ROOT, 'dist', 'src');
/** Where the bundle goes; bin/paletteai.js looks for `main.js` there. */
export const BUNDLE_DIR = join(ROOT, 'dist', 'bundle');

/**
 * Packages compiled into the bundle: pure JavaScript that `validate` and the command definitions load
 * at start. The others (native modules, the server's and the client's large dependencies) are
 * loaded from node_modules as before, when a command needs them.
 */
const BUNDLED_PACKAGES = new Set(['commander', 'js-yaml', '@sinclair/typebox', 'semver', 'fast-json-patch']);

/** The one-file copies of packages loaded only when needed, beside the bundle (see {@link lazyAjv}). */
const AJV_BUNDLE_FILE = 'ajv.cjs';

const packageOf = (spec: string) =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');

/** Keeps every package but {@link BUNDLED_PACKAGES} external (imported from node_modules at run time). */
const externalPackages: Plugin = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('node:') || !BUNDLED_PACKAGES.has(packageOf(args.path))
        ? { path: args.path, external: true }
        : undefined,
    );
  },
};

/**
 * `import { Ajv } from 'ajv'` becomes a stand-in whose constructor loads the one-file copy of ajv
 * beside the bundle on first use. The kinds' validators are precompiled, so most runs never compile a
 * schema (ajv does ComponentDefinition schemas, and describes a schema's errors): ajv in the bundle
 * cost every `validate` ~15 ms to compile and run; the copy loads in ~10 ms when a run needs it.
 */
const lazyAjv: Plugin = {
  name: 'lazy-ajv',
  setup(b) {
    b.onResolve({ filter: /^ajv$/ }, () => ({ path: 'ajv', namespace: 'lazy-ajv' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-ajv' }, () => ({
      contents: `import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
let ajv;
const load = () => (ajv ??= createRequire(import.meta.url)(fileURLToPath(new URL(${JSON.stringify(`./${AJV_BUNDLE_FILE}`)}, import.meta.url))));
export class Ajv { constructor(options) { return new (load().Ajv)(options); } }
export default Ajv;`,
      loader: 'js',
    }));
  },
};

/**
 * Modules find files next to themselves through `import.meta.url` (the precompiled validators, the
 * catalog, the UI, worker scripts). In a bundle that URL would be the chunk's; this gives every
 * module of dist/src the URL of its own compiled file instead, so they behave exactly as unbundled.
 * A use followed by the comment `bundle-relative` (a worker script that is an entry of the bundle
 * too) keeps the chunk's URL.
 */
const ownUrls: Plugin = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, async (args) => {
      if (!args.path.startsWith(DIST_SRC)) return undefined;
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return { contents: text, loader: 'js' };
      const own = `new URL(${JSON.stringify(relative(BUNDLE_DIR, args.path))}, import.meta.url).href`;
      return {
        contents: text.replace(/import\.meta\.url(?!\s*\/\*\s*bundle-relative)/g, own),
        loader: 'js',
        resolveDir: dirname(args.path),
      };
    });
  },
};

await rm(BUNDLE_DIR, { recursive: true, force: true });
const result = await build({
  // the workers are entries too: they start from the bundle as the CLI does
  entryPoints: {
    main: join(DIST_SRC, 'cli', 'main.js'),
    parseWorker: join(DIST_SRC, 'loader', 'parseWorker.js'),
    inspectWorker: join(DIST_SRC, 'server', 'studio', 'inspectWorker.js'),
  },
  outdir: BUNDLE_DIR,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // no source maps: stack traces of the bundle are for PALETTEAI_DEBUG users; `dist/src` has the maps
  sourcemap: false,
  metafile: true,
  logLevel: 'warning',
  plugins: [lazyAjv, externalPackages, ownUrls],
  // CommonJS packages in the bundle (commander, js-yaml's CJS parts) call `require`
  banner: {
    js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);",
  },
});
// Which compiled modules each output holds: lets tests check what a command loads, as unbundled.
const modules: Record<string, string[]> = {};
for (const [out, meta] of Object.entries(result.metafile.outputs)) {
  modules[relative(BUNDLE_DIR, join(ROOT, out))] = Object.keys(meta.inputs)
    .map((i) => relative(DIST_SRC, join(ROOT, i)))
    .filter((i) => !i.startsWith('..'));
}
await writeFile(join(BUNDLE_DIR, 'modules.json'), `${JSON.stringify(modules, null, 1)}\n`);

// ajv, loaded synchronously when needed (see lazyAjv), as one CommonJS file beside the bundle.
await build({
  entryPoints: [createRequire(import.meta.url).resolve('ajv')],
  outfile: join(BUNDLE_DIR, AJV_BUNDLE_FILE),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
});
console.log(`bundled the CLI into ${Object.keys(modules).length} files in ${BUNDLE_DIR}`);

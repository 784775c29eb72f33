#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run by `npm ci` through `prepare`),
// which also bundles it into dist/bundle/: that bundle starts in a fraction of the time the ~300
// compiled modules take to resolve and load. It is used when it is at least as new as the compiled
// modules (a `tsc` run alone leaves it stale); PALETTEAI_NO_BUNDLE=1 runs the modules themselves.
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const modules = new URL('../dist/src/cli/main.js', import.meta.url);
const bundle = new URL('../dist/bundle/main.js', import.meta.url);
const buildInfo = new URL('../dist/build.tsbuildinfo', import.meta.url);
if (!existsSync(fileURLToPath(modules))) {
  process.stderr.write(
    'paletteai: the CLI is not built yet. Run `npm ci` (or `npm run build`) in the repository root.\n',
  );
  process.exit(2);
}
const mtime = (url) => statSync(fileURLToPath(url), { throwIfNoEntry: false })?.mtimeMs ?? -1;
const entry =
  !process.env.PALETTEAI_NO_BUNDLE && mtime(bundle) >= Math.max(mtime(buildInfo), mtime(modules))
    ? bundle
    : modules;
// `paletteai get pb | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));

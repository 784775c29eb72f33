// `npm run build`: compiles incrementally (`tsc -b`, state in dist/build.tsbuildinfo), then packs the
// catalog (which skips itself when its inputs did not change). `npm ci` builds through `prepare` and
// `npm test` builds again: that second build finds nothing to do and takes about a second.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CONFIG = join(ROOT, 'tsconfig.build.json');
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');

const run = (args) => {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

/** The build's source files with the JavaScript file tsc writes for each. */
const outputs = () => {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    CONFIG,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  const { outDir, rootDir, tsBuildInfoFile } = parsed.options;
  const files = parsed.fileNames
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((source) => ({ source, js: join(outDir, relative(rootDir, source)).replace(/\.ts$/, '.js') }));
  return { files, buildInfo: tsBuildInfoFile };
};

run([TSC, '-b', CONFIG]);
const { files, buildInfo } = outputs();
// tsc -b trusts its build info: an output deleted by hand is not written again. Build from scratch then.
if (files.some((f) => !existsSync(f.js))) {
  rmSync(buildInfo, { force: true });
  run([TSC, '-b', CONFIG]);
}
// A source whose content did not change (a checkout, a touch) is not emitted again, so its output keeps
// an older time. Checks like "the compiled file is older than its source: run npm run build" read
// times, so bring such outputs forward: tsc has just confirmed they match their source.
const now = new Date();
for (const { source, js } of files) {
  if (statSync(js).mtimeMs >= statSync(source).mtimeMs) continue;
  utimesSync(js, now, now);
  if (existsSync(`${js}.map`)) utimesSync(`${js}.map`, now, now);
}
// The kinds' schemas as standalone validator code (skips itself when they did not change).
run([join(ROOT, 'dist/scripts/compileValidators.js')]);
run([join(ROOT, 'dist/scripts/packCatalog.js')]);
// The CLI as a few ESM files in dist/bundle/ (bin/paletteai.js runs them): start-up reads those
// instead of resolving ~300 modules. Always rebuilt: esbuild takes a fraction of a second.
run([join(ROOT, 'dist/scripts/bundleCli.js')]);

// The web UI (Vite) into dist/web, which the server serves at `/`. Skipped when dist/web is newer
// than everything it is built from (the UI, the shared code it imports, the lock file).
const UI_INPUTS = [
  'web',
  'src/model',
  'src/rules',
  'src/planner',
  'src/kinds',
  'src/client',
  'src/codes',
  'package-lock.json',
];
const newest = (path) => {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((f) => newest(join(path, f))));
};
const builtUi = join(ROOT, 'dist/web/index.html');
if (
  !existsSync(builtUi) ||
  statSync(builtUi).mtimeMs < Math.max(...UI_INPUTS.map((p) => newest(join(ROOT, p))))
) {
  const vite = join(ROOT, 'node_modules/vite/bin/vite.js');
  run([vite, 'build', '--logLevel', 'warn', join(ROOT, 'web')]);
}

import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadFiles } from '../src/loader/index.js';
import { checkObject } from '../src/kinds/index.js';
import { validateObjects } from '../src/rules/index.js';
import { generateObjects, writeObjects } from './generate.js';
import { fmt, medianMs, table } from './stats.js';

const COUNT = 10_000;
const RUNS = 5;
const BIN = fileURLToPath(new URL('../../bin/paletteai.js', import.meta.url));
const PACKAGE = fileURLToPath(new URL('../../package.json', import.meta.url));

/** The floor process: reads every YAML file under a folder and parses each document, nothing more. */
const YAML_FLOOR = `
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createRequire } from 'node:module';
const yaml = createRequire(${JSON.stringify(PACKAGE)})('js-yaml');
let objects = 0;
const walk = (d) => {
  for (const f of readdirSync(d).sort()) {
    const p = join(d, f);
    if (statSync(p).isDirectory()) walk(p);
    else if (f.endsWith('.yaml')) yaml.loadAll(readFileSync(p, 'utf8'), (o) => { if (o) objects++; }, { schema: yaml.CORE_SCHEMA });
  }
};
walk(process.argv[2]);
process.stdout.write(JSON.stringify({ objects }));
`;

/** Issue #2 target: `paletteai validate` of 10,000 objects from files in under 2 s. */
export const benchValidate = async (): Promise<void> => {
  const dir = await mkdtemp(join(tmpdir(), 'paletteai-bench-'));
  try {
    const objects = generateObjects(COUNT);
    const yamlBytes = await writeObjects(dir, objects, 100);
    const jsonTexts = objects.map((o) => JSON.stringify(o));
    const jsonBytes = jsonTexts.reduce((n, t) => n + Buffer.byteLength(t), 0);

    const floor = await medianMs(RUNS, () => jsonTexts.map((t) => JSON.parse(t) as unknown));
    const load = await medianMs(RUNS, () => loadFiles([dir]));
    const full = await medianMs(RUNS, async () => {
      const r = await loadFiles([dir]);
      const v = validateObjects(
        r.documents.map((d) => ({
          object: d.object,
          file: d.file,
          line: d.line,
          lineOf: (p) => d.lineOf(p),
        })),
        [checkObject],
      );
      if (!v.results.every((x) => x.valid)) throw new Error('bench objects should be valid');
    });
    // The whole-process floor: a Node process that reads the same files and parses every document
    // with js-yaml (the loader's parser, core schema), and nothing else.
    const floorScript = join(dir, '..', `${basename(dir)}-yaml-floor.mjs`);
    await writeFile(floorScript, YAML_FLOOR);
    const parseProcess = await medianMs(RUNS, () => {
      const r = spawnSync(process.execPath, [floorScript, dir], { encoding: 'utf8' });
      if (r.status !== 0 || JSON.parse(r.stdout).objects !== COUNT)
        throw new Error(`yaml floor: ${r.status} ${r.stdout} ${r.stderr}`);
    });
    await rm(floorScript, { force: true });
    const cli = await medianMs(RUNS, () => {
      const r = spawnSync(process.execPath, [BIN, 'validate', '-f', dir, '-o', 'json'], {
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      });
      if (r.status !== 0) throw new Error(`validate exited ${r.status}: ${r.stderr}`);
    });

    console.log(
      `\n## validate: ${fmt(COUNT)} objects in 100 YAML files (${fmt(yamlBytes / 1024)} KiB YAML, ${fmt(jsonBytes / 1024)} KiB as JSON), median of ${RUNS}\n`,
    );
    const row = (name: string, ms: number) => [
      name,
      fmt(ms, 1),
      fmt((COUNT / ms) * 1000),
      `${fmt(ms / floor.median, 1)}×`,
    ];
    table(
      ['step', 'median ms', 'objects/s', 'vs JSON.parse'],
      [
        row('floor: JSON.parse of the same objects', floor.median),
        row('load (safe YAML loader, files → objects)', load.median),
        row('load + schema + rules + plans (in process)', full.median),
        row('floor: a Node process reading and parsing the same YAML files', parseProcess.median),
        row('`paletteai validate -o json` (whole CLI process)', cli.median),
      ],
    );
    const ratio = cli.median / parseProcess.median;
    console.log(
      `\nwhole CLI: ${fmt(cli.median)} ms = ${fmt(ratio, 2)}× the whole-process YAML floor (${fmt(parseProcess.median)} ms); ` +
        `targets < 2,000 ms and < 1.5× → ${cli.median < 2000 && ratio < 1.5 ? 'met' : 'MISSED'}`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

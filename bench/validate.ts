import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORE_SCHEMA, loadAll } from 'js-yaml';
import { loadFiles } from '../src/loader/index.js';
import { parseWorkerCount } from '../src/loader/parsePool.js';
import { validateFiles } from '../src/cli/commands/validateStream.js';
import { checkObject } from '../src/kinds/index.js';
import { validateObjects } from '../src/rules/index.js';
import { precompiledFile } from '../src/rules/precompiled.js';
import { breakdown, mainThreadProfile, type Parts } from './cpuProfile.js';
import { generateObjects, writeObjects } from './generate.js';
import { goal } from './goals.js';
import { fmt, median, medianMs, table } from './stats.js';

const COUNT = 10_000;
const RUNS = 5;
const BIN = fileURLToPath(new URL('../../bin/paletteai.js', import.meta.url));
const PACKAGE = fileURLToPath(new URL('../../package.json', import.meta.url));

/** The folder of the rules' compiled modules: the build writes the kinds' validators beside them. */
const RULES_DIR = fileURLToPath(new URL('../src/rules/', import.meta.url));
/** A kind's quick validator under {@link RULES_DIR}, with `KIND` for the kind (replaced in that part only). */
const QUICK_VALIDATOR = precompiledFile('KIND', true);

/**
 * The floor process: reads every YAML file under a folder and parses each document, nothing more.
 * With `schemas` as its second argument it also runs, on each object, the build's precompiled schema
 * validator of its kind (the verdict `validate` gets from the same code): a schema-only checker's
 * essential work (kubeconform's), next to which the gap is `validate`'s own rules and references.
 */
const YAML_FLOOR = `
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createRequire } from 'node:module';
const require = createRequire(${JSON.stringify(PACKAGE)});
const yaml = require('js-yaml');
const schemas = process.argv[3] === 'schemas';
const validators = new Map();
const validatorOf = (kind) => {
  if (!validators.has(kind)) validators.set(kind, require(join(${JSON.stringify(RULES_DIR)}, ${JSON.stringify(QUICK_VALIDATOR)}.replace('KIND', kind)))[kind]);
  return validators.get(kind);
};
let objects = 0;
let invalid = 0;
const check = (o) => {
  if (!o) return;
  objects++;
  if (schemas && !validatorOf(o.kind)(o)) invalid++;
};
const walk = (d) => {
  for (const f of readdirSync(d).sort()) {
    const p = join(d, f);
    if (statSync(p).isDirectory()) walk(p);
    else if (f.endsWith('.yaml')) yaml.loadAll(readFileSync(p, 'utf8'), check, { schema: yaml.CORE_SCHEMA });
  }
};
walk(process.argv[2]);
process.stdout.write(JSON.stringify({ objects, invalid }));
`;

/** Writes the floor script beside `dir` (not in it: `validate -f dir` would read it); returns its path. */
const writeFloorScript = async (dir: string): Promise<string> => {
  const path = join(dir, '..', `${basename(dir)}-yaml-floor.mjs`);
  await writeFile(path, YAML_FLOOR);
  return path;
};

/**
 * Runs a Node script with `args` and returns its peak RSS in MiB and its CPU time (read from inside
 * at exit with `process.resourceUsage()`, written to fd 3) with its stdout and exit status. CPU time
 * is next to wall time because a shared machine stretches wall time unevenly.
 */
const runMeasured = (args: string[]) => {
  const r = spawnSync(process.execPath, ['--import', PEAK_RSS_HOOK, ...args], {
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  const [maxRss = 0, cpu = 0] = ((r.output[3] as string | null) ?? '').split(' ').map(Number);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, peakMiB: maxRss / 1024, cpuMs: cpu / 1000 };
};

/** Prints the process's peak RSS (KiB) and CPU time (user + system, µs) on fd 3 as it exits. */
const PEAK_RSS_HOOK = `data:text/javascript,${encodeURIComponent(
  "import { writeSync } from 'node:fs'; process.on('exit', () => { const u = process.resourceUsage(); writeSync(3, `${u.maxRSS} ${u.userCPUTime + u.systemCPUTime}`); });",
)}`;

/** Medians of one process's runs: wall and CPU time, peak RSS. */
interface Runs {
  ms: number;
  cpuMs: number;
  peakMiB: number;
}

/** One size of the whole-process comparison: the CLI and its two floors, medians and peak RSS. */
export interface ValidateRow {
  objects: number;
  /** Read + js-yaml: the floor the goals are held to. */
  floor: Runs;
  /** Read + js-yaml + the kinds' schema validators. */
  schemaFloor: Runs;
  cli: Runs;
  /** The median of each run's ratio to the floor run just before it. */
  ratio: number;
  /** The same to the schema floor. */
  schemaRatio: number;
}

/** Runs one process of a series: its wall time, CPU and peak RSS are kept; a failure throws. */
const series = (args: string[], expect: (stdout: string) => boolean) => {
  const runs = { ms: [] as number[], cpu: [] as number[], peak: 0 };
  return {
    runs,
    run: () => {
      const t = process.hrtime.bigint();
      const r = runMeasured(args);
      runs.ms.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (r.status !== 0 || !expect(r.stdout))
        throw new Error(
          `${basename(args[0]!)} ${args.slice(1).join(' ')}: exit ${r.status} ${r.stdout.slice(0, 200)} ${r.stderr}`,
        );
      runs.peak = Math.max(runs.peak, r.peakMiB);
      runs.cpu.push(r.cpuMs);
    },
    medians: (): Runs => ({ ms: median(runs.ms), cpuMs: median(runs.cpu), peakMiB: runs.peak }),
  };
};

/**
 * `paletteai validate -o json` over `count` generated objects in files of 100, next to the floor
 * process (reads and parses the same files with js-yaml) and the schema floor (the same and the
 * kinds' schema validators), `runs` times each, alternating.
 */
export const validateRow = async (count: number, runs: number): Promise<ValidateRow> => {
  const dir = await mkdtemp(join(tmpdir(), 'paletteai-bench-'));
  const floorScript = await writeFloorScript(dir);
  // every generated object is valid: a floor that counted another verdict would not be checking them
  const counted = (stdout: string) => {
    const r = JSON.parse(stdout) as { objects: number; invalid: number };
    return r.objects === count && r.invalid === 0;
  };
  const floor = series([floorScript, dir], counted);
  const schemaFloor = series([floorScript, dir, 'schemas'], counted);
  const cli = series([BIN, 'validate', '-f', dir, '-o', 'json'], () => true);
  try {
    await writeObjects(dir, generateObjects(count), 100);
    if (count <= 20_000) {
      // warm-up: the same caches for all three
      runMeasured([floorScript, dir, 'schemas']);
      runMeasured([BIN, 'validate', '-f', dir, '-o', 'json']);
    }
    for (let run = 0; run < runs; run++) {
      floor.run();
      schemaFloor.run();
      cli.run();
    }
    const ratioTo = (f: typeof floor) => median(cli.runs.ms.map((ms, i) => ms / f.runs.ms[i]!));
    return {
      objects: count,
      floor: floor.medians(),
      schemaFloor: schemaFloor.medians(),
      cli: cli.medians(),
      ratio: ratioTo(floor),
      schemaRatio: ratioTo(schemaFloor),
    };
  } finally {
    await rm(floorScript, { force: true });
    await rm(dir, { recursive: true, force: true });
  }
};

/**
 * The parts of `validate` and of the floor in a CPU profile: a sample goes to the nearest frame from
 * the leaf up that belongs to one (js-yaml's parse stays the parse's when the loader calls it).
 */
const VALIDATE_PARTS: Parts = [
  { part: 'idle (waiting for files)', match: /^\(idle\)$/ },
  { part: 'garbage collection', match: /^\(garbage collector\)$/ },
  { part: 'start-up (Node, module loading)', match: /node:internal\/modules|^\(program\)$/ },
  { part: 'YAML parse (js-yaml)', match: /node_modules\/js-yaml\// },
  {
    part: 'schema (precompiled ajv validators)',
    match: /kindValidators\/|\/src\/rules\/(schemaCheck|precompiled)\./,
  },
  { part: 'rules (metadata, kinds, references, templates)', match: /\/src\/(rules|kinds|model|planner)\// },
  { part: 'validate: index, views, lookups, report rows', match: /\/src\/cli\// },
  { part: 'files read, split, safety walk', match: /\/src\/loader\/|node:fs|^(read|open|close|fstat)$/ },
];

/** One run of `args` under `node --cpu-prof`: its main thread's time by part, and its wall time. */
const profiled = async (args: string[]) => {
  const dir = await mkdtemp(join(tmpdir(), 'paletteai-bench-prof-'));
  try {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    });
    const wallMs = Number(process.hrtime.bigint() - t) / 1e6;
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    return { wallMs, parts: breakdown(mainThreadProfile(dir), VALIDATE_PARTS) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

/**
 * Where the whole `validate` process's time goes next to the floor's, part by part, from one
 * profiled run of each (the CLI bundle users run, its frames named by source module): what the gap
 * between the two is made of.
 */
const whereTheTimeGoes = async (dir: string): Promise<void> => {
  const floorScript = await writeFloorScript(dir);
  try {
    const floor = await profiled([floorScript, dir]);
    const cli = await profiled([BIN, 'validate', '-f', dir, '-o', 'json']);
    const ms = (r: typeof cli, part: string) => r.parts.find((p) => p.part === part)?.ms ?? 0;
    const parts = [...new Set([...cli.parts, ...floor.parts].map((p) => p.part))];
    const total = (r: typeof cli) => r.parts.reduce((a, p) => a + p.ms, 0);
    console.log(
      `\nWhere the time goes: one run of each under \`node --cpu-prof\` (main thread, ms sampled; profiling slows both): ` +
        `\`validate\` ${fmt(cli.wallMs)} ms, the floor ${fmt(floor.wallMs)} ms.\n`,
    );
    table(
      ['part', '`validate` ms', 'floor ms', 'difference ms'],
      [
        ...parts
          .map((part) => ({ part, a: ms(cli, part), b: ms(floor, part) }))
          .sort((x, y) => y.a - y.b - (x.a - x.b))
          .map(({ part, a, b }) => [part, fmt(a), fmt(b), fmt(a - b)]),
        ['all', fmt(total(cli)), fmt(total(floor)), fmt(total(cli) - total(floor))],
      ],
    );
  } finally {
    await rm(floorScript, { force: true });
  }
};

/** js-yaml's parse of every file of `dir` (flat, as `writeObjects` writes it), in this process. */
const parseAll = (dir: string): number => {
  let n = 0;
  for (const f of readdirSync(dir).sort())
    loadAll(readFileSync(join(dir, f), 'utf8'), () => n++, { schema: CORE_SCHEMA });
  return n;
};

/** Issue #11 targets: `paletteai validate` of 10,000 objects < 2 s and < 1.5× the floor; 100,000 < 1.5×, memory flat. */
export const benchValidate = async (): Promise<void> => {
  const dir = await mkdtemp(join(tmpdir(), 'paletteai-bench-'));
  try {
    const objects = generateObjects(COUNT);
    const yamlBytes = await writeObjects(dir, objects, 100);
    const jsonTexts = objects.map((o) => JSON.stringify(o));
    const jsonBytes = jsonTexts.reduce((n, t) => n + Buffer.byteLength(t), 0);

    const floor = await medianMs(RUNS, () => jsonTexts.map((t) => JSON.parse(t) as unknown));
    const yamlFloor = await medianMs(RUNS, () => parseAll(dir));
    const load = await medianMs(RUNS, () => loadFiles([dir], undefined, { dropText: true }));
    const full = await medianMs(RUNS, async () => {
      const r = await loadFiles([dir], undefined, { dropText: true });
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
    // what `paletteai validate` runs: file by file, references checked again in a second pass
    const twoPass = await medianMs(RUNS, async () => {
      if (!(await validateFiles([dir])).valid) throw new Error('bench objects should be valid');
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
      ['step (in this process)', 'median ms', 'objects/s', 'vs JSON.parse'],
      [
        row('floor: JSON.parse of the same objects', floor.median),
        row('floor: js-yaml parse of the same files (the whole-process floor, warm)', yamlFloor.median),
        row('load (safe YAML loader, files → objects)', load.median),
        row('load + schema + rules + plans', full.median),
        row('the same file by file (`validate`: validateFiles)', twoPass.median),
      ],
    );
    console.log(
      `\nWarm (in this process, after a first run): \`validate\`'s file-by-file run is ${fmt(twoPass.median / yamlFloor.median, 2)}× js-yaml's parse of the same files.`,
    );
    await whereTheTimeGoes(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  const sizes = process.env.PALETTEAI_BENCH_VALIDATE_SIZES?.split(',').map(Number) ?? [COUNT, 100_000];
  const rows: ValidateRow[] = [];
  for (const count of sizes) rows.push(await validateRow(count, count > 20_000 ? 3 : RUNS));
  console.log(
    "\nWhole processes: the floor is a Node process that reads every file and parses every document with js-yaml (the loader's parser, core schema) and nothing else; the schema floor also runs each object's precompiled schema validator (the same code as `validate`'s verdict: what a schema-only checker such as kubeconform does); runs alternate.\n",
  );
  table(
    [
      'objects',
      'floor ms',
      'floor CPU ms',
      'floor RSS peak MiB',
      'schema floor ms',
      '`validate -o json` ms',
      'CPU ms',
      'RSS peak MiB',
      'vs floor (wall)',
      'vs floor (CPU)',
      'vs schema floor (wall)',
    ],
    rows.map((r) => [
      fmt(r.objects),
      fmt(r.floor.ms),
      fmt(r.floor.cpuMs),
      fmt(r.floor.peakMiB),
      fmt(r.schemaFloor.ms),
      fmt(r.cli.ms),
      fmt(r.cli.cpuMs),
      fmt(r.cli.peakMiB),
      `${fmt(r.ratio, 2)}×`,
      `${fmt(r.cli.cpuMs / r.floor.cpuMs, 2)}×`,
      `${fmt(r.schemaRatio, 2)}×`,
    ]),
  );
  console.log(
    `(medians; a wall ratio is the median of each run's ratio to the floor run before it; CPU is the user + system time of the process, all its threads; \`validate\` parses with ${parseWorkerCount()} worker threads on this machine's ${availableParallelism()} cores, PALETTEAI_PARSE_WORKERS=0 parses in the main thread)`,
  );
  for (const r of rows)
    console.log(
      `${fmt(r.objects)} objects: ${fmt(r.cli.ms)} ms = ${fmt(r.ratio, 2)}× the floor (${fmt(r.floor.ms)} ms; ${fmt(r.schemaRatio, 2)}× the schema floor, ${fmt(r.schemaFloor.ms)} ms), RSS ${fmt(r.cli.peakMiB)} vs ${fmt(r.floor.peakMiB)} MiB; ` +
        `targets < 1.5×${r.objects === COUNT ? ' and < 2,000 ms' : ''} → ${goal({
          figure: `validate, ${fmt(r.objects)} objects, whole process`,
          measured: `${fmt(r.cli.ms)} ms (${fmt(r.ratio, 2)}×; ${fmt(r.schemaRatio, 2)}× the schema floor), RSS ${fmt(r.cli.peakMiB)} MiB`,
          floor: `${fmt(r.floor.ms)} ms, RSS ${fmt(r.floor.peakMiB)} MiB (read + js-yaml); with the schema validators ${fmt(r.schemaFloor.ms)} ms`,
          target: `< 1.5×${r.objects === COUNT ? ', < 2,000 ms' : ''}`,
          met: r.ratio < 1.5 && (r.objects !== COUNT || r.cli.ms < 2000),
        })}`,
    );
};

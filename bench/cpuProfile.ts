/**
 * Where a process's time went, from a `node --cpu-prof` profile of its main thread: each sample is
 * given to the nearest frame (from the leaf up) that belongs to a part, so a query run by the store
 * counts as the store's even when admission asked for it, and js-yaml's parse as the parse's even
 * when the loader called it. Idle time is its own row.
 *
 * Frames of the CLI bundle (`dist/bundle/*.js`) are named by the module they came from: esbuild
 * writes a `// dist/src/...` line before each module's code, so the profile of the very program
 * users run is attributed by source module, without a second, unbundled build.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

/** Named parts of a program: a frame belongs to the first whose `match` fits its module or function name. */
export type Parts = readonly { part: string; match: RegExp }[];

/** The module markers of a bundle file: the line each module starts at, in order. */
const markersOf = (url: string): { line: number; module: string }[] => {
  const markers: { line: number; module: string }[] = [];
  readFileSync(fileURLToPath(url), 'utf8')
    .split('\n')
    .forEach((text, line) => {
      const m = /^\/\/ ((?:dist\/)?(?:src|node_modules)\/\S+)$/.exec(text);
      if (m) markers.push({ line, module: m[1]! });
    });
  return markers;
};

/** The source module of a bundle frame (its url and 0-based line), or the url itself for any other frame. */
const moduleResolver = () => {
  const bundles = new Map<string, { line: number; module: string }[]>();
  return ({ url, lineNumber }: Node['callFrame']): string => {
    if (!/\/dist\/bundle\/[^/]+\.js$/.test(url) || !url.startsWith('file:')) return url;
    let markers = bundles.get(url);
    if (!markers) bundles.set(url, (markers = markersOf(url)));
    let found = url;
    for (const m of markers) {
      if (m.line > lineNumber) break;
      found = m.module;
    }
    return found;
  };
};

/** Loading modules (and what V8 does outside any function: `(program)`). */
export const START_UP = 'start-up (module loading)';

/** The server's parts, in the order a frame is checked against them. */
export const SERVER_PARTS: Parts = [
  { part: 'idle (waiting for the disk or the network)', match: /^\(idle\)$/ },
  { part: 'garbage collection', match: /^\(garbage collector\)$/ },
  { part: START_UP, match: /node:internal\/modules|^\(program\)$/ },
  { part: 'controllers (what a change concerns)', match: /\/src\/controllers\// },
  { part: 'watch fan-out to the controllers', match: /\/src\/storage\/(watchHub|changeFeed)\./ },
  { part: 'log fsync and checkpoint (handed to other threads)', match: /\/src\/storage\/wal|^fsync$/ },
  { part: 'token lookup', match: /\/src\/server\/auth\/|\/src\/storage\/tokenTable\./ },
  { part: 'audit log', match: /\/src\/server\/audit\./ },
  { part: 'managedFields (server-side apply)', match: /\/src\/(apiserver\/fields|server\/apply)\// },
  {
    part: 'store: SQL inserts of 4 tables and COMMIT (admission reads included)',
    match: /\/src\/storage\/|better-sqlite3/,
  },
  { part: 'admission (schema, rules, references)', match: /\/src\/(apiserver|rules|kinds|model)\// },
  {
    part: 'HTTP, TLS and JSON (request in, response out)',
    match:
      /node:_http|node:net|node:tls|node:internal\/(streams|stream_base)|^writev$|^writeBuffer$|\/src\/server\//,
  },
];

/** The main thread's profile in `dir` (the largest `.cpuprofile`; workers write their own). */
export const mainThreadProfile = (dir: string): Profile => {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(dir, f));
  if (files.length === 0) throw new Error(`no .cpuprofile in ${dir}`);
  const largest = files.sort((a, b) => readFileSync(b).length - readFileSync(a).length)[0]!;
  return JSON.parse(readFileSync(largest, 'utf8')) as Profile;
};

/**
 * The time of each part in the profile (ms, sampled) and its share of the whole, largest first,
 * without the parts named in `leaveOut`; `other` collects what matched no part (node's own timers
 * and promise machinery, mostly).
 */
export const breakdown = (
  profile: Profile,
  parts: Parts = SERVER_PARTS,
  leaveOut: readonly string[] = [],
): { part: string; share: number; ms: number }[] => {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const moduleOf = moduleResolver();
  const partOf = ({ callFrame }: Node): string | undefined => {
    const module = moduleOf(callFrame);
    return parts.find((p) => p.match.test(module) || p.match.test(callFrame.functionName))?.part;
  };
  const memo = new Map<number, string>();
  const partFor = (id: number): string => {
    const known = memo.get(id);
    if (known) return known;
    let part = 'other';
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const found = partOf(byId.get(cur)!);
      if (found) {
        part = found;
        break;
      }
    }
    memo.set(id, part);
    return part;
  };
  const time = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const part = partFor(id);
    time.set(part, (time.get(part) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  for (const part of leaveOut) time.delete(part);
  const total = [...time.values()].reduce((a, b) => a + b, 0);
  return [...time]
    .map(([part, t]) => ({ part, share: t / total, ms: t / 1000 }))
    .sort((a, b) => b.share - a.share);
};

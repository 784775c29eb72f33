/**
 * Where a server's time went, from a `node --cpu-prof` profile of its main thread: each sample is
 * given to the nearest frame (from the leaf up) that belongs to a part of the server, so a query
 * run by the store counts as the store's even when admission asked for it. The module loading of
 * start-up is left out; idle time is its own row.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

/** The parts, in the order a frame is checked against them. */
export const PARTS: { part: string; match: RegExp }[] = [
  { part: 'idle (waiting for the disk or the network)', match: /^\(idle\)$/ },
  { part: 'garbage collection', match: /^\(garbage collector\)$/ },
  { part: 'start-up (module loading)', match: /node:internal\/modules|^\(program\)$/ },
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

const partOf = ({ callFrame: { url, functionName } }: Node): string | undefined =>
  PARTS.find((p) => p.match.test(url) || p.match.test(functionName))?.part;

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
 * The share of each part in the profile (start-up left out), largest first; `other` collects what
 * matched no part (node's own timers and promise machinery, mostly).
 */
export const breakdown = (profile: Profile): { part: string; share: number }[] => {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
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
  time.delete('start-up (module loading)');
  const total = [...time.values()].reduce((a, b) => a + b, 0);
  return [...time].map(([part, t]) => ({ part, share: t / total })).sort((a, b) => b.share - a.share);
};

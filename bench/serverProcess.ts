import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:https';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/paletteai.js', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  ca: string;
  token: string;
  /** Resident set size now and at peak (VmRSS, VmHWM), in MiB. */
  rss(): { now: number; peak: number };
  stop(): Promise<void>;
}

const memory = (pid: number) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { now: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
};

/**
 * Starts `paletteai server` on a free port in `data` (with `args` added, e.g. `--storage URL`) and
 * waits until it listens.
 */
export const startServerProcess = (
  data: string,
  args: readonly string[] = [],
  /** Options for node itself (e.g. `--cpu-prof`). */
  nodeArgs: readonly string[] = [],
  /** More environment variables for the server. */
  env: Record<string, string> = {},
): Promise<ServerProcess> =>
  new Promise((resolve, reject) => {
    const argv = [...nodeArgs, BIN, 'server', '--data', data, '--listen', '127.0.0.1:0', ...args];
    const child = spawn(process.execPath, argv, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ...env },
    });
    let err = '';
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      err += chunk;
      const m = /listening on (https:\/\/\S+)/.exec(err);
      if (m) {
        const kube = readFileSync(`${data}/kubeconfig`, 'utf8');
        const token = /token: (\S+)/.exec(kube)![1]!;
        const ca = Buffer.from(/certificate-authority-data: (\S+)/.exec(kube)![1]!, 'base64').toString(
          'utf8',
        );
        child.stderr!.removeAllListeners('data');
        child.stderr!.resume();
        resolve({
          child,
          url: m[1]!,
          ca,
          token,
          rss: () => memory(child.pid!),
          stop: () => new Promise((ok) => (child.once('exit', () => ok()), child.kill('SIGTERM'))),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)));
  });

/** An HTTPS JSON client with keep-alive, for load generation. */
export const client = (url: string, ca: string, token: string, sockets = 16) => {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets, ca });
  return (method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = request(
        new URL(path, url),
        {
          method,
          agent,
          headers: {
            authorization: `Bearer ${token}`,
            ...(payload
              ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
              : {}),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
};

/** Runs `total` calls of `fn(i)` with `concurrency` in flight; returns each call's latency in ms. */
export const load = async (
  total: number,
  concurrency: number,
  fn: (i: number) => Promise<void>,
): Promise<{ ms: number; latencies: number[] }> => {
  const latencies: number[] = [];
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t = process.hrtime.bigint();
        await fn(i);
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }),
  );
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, latencies: latencies.sort((a, b) => a - b) };
};

export const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/**
 * Starts a floor: a bare server script written to `path` that prints `listening on URL` on stderr
 * (the benches' floors: the same essential work as ours, nothing else).
 */
export const startFloorScript = async (path: string, script: string) => {
  await writeFile(path, script);
  const child = spawn(process.execPath, [path], { stdio: ['ignore', 'ignore', 'pipe'] });
  const url = await new Promise<string>((ok, fail) => {
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (c: string) => {
      const m = /listening on (\S+)/.exec(c);
      if (m) ok(m[1]!);
    });
    child.once('exit', (code) => fail(new Error(`floor ${path} exited ${code}`)));
  });
  return {
    url,
    pid: child.pid!,
    rss: () => memory(child.pid!),
    stop: () => new Promise<void>((ok) => (child.once('exit', () => ok()), child.kill('SIGTERM'))),
  };
};

/** CPU time (user + system, every thread) a process has used so far, in ms (Linux `/proc`). */
/**
 * Resolves once the process has used under `quietMs` of CPU in each of two `windowMs` windows in a
 * row (its controllers have handled what a write caused), or after `maxMs`: the peak RSS read
 * then covers that work too, not only the request's.
 */
export const settled = async (pid: number, windowMs = 500, quietMs = 50, maxMs = 60_000): Promise<void> => {
  const end = Date.now() + maxMs;
  for (let quiet = 0; quiet < 2 && Date.now() < end;) {
    const before = cpuMs(pid);
    await new Promise((r) => setTimeout(r, windowMs));
    quiet = cpuMs(pid) - before < quietMs ? quiet + 1 : 0;
  }
};

export const cpuMs = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
    .replace(/^.*\) /, '')
    .split(' ');
  // utime and stime are fields 14 and 15 of stat(5) (11 and 12 after the command), in ticks of 10 ms.
  return (Number(fields[11]) + Number(fields[12])) * 10;
};

import { describe, expect, it } from 'vitest';
import { WorkQueue } from './workQueue.js';

describe('WorkQueue', () => {
  it('runs a key added many times while it waits once', async () => {
    const runs: string[] = [];
    const q = new WorkQueue(async (k) => void runs.push(k));
    for (let i = 0; i < 5; i++) q.add('a');
    q.add('b');
    await q.idle();
    expect(runs.sort()).toEqual(['a', 'b']);
  });

  it('runs a key again when it was added while running, never twice at once', async () => {
    let running = 0;
    let most = 0;
    const runs: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const q = new WorkQueue(
      async () => {
        running++;
        most = Math.max(most, running);
        runs.push(runs.length);
        if (runs.length === 1) await gate;
        running--;
      },
      { concurrency: 4 },
    );
    q.add('a');
    await new Promise((r) => setImmediate(r));
    q.add('a');
    q.add('a');
    release();
    await q.idle();
    expect(runs).toHaveLength(2);
    expect(most).toBe(1);
  });

  it('retries a failing key with backoff until it succeeds, reporting each failure', async () => {
    let attempts = 0;
    const errors: string[] = [];
    const q = new WorkQueue(
      async () => {
        attempts++;
        if (attempts < 3) throw new Error(`try ${attempts}`);
      },
      { baseDelayMs: 1, onError: (k, e) => errors.push(`${k}: ${(e as Error).message}`) },
    );
    q.add('k');
    await q.idle();
    expect(attempts).toBe(3);
    expect(errors).toEqual(['k: try 1', 'k: try 2']);
  });

  it('drops pending work and retries when stopped', async () => {
    let attempts = 0;
    const q = new WorkQueue(
      async () => {
        attempts++;
        throw new Error('always');
      },
      { baseDelayMs: 10_000 },
    );
    q.add('k');
    await new Promise((r) => setImmediate(r));
    q.stop();
    await q.idle();
    expect(attempts).toBe(1);
    expect(q.size).toBe(0);
  });
});

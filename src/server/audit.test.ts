import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileAuditSink, type AuditEntry } from './audit.js';

const entry = (over: Partial<AuditEntry> = {}): AuditEntry => ({
  user: 'alice',
  role: 'editor',
  verb: 'create',
  group: 'spectrocloud.com',
  resource: 'profilebundles',
  namespace: 'ns',
  name: 'pb',
  code: 201,
  allowed: true,
  ...over,
});

const anonymous = (): AuditEntry => ({
  user: 'anonymous',
  role: 'viewer',
  verb: 'create',
  resource: '/api/v1/namespaces',
  code: 401,
  allowed: false,
  message: 'a bearer token is required',
});

const lines = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paletteai-audit-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('FileAuditSink', () => {
  it('writes one JSON line per record, synchronously, with object and subresource fields', async () => {
    const path = join(dir, 'audit.log');
    const sink = new FileAuditSink(path, { log: () => {} });
    sink.record(entry({ verb: 'patch', subresource: 'status' }));
    // No await in between: the record is in the file when record() returns.
    const [r] = lines(path);
    expect(r).toMatchObject({
      user: 'alice',
      verb: 'patch',
      group: 'spectrocloud.com',
      resource: 'profilebundles',
      subresource: 'status',
      namespace: 'ns',
      name: 'pb',
      code: 201,
    });
    expect(typeof r!.time).toBe('string');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    await sink.close();
  });

  it('never throws on write errors (/dev/full: ENOSPC), reports once and counts dropped records', async () => {
    const logs: string[] = [];
    const sink = new FileAuditSink('/dev/full', { log: (m) => logs.push(m) });
    for (let i = 0; i < 50; i++) expect(() => sink.record(entry())).not.toThrow();
    for (let i = 0; i < 5; i++) sink.record(anonymous());
    expect(sink.stats()).toMatchObject({ written: 0, dropped: 55 });
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/audit log \/dev\/full: cannot write \(ENOSPC/);
    await sink.close();
  });

  it('reports a recovery after an episode of failures', async () => {
    const path = join(dir, 'sub', 'audit.log'); // the directory does not exist yet: open fails
    let now = 0;
    const logs: string[] = [];
    const sink = new FileAuditSink(path, { log: (m) => logs.push(m), now: () => now });
    sink.record(entry());
    expect(sink.stats().dropped).toBe(1);
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'sub'));
    now += 1500; // re-opened at most once a second
    sink.record(entry({ name: 'after' }));
    expect(sink.stats()).toMatchObject({ written: 1, dropped: 1 });
    expect(lines(path).map((r) => r.name)).toEqual(['after']);
    expect(logs).toHaveLength(2);
    expect(logs[1]).toMatch(/writing again; 1 records were dropped/);
    await sink.close();
  });

  it('rotates by size and keeps maxBackups files', async () => {
    const path = join(dir, 'audit.log');
    const sink = new FileAuditSink(path, { maxBytes: 1000, maxBackups: 2, log: () => {} });
    for (let i = 0; i < 60; i++) sink.record(entry({ name: `object-${i}` }));
    await sink.close();
    for (const p of [path, `${path}.1`, `${path}.2`]) {
      expect(existsSync(p)).toBe(true);
      expect(statSync(p).size).toBeLessThanOrEqual(1000);
    }
    expect(existsSync(`${path}.3`)).toBe(false);
    // Newest records in audit.log, the ones before in .1 then .2, nothing torn.
    const names = [...lines(`${path}.2`), ...lines(`${path}.1`), ...lines(path)].map((r) => r.name);
    expect(names.at(-1)).toBe('object-59');
    const numbers = names.map((n) => Number(String(n).slice('object-'.length)));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(numbers.at(0)).toBeGreaterThan(0); // the oldest records went with the oldest file
  });

  it('rate-limits unauthenticated records and writes a summary of what it left out', async () => {
    const path = join(dir, 'audit.log');
    let now = 1_000_000;
    const sink = new FileAuditSink(path, {
      unauthenticatedPerSecond: 10,
      summaryIntervalMs: 0,
      log: () => {},
      now: () => now,
    });
    for (let i = 0; i < 1000; i++) sink.record(anonymous()); // one burst, same instant
    expect(sink.stats()).toMatchObject({ written: 10, suppressed: 990 });
    sink.record(entry()); // authenticated records are never limited
    now += 1000;
    for (let i = 0; i < 1000; i++) sink.record(anonymous());
    await sink.close();
    const records = lines(path);
    const summaries = records.filter((r) => r.summary !== undefined);
    expect(summaries[0]).toMatchObject({
      summary: '990 unauthenticated requests not recorded (more than 10/s)',
      suppressed: 990,
    });
    expect(summaries.reduce((n, s) => n + Number(s.suppressed), 0)).toBe(1980);
    expect(records.filter((r) => r.code === 401)).toHaveLength(20);
    expect(records.filter((r) => r.code === 201)).toHaveLength(1);
  });

  it('caps long fields (an anonymous request path can be 16 KB)', async () => {
    const path = join(dir, 'audit.log');
    const sink = new FileAuditSink(path, { log: () => {} });
    sink.record({ ...anonymous(), resource: `/api/${'x'.repeat(16_000)}` });
    await sink.close();
    expect(readFileSync(path, 'utf8').length).toBeLessThan(1000);
  });

  it('drops (and counts) records after close instead of throwing', async () => {
    const sink = new FileAuditSink(join(dir, 'audit.log'), { log: () => {} });
    await sink.close();
    expect(() => sink.record(entry())).not.toThrow();
    expect(sink.stats().dropped).toBe(1);
  });
});

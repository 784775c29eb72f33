import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { certificateNames, ensureCertificate, reachableHost, serverTlsOptions } from './tls.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'paletteai-tls-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('ensureCertificate', () => {
  it('keeps the CA and the leaf while they fit; a new listen address gets a new leaf under the same CA', async () => {
    const first = await ensureCertificate(dir, '127.0.0.1');
    const ca = new X509Certificate(first.ca);
    const leaf = new X509Certificate(first.cert);
    expect(ca.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(await readFile(join(dir, 'ca.crt'), 'utf8')).toBe(first.ca);

    expect(await ensureCertificate(dir, '127.0.0.1')).toEqual(first);

    const moved = await ensureCertificate(dir, '192.0.2.77');
    expect(moved.ca).toBe(first.ca);
    expect(moved.cert).not.toBe(first.cert);
    const next = new X509Certificate(moved.cert);
    expect(next.checkIP('192.0.2.77')).toBe('192.0.2.77');
    expect(next.checkIssued(ca)).toBe(true);
  });
});

describe('listening on every interface', () => {
  it('names the hostname and the interface addresses, and points clients at a reachable address', () => {
    const names = certificateNames('0.0.0.0');
    expect(names).toEqual(expect.arrayContaining(['localhost', '127.0.0.1', '::1', hostname()]));
    expect(names).not.toContain('0.0.0.0');
    expect(names.some((n) => /^fe80:/i.test(n))).toBe(false);
    expect(certificateNames('10.1.2.3')).toEqual(['localhost', '127.0.0.1', '::1', '10.1.2.3']);
    const host = reachableHost('0.0.0.0');
    expect(names).toContain(host);
    expect(reachableHost('::')).toBe(host);
    expect(reachableHost('10.1.2.3')).toBe('10.1.2.3');
  });
});

describe('serverTlsOptions', () => {
  it('allows TLS 1.2 and 1.3 only, with ECDHE AEAD suites for 1.2', () => {
    const o = serverTlsOptions({ cert: 'c', key: 'k', ca: 'a' });
    expect(o.minVersion).toBe('TLSv1.2');
    const suites = String(o.ciphers).split(':');
    for (const s of suites.filter((x) => !x.startsWith('TLS_')))
      expect(s).toMatch(/^ECDHE-(RSA|ECDSA)-(AES\d+-GCM-SHA\d+|CHACHA20-POLY1305)$/);
    expect(o).not.toHaveProperty('ca');
  });
});

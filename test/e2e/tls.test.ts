import { spawnSync } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HANG_MS,
  kubectlFor,
  readKubeconfig,
  removeDir,
  spawnServer,
  startServerProcess,
  stepsTimeout,
  tempDir,
  type ServerProcess,
} from './serverProcess.js';

/**
 * The server's TLS against the machine's own openssl and kubectl: protocol versions and suites, the
 * certificate chain (a leaf signed by the server's CA), the migration of a data directory whose
 * certificate was its own CA, and `--listen 0.0.0.0`.
 */

const openssl = (args: string[], input = '') => {
  const r = spawnSync('openssl', args, { encoding: 'utf8', input, timeout: HANG_MS, killSignal: 'SIGKILL' });
  if (r.error) throw new Error(`openssl ${args.join(' ')}: ${r.error.message} (is openssl installed?)`);
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
};

/** A handshake with the server: protocol and suite flags as given, the server's CA trusted. */
const handshake = (port: number, ca: string, flags: string[]) =>
  openssl([
    's_client',
    '-connect',
    `127.0.0.1:${port}`,
    '-servername',
    'localhost',
    '-CAfile',
    ca,
    '-verify_return_error',
    ...flags,
  ]);

let root: string;
let server: ServerProcess;

beforeAll(async () => {
  root = await tempDir('tls');
  for (const d of ['data', 'old', 'wildcard']) await mkdir(join(root, d), { mode: 0o700 });
  server = await startServerProcess(join(root, 'data'));
}, stepsTimeout(2));

afterAll(async () => {
  await server?.stop();
  await removeDir(root);
});

describe('protocols and suites (openssl s_client)', () => {
  const ca = () => join(server.data, 'ca.crt');

  it('TLS 1.3, and TLS 1.2 with ECDHE and AES-GCM, are accepted and verify against the CA', () => {
    const v13 = handshake(server.port, ca(), ['-tls1_3']);
    expect(v13.out).toMatch(/New, TLSv1\.3, Cipher is TLS_AES_/);
    expect(v13.out).toContain('Verify return code: 0 (ok)');
    expect(v13.status).toBe(0);
    const v12 = handshake(server.port, ca(), ['-tls1_2', '-cipher', 'ECDHE-RSA-AES128-GCM-SHA256']);
    expect(v12.out).toContain('New, TLSv1.2, Cipher is ECDHE-RSA-AES128-GCM-SHA256');
    expect(v12.status).toBe(0);
  });

  it.each([
    ['CBC with SHA-1 and RSA key exchange', 'AES128-SHA'],
    ['RSA key exchange (no forward secrecy), even with GCM', 'AES128-GCM-SHA256'],
    ['CBC, even with ECDHE', 'ECDHE-RSA-AES128-SHA'],
  ])('refuses TLS 1.2 with %s (%s)', (_, suite) => {
    const r = handshake(server.port, ca(), ['-tls1_2', '-cipher', suite]);
    expect(r.out).toMatch(/alert handshake failure/);
    expect(r.status).not.toBe(0);
  });

  it('refuses TLS 1.1 (the client offers it at security level 0; the server says protocol version)', () => {
    const r = handshake(server.port, ca(), ['-tls1_1', '-cipher', 'DEFAULT:@SECLEVEL=0']);
    expect(r.out).toMatch(/alert protocol version/);
    expect(r.status).not.toBe(0);
  });
});

describe('the certificate chain', () => {
  it('serves a leaf (CA:FALSE, serverAuth, SANs) signed by the CA the kubeconfig trusts', async () => {
    const dir = server.data;
    const leaf = openssl(['x509', '-in', join(dir, 'tls.crt'), '-noout', '-text']).out;
    expect(leaf).toMatch(/Basic Constraints: critical\s+CA:FALSE/);
    expect(leaf).toMatch(/Key Usage: critical\s+Digital Signature, Key Encipherment/);
    expect(leaf).toMatch(/Extended Key Usage:\s*\n\s+TLS Web Server Authentication/);
    expect(leaf).toMatch(/DNS:localhost, IP Address:127\.0\.0\.1, IP Address:0:0:0:0:0:0:0:1/);
    const ca = openssl(['x509', '-in', join(dir, 'ca.crt'), '-noout', '-text']).out;
    expect(ca).toMatch(/Basic Constraints: critical\s+CA:TRUE/);
    expect(ca).toMatch(/Key Usage: critical\s+Digital Signature, Certificate Sign, CRL Sign/);
    const verified = openssl(['verify', '-CAfile', join(dir, 'ca.crt'), join(dir, 'tls.crt')]);
    expect(verified.out.trim()).toBe(`${join(dir, 'tls.crt')}: OK`);
    expect(verified.status).toBe(0);
    expect(server.ca).toBe(await readFile(join(dir, 'ca.crt'), 'utf8'));
    // The leaf is not a CA: it cannot vouch for itself.
    expect(openssl(['verify', '-CAfile', join(dir, 'tls.crt'), join(dir, 'tls.crt')]).status).not.toBe(0);
  });

  it(
    'migrates a data directory whose serving certificate was its own CA: it becomes the CA, old kubeconfigs keep working',
    async () => {
      const dir = join(root, 'old');
      const first = await startServerProcess(dir);
      expect(await first.stop()).toBe(0);
      // The layout an older version wrote: one self-signed CA:TRUE certificate, trusted by the kubeconfig.
      const old = await generate([{ name: 'commonName', value: 'paletteai' }], {
        keySize: 2048,
        algorithm: 'sha256',
        extensions: [
          { name: 'basicConstraints', cA: true },
          { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
          { name: 'extKeyUsage', serverAuth: true },
          {
            name: 'subjectAltName',
            altNames: [
              { type: 2, value: 'localhost' },
              { type: 7, ip: '127.0.0.1' },
            ],
          },
        ],
      });
      await rm(join(dir, 'ca.crt'));
      await rm(join(dir, 'ca.key'));
      await writeFile(join(dir, 'tls.crt'), old.cert);
      await writeFile(join(dir, 'tls.key'), old.private);
      const config = parse(await readFile(first.kubeconfig, 'utf8')) as {
        clusters: { cluster: Record<string, string> }[];
      };
      config.clusters[0]!.cluster['certificate-authority-data'] = Buffer.from(old.cert).toString('base64');
      const copy = join(root, 'old-copy.kubeconfig');
      await writeFile(copy, stringify(config), { mode: 0o600 });
      await writeFile(first.kubeconfig, stringify(config), { mode: 0o600 });

      const again = await startServerProcess(dir);
      try {
        expect(again.stderr()).toMatch(
          /notice: .*tls\.crt was a self-signed CA certificate; it is now the server's CA/,
        );
        expect(await readFile(join(dir, 'ca.crt'), 'utf8')).toBe(old.cert);
        expect(openssl(['verify', '-CAfile', join(dir, 'ca.crt'), join(dir, 'tls.crt')]).status).toBe(0);
        expect(openssl(['x509', '-in', join(dir, 'tls.crt'), '-noout', '-text']).out).toMatch(/CA:FALSE/);
        // A copy of the old kubeconfig (pointed at this start's port) still verifies.
        config.clusters[0]!.cluster['server'] = again.url;
        await writeFile(copy, stringify(config), { mode: 0o600 });
        const kubectl = await kubectlFor(copy);
        try {
          const r = kubectl(['get', 'apitokens', '-o', 'name']);
          expect(r.stderr).toBe('');
          expect(r.stdout).toContain('apitoken.auth.paletteai.spectrocloud.com/admin');
        } finally {
          await kubectl.dispose();
        }
      } finally {
        expect(await again.stop()).toBe(0);
      }
    },
    stepsTimeout(6),
  );
});

describe('--tls-san', () => {
  it(
    'adds the names a Service or load balancer is reached by to the serving certificate',
    async () => {
      const dir = join(root, 'sans');
      await mkdir(dir, { mode: 0o700 });
      const s = await startServerProcess(dir, ['--tls-san', 'paletteai.tools.svc', '--tls-san', '10.9.8.7']);
      try {
        const sans = openssl(['x509', '-in', join(dir, 'tls.crt'), '-noout', '-ext', 'subjectAltName']).out;
        expect(sans).toMatch(/DNS:paletteai\.tools\.svc/);
        expect(sans).toMatch(/IP Address:10\.9\.8\.7/);
        expect(sans).toMatch(/DNS:localhost/);
        expect(openssl(['verify', '-CAfile', join(dir, 'ca.crt'), join(dir, 'tls.crt')]).status).toBe(0);
        const verified = handshake(s.port, join(dir, 'ca.crt'), ['-verify_hostname', 'paletteai.tools.svc']);
        expect(verified.out).toMatch(/Verify return code: 0 \(ok\)/);
      } finally {
        expect(await s.stop()).toBe(0);
      }
    },
    stepsTimeout(3),
  );
});

describe('--listen 0.0.0.0', () => {
  it(
    'warns, writes a kubeconfig with a reachable address, and kubectl verifies the certificate',
    async () => {
      const dir = join(root, 'wildcard');
      const s = await spawnServer(dir, { args: ['--listen', '0.0.0.0:0'] });
      try {
        const ipv4 = Object.values(networkInterfaces())
          .flat()
          .find((a) => a?.family === 'IPv4' && !a.internal)?.address;
        const expected = ipv4 ?? '127.0.0.1';
        expect(s.url).toBe(`https://${expected}:${s.port}`);
        expect(s.stderr()).toMatch(
          /warning: listening on every interface \(0\.0\.0\.0:0\): anyone who can reach this machine can reach the API/,
        );
        const kubeconfig = join(dir, 'kubeconfig');
        expect((await readKubeconfig(kubeconfig)).server).toBe(s.url);
        const kubectl = await kubectlFor(kubeconfig);
        try {
          const r = kubectl(['get', 'apitokens']);
          expect(r.stderr).toBe('');
          expect(r.stdout).toMatch(
            /^NAME\s+ROLE\s+NAMESPACE\s+EXPIRES\s+AGE\nadmin\s+cluster-admin\s+\*\s+never/,
          );
          expect(r.status).toBe(0);
        } finally {
          await kubectl.dispose();
        }
        // Every interface address is in the certificate, so a kubeconfig naming any of them verifies.
        const sans = openssl(['x509', '-in', join(dir, 'tls.crt'), '-noout', '-ext', 'subjectAltName']).out;
        for (const a of Object.values(networkInterfaces()).flat())
          if (a && !/^fe80:/i.test(a.address) && a.family === 'IPv4')
            expect(sans).toContain(`IP Address:${a.address}`);
      } finally {
        expect(await s.stop()).toBe(0);
      }
    },
    stepsTimeout(4),
  );
});

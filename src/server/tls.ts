import { readFile, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface TlsMaterial {
  cert: string;
  key: string;
}

/**
 * The server's TLS certificate: `tls.crt`/`tls.key` of the data directory, created self-signed on
 * first start for localhost, 127.0.0.1, ::1 and the listen host. kubectl sends bearer tokens only
 * over TLS, so the server always speaks HTTPS; the kubeconfig carries the certificate as its CA.
 */
export const ensureCertificate = async (dataDir: string, host: string): Promise<TlsMaterial> => {
  const certPath = join(dataDir, 'tls.crt');
  const keyPath = join(dataDir, 'tls.key');
  try {
    return { cert: await readFile(certPath, 'utf8'), key: await readFile(keyPath, 'utf8') };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const names = new Set(['localhost', '127.0.0.1', '::1', host]);
  const altNames = [...names]
    .filter((n) => n && n !== '0.0.0.0' && n !== '::')
    .map((n) => (isIP(n) ? { type: 7 as const, ip: n } : { type: 2 as const, value: n }));
  const pems = await generate([{ name: 'commonName', value: 'paletteai' }], {
    keySize: 2048,
    days: 825,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  } as Parameters<typeof generate>[1]);
  await writeFile(keyPath, pems.private, { mode: 0o600 });
  await writeFile(certPath, pems.cert, { mode: 0o644 });
  return { cert: pems.cert, key: pems.private };
};

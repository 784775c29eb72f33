import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';
import type { SecureContextOptions, TlsOptions } from 'node:tls';
import { generate } from 'selfsigned';

/** The serving certificate and key, and the CA that signed it (what clients trust). */
export interface TlsMaterial {
  /** The serving (leaf) certificate, PEM. */
  cert: string;
  key: string;
  /** The server's CA certificate, PEM: the kubeconfig's certificate-authority-data. */
  ca: string;
}

/**
 * TLS 1.3, and TLS 1.2 only with forward-secret AEAD suites (ECDHE with AES-GCM or
 * ChaCha20-Poly1305): no CBC, no SHA-1 MACs, no RSA key exchange. The list is what Mozilla calls
 * "intermediate", the server's order first. Node takes the TLS 1.3 suites from the same string.
 */
export const TLS_CIPHERS = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
].join(':');

/** The options an HTTPS server gets: the leaf and its key, and the protocol and suite policy. */
export const serverTlsOptions = (m: TlsMaterial): TlsOptions & SecureContextOptions => ({
  cert: m.cert,
  key: m.key,
  minVersion: 'TLSv1.2',
  ciphers: TLS_CIPHERS,
  honorCipherOrder: true,
});

/** True for a listen host that means "every interface". */
export const isWildcardHost = (host: string): boolean => host === '0.0.0.0' || host === '::' || host === '';

/**
 * The names the serving certificate carries: localhost and loopback always; for a wildcard listen
 * host also the machine's hostname and the address of every interface (so that a kubeconfig
 * pointing at any of them verifies); otherwise the listen host itself. Link-local IPv6 addresses
 * are left out: they need a zone, which no URL a client uses carries.
 */
export const certificateNames = (host: string): string[] => {
  const names = new Set(['localhost', '127.0.0.1', '::1']);
  if (isWildcardHost(host)) {
    names.add(hostname());
    for (const list of Object.values(networkInterfaces()))
      for (const a of list ?? []) if (!/^fe80:/i.test(a.address)) names.add(a.address);
  } else names.add(host);
  return [...names].filter(Boolean);
};

/**
 * The address a kubeconfig written for this listen host should point at: the host itself, or for a
 * wildcard the machine's first non-internal IPv4 address (reachable from elsewhere), else 127.0.0.1.
 */
export const reachableHost = (host: string): string => {
  if (!isWildcardHost(host)) return host;
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return '127.0.0.1';
};

const DAY = 86_400_000;
const CA_DAYS = 3650;
const LEAF_DAYS = 825;
/** A leaf closer than this to its end is renewed at start. */
const RENEW_BEFORE_DAYS = 30;

const readPair = async (dir: string, base: string): Promise<{ cert: string; key: string } | undefined> => {
  try {
    return {
      cert: await readFile(join(dir, `${base}.crt`), 'utf8'),
      key: await readFile(join(dir, `${base}.key`), 'utf8'),
    };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    return undefined;
  }
};

const writePair = async (dir: string, base: string, cert: string, key: string): Promise<void> => {
  await writeFile(join(dir, `${base}.key`), key, { mode: 0o600 });
  await writeFile(join(dir, `${base}.crt`), cert, { mode: 0o644 });
};

/** True when `key` is the private key of `cert`. */
const keyMatches = (cert: X509Certificate, key: string): boolean => {
  try {
    const pub = createPublicKey(createPrivateKey(key)).export({ type: 'spki', format: 'der' });
    return pub.equals(cert.publicKey.export({ type: 'spki', format: 'der' }));
  } catch {
    return false;
  }
};

/** A CA certificate that can sign (CA:TRUE, self-signed, its key at hand, not expired). */
const usableCa = (pair: { cert: string; key: string }): boolean => {
  try {
    const x = new X509Certificate(pair.cert);
    return (
      x.ca &&
      x.checkIssued(x) &&
      x.verify(x.publicKey) &&
      keyMatches(x, pair.key) &&
      Date.parse(x.validTo) > Date.now() + RENEW_BEFORE_DAYS * DAY
    );
  } catch {
    return false;
  }
};

const makeCa = async (): Promise<{ cert: string; key: string }> => {
  const pems = await generate([{ name: 'commonName', value: 'paletteai-ca' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + CA_DAYS * DAY),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  return { cert: pems.cert, key: pems.private };
};

/**
 * The CA of the data directory (`ca.crt`/`ca.key`). A directory written by an older version holds
 * only a self-signed `tls.crt` that was its own CA (CA:TRUE): that certificate becomes the CA
 * (moved to `ca.crt`), so every kubeconfig that trusts it, copies included, keeps working, and a
 * new leaf is issued under it. Anything else unusable is replaced by a new CA (the data
 * directory's kubeconfig is rewritten by the caller; copies of it need the new CA).
 */
const ensureCa = async (dir: string, log: (m: string) => void): Promise<{ cert: string; key: string }> => {
  const ca = await readPair(dir, 'ca');
  if (ca && usableCa(ca)) return ca;
  if (!ca) {
    const old = await readPair(dir, 'tls');
    if (old && usableCa(old)) {
      // Copied, not moved: a crash half-way leaves the old pair to start over from.
      await writePair(dir, 'ca', old.cert, old.key);
      log(
        `notice: ${join(dir, 'tls.crt')} was a self-signed CA certificate; it is now the server's CA ` +
          `(${join(dir, 'ca.crt')}) and a serving certificate signed by it replaces it (kubeconfigs keep working)`,
      );
      return old;
    }
  }
  const made = await makeCa();
  await writePair(dir, 'ca', made.cert, made.key);
  if (ca)
    log(
      `notice: ${join(dir, 'ca.crt')} could not sign (expired, or not a CA with its key); made a new CA: ` +
        `copies of the kubeconfig made before need its new certificate-authority-data`,
    );
  return made;
};

/** True when the leaf is signed by `ca`, is not a CA, covers `names` and is not about to expire. */
const leafFits = (pair: { cert: string; key: string }, ca: X509Certificate, names: string[]): boolean => {
  try {
    const x = new X509Certificate(pair.cert);
    return (
      !x.ca &&
      x.checkIssued(ca) &&
      x.verify(ca.publicKey) &&
      keyMatches(x, pair.key) &&
      Date.parse(x.validTo) > Date.now() + RENEW_BEFORE_DAYS * DAY &&
      names.every((n) => (isIP(n) ? x.checkIP(n) !== undefined : x.checkHost(n) !== undefined))
    );
  } catch {
    return false;
  }
};

/**
 * The server's TLS material in the data directory: a CA (`ca.crt`/`ca.key`, made on first start,
 * 10 years) and a serving certificate signed by it (`tls.crt`/`tls.key`: CA:FALSE, serverAuth, the
 * {@link certificateNames} of the listen host as SANs). The leaf is issued again at start when it
 * does not fit (a new listen address or interface, near its end, another CA): the CA stays, so
 * kubeconfigs keep verifying. kubectl sends bearer tokens only over TLS: the server always speaks
 * HTTPS, and the kubeconfig carries the CA. `extraNames` are more DNS names or addresses the leaf
 * must carry (a webhook's Service names, `NAME.NAMESPACE.svc`).
 */
export const ensureCertificate = async (
  dataDir: string,
  host: string,
  log: (message: string) => void = () => {},
  /** More names clients use (`--tls-san`: a Service's DNS name, a load balancer's address). */
  extraNames: readonly string[] = [],
): Promise<TlsMaterial> => {
  const ca = await ensureCa(dataDir, log);
  const caCert = new X509Certificate(ca.cert);
  const names = [...new Set([...certificateNames(host), ...extraNames])];
  const leaf = await readPair(dataDir, 'tls');
  if (leaf && leafFits(leaf, caCert, names)) return { ...leaf, ca: ca.cert };
  const altNames = names.map((n) => (isIP(n) ? { type: 7 as const, ip: n } : { type: 2 as const, value: n }));
  const pems = await generate([{ name: 'commonName', value: 'paletteai-server' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + LEAF_DAYS * DAY),
    ca: { cert: ca.cert, key: ca.key },
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  await writePair(dataDir, 'tls', pems.cert, pems.private);
  return { cert: pems.cert, key: pems.private, ca: ca.cert };
};

import { Command, Option } from 'commander';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { TlsMaterial } from '../../server/tls.js';
import type { WebhookTarget } from '../../server/webhook/webhookConfiguration.js';
import { EXIT, InvalidInputError, UsageError } from '../errors.js';
import { printJson, type Io } from '../io.js';
import { outputOption } from '../options.js';

interface WebhookOptions {
  listen: string;
  certDir: string;
  tlsCert?: string;
  tlsKey?: string;
  caFile?: string;
  service?: string;
  url?: string;
  printConfig?: boolean;
  injectCaFrom?: string;
  failurePolicy: 'Fail' | 'Ignore';
  withFlux?: boolean;
  output: 'yaml' | 'json';
}

/** `NS/NAME[:PORT]` of `--service`. */
const parseService = (s: string) => {
  const m = /^([a-z0-9-]+)\/([a-z0-9-]+)(?::(\d+))?$/.exec(s);
  if (!m)
    throw new UsageError(
      `--service must be NAMESPACE/NAME[:PORT], e.g. paletteai/paletteai-webhook; found ${JSON.stringify(s)}`,
    );
  return { namespace: m[1]!, name: m[2]!, port: m[3] ? Number(m[3]) : 443 };
};

const targetOf = (o: WebhookOptions): WebhookTarget | undefined => {
  if (o.service && o.url) throw new UsageError('give --service or --url, not both');
  if (o.service) return { service: parseService(o.service) };
  if (o.url) {
    if (!/^https:\/\/[^/]+/.test(o.url))
      throw new UsageError(
        `--url must be https://HOST[:PORT] (the API server calls webhooks over TLS); found ${JSON.stringify(o.url)}`,
      );
    return { url: o.url };
  }
  return undefined;
};

const readPem = async (flag: string, path: string): Promise<string> => {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new InvalidInputError(
      `${flag} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message} (check the path and its permissions)`,
    );
  }
};

/**
 * The serving certificate: the one given (`--tls-cert`/`--tls-key`, e.g. cert-manager's Secret,
 * used as it is), or a CA and a leaf made in `--cert-dir` (kept across starts, the leaf issued
 * again when the names change), carrying the listen host and the Service's (or URL's) names.
 */
const tlsMaterial = async (
  o: WebhookOptions,
  host: string,
  target: WebhookTarget | undefined,
  log: (m: string) => void,
): Promise<{ tls: TlsMaterial; paths: string }> => {
  if (o.tlsCert || o.tlsKey) {
    if (!o.tlsCert || !o.tlsKey) throw new UsageError('--tls-cert and --tls-key go together');
    const cert = await readPem('--tls-cert', o.tlsCert);
    const key = await readPem('--tls-key', o.tlsKey);
    const ca = o.caFile ? await readPem('--ca-file', o.caFile) : cert;
    return {
      tls: { cert, key, ca },
      paths: `certificate ${o.tlsCert}, key ${o.tlsKey}${o.caFile ? `, CA ${o.caFile}` : ''}`,
    };
  }
  const { ensureCertificate } = await import('../../server/tls.js');
  const { serviceNames } = await import('../../server/webhook/webhookConfiguration.js');
  const names =
    target && 'service' in target
      ? serviceNames(target.service.namespace, target.service.name)
      : target
        ? [new URL(target.url).hostname.replace(/^\[|\]$/g, '')]
        : [];
  await mkdir(o.certDir, { recursive: true, mode: 0o700 });
  const tls = await ensureCertificate(o.certDir, host, log, names);
  const d = o.certDir;
  return {
    tls,
    paths: `certificate ${join(d, 'tls.crt')}, key ${join(d, 'tls.key')}, CA ${join(d, 'ca.crt')} (self-signed; the configuration's caBundle)`,
  };
};

/** `paletteai webhook`: the validating admission webhook for a cluster holding the CRDs (SPEC §7). */
export const webhookCommand = (io: Io, setExit: (code: number) => void) =>
  new Command('webhook')
    .description(
      "Serve the validating admission webhook (POST /validate, AdmissionReview v1) that runs the server's rules, or print its ValidatingWebhookConfiguration.",
    )
    .option('--listen <host:port>', 'address to listen on', '0.0.0.0:9443')
    .option(
      '--cert-dir <dir>',
      'where the self-signed CA and serving certificate are made and kept',
      './.paletteai/webhook',
    )
    .option('--tls-cert <file>', 'serving certificate (PEM) to use instead of a self-signed one')
    .option('--tls-key <file>', 'its private key (PEM)')
    .option(
      '--ca-file <file>',
      'CA that signed --tls-cert, for the caBundle (default: the certificate itself)',
    )
    .option('--service <ns/name[:port]>', 'the Service in front of the webhook (port 443 by default)')
    .option('--url <https://host:port>', "the webhook's address when it runs outside the cluster")
    .option('--print-config', 'print the ValidatingWebhookConfiguration and exit')
    .option(
      '--inject-ca-from <ns/certificate>',
      "leave caBundle to cert-manager's CA injector (annotation cert-manager.io/inject-ca-from)",
    )
    .addOption(
      new Option('--failure-policy <policy>', 'what the API server does when the webhook is down')
        .choices(['Fail', 'Ignore'])
        .default('Fail'),
    )
    .option('--with-flux', 'also check Flux HelmRepository and OCIRepository (as paletteai crds --with-flux)')
    .addOption(outputOption(['yaml', 'json']))
    .addHelpText(
      'after',
      `
The webhook checks each object with the server's schema and rules (and immutable fields on UPDATE);
it sees only the object, so references to other objects are not checked (see docs/kubernetes.md).
The API server authenticates the webhook by its certificate; the webhook asks for no token.

Examples:
  $ paletteai webhook --print-config --service paletteai/paletteai-webhook | kubectl apply -f -
  $ paletteai webhook --listen 0.0.0.0:9443 --service paletteai/paletteai-webhook
  $ paletteai webhook --listen 0.0.0.0:9443 --tls-cert /certs/tls.crt --tls-key /certs/tls.key
  $ paletteai webhook --print-config --service paletteai/paletteai-webhook --inject-ca-from paletteai/paletteai-webhook`,
    )
    .action(async (opts: WebhookOptions) => {
      const log = (m: string) => io.err.write(`${m}\n`);
      const target = targetOf(opts);
      const { parseListen, listenError } = await import('../../server/listen.js');
      const { host, port } = parseListen(opts.listen);
      if (opts.printConfig) {
        if (!target)
          throw new UsageError(
            '--print-config needs --service NAMESPACE/NAME (in the cluster) or --url https://HOST:PORT (outside it)',
          );
        // With cert-manager no certificate is made here: its CA injector fills caBundle.
        const made = opts.injectCaFrom ? undefined : await tlsMaterial(opts, host, target, log);
        const { validatingWebhookConfiguration } =
          await import('../../server/webhook/webhookConfiguration.js');
        const config = validatingWebhookConfiguration({
          target,
          ...(opts.injectCaFrom ? { injectCaFrom: opts.injectCaFrom } : { caBundle: made?.tls.ca ?? '' }),
          failurePolicy: opts.failurePolicy,
          flux: opts.withFlux === true,
        });
        if (opts.output === 'json') printJson(io, config);
        else io.out.write(stringify(config, { lineWidth: 0 }));
        log(
          `serving certificate: ${made?.paths ?? `issued by cert-manager, CA injected from ${opts.injectCaFrom}`}`,
        );
        setExit(EXIT.ok);
        return;
      }
      const { tls, paths } = await tlsMaterial(opts, host, target, log);
      let stopRequested: ((signal: string) => void) | undefined;
      const requested = new Promise<string>((resolve) => (stopRequested = resolve));
      process.on('SIGINT', () => stopRequested?.('SIGINT'));
      process.on('SIGTERM', () => stopRequested?.('SIGTERM'));
      const { startWebhookServer, WEBHOOK_PATH } = await import('../../server/webhook/webhookServer.js');
      let running;
      try {
        running = await startWebhookServer({ host, port, tls, log });
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw code && /^E[A-Z]+$/.test(code) // EADDRINUSE, EACCES…; OpenSSL's codes have underscores
          ? listenError(opts.listen, e)
          : new InvalidInputError(
              `cannot serve with this certificate and key: ${(e as Error).message.split('\n')[0]} (check that --tls-key is the key of --tls-cert)`,
            );
      }
      log(`paletteai webhook listening on ${running.url}${WEBHOOK_PATH}`);
      log(`serving certificate: ${paths}`);
      if (!opts.tlsCert)
        log(
          `its configuration: paletteai webhook --print-config ${target && 'service' in target ? `--service ${opts.service}` : target ? `--url ${opts.url}` : '--service NAMESPACE/NAME'} --cert-dir ${opts.certDir}`,
        );
      log('stop it: Ctrl-C');
      const signal = await requested;
      log(`${signal}: shutting down`);
      await running.close();
      setExit(EXIT.ok);
    });

import {
  RegistryAuthError,
  RegistryHttpError,
  RegistryTlsError,
  RegistryUnreachableError,
  registryErrorOf,
} from './registryErrors.js';

/** Where to push and how to authenticate; what Settings `ociRegistry` and its Secret resolve to. */
export interface RegistryTarget {
  /**
   * `oci://host[:port]/repository/path` (as in Settings), or `https://…`; `http://…` only with
   * `insecure`. With `oci://` and `insecure`, HTTPS is tried first and plain HTTP when the registry
   * does not speak TLS.
   */
  url: string;
  /** Skip certificate verification and allow plain HTTP. @default false */
  insecure?: boolean;
  /** Basic credentials; also sent to a bearer-token realm. Never appear in errors. */
  credentials?: { username: string; password: string };
  /** How errors name the credentials to fix, e.g. `Secret project-melbourne/registry-creds`. */
  credentialsName?: string;
  /** How long one request may take before the registry counts as unreachable. @default 60000 */
  timeoutMs?: number;
}

/** The default of {@link RegistryTarget.timeoutMs}. */
export const DEFAULT_REGISTRY_TIMEOUT_MS = 60_000;

/** A parsed {@link RegistryTarget.url}. */
export interface RegistryLocation {
  /** `host[:port]` */
  host: string;
  repository: string;
  schemes: ('https' | 'http')[];
}

/** Parses a registry URL; throws on another scheme, no repository, or http without `insecure`. */
export const parseRegistryUrl = (url: string, insecure = false): RegistryLocation => {
  const match = /^(oci|https|http):\/\/([^/?#@]+)\/([^?#]+?)\/?$/.exec(url);
  const repository = match?.[3] ?? '';
  if (!match || !/^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/.test(repository))
    throw new Error(
      `OCI registry URL ${JSON.stringify(url)} must look like oci://host[:port]/repository with a ` +
        'lowercase repository path: fix Settings ociRegistry.url',
    );
  const scheme = match[1]!;
  if (scheme === 'http' && !insecure)
    throw new Error(
      `OCI registry URL ${url} is plain HTTP: set Settings ociRegistry.insecure: true to allow it`,
    );
  const schemes: RegistryLocation['schemes'] =
    scheme === 'http' ? ['http'] : scheme === 'oci' && insecure ? ['https', 'http'] : ['https'];
  return { host: match[2]!, repository, schemes };
};

const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');
type Dispatcher = NonNullable<RequestInit['dispatcher']>;
let insecureAgent: Dispatcher | undefined;

/**
 * A dispatcher for Node's fetch that does not verify certificates. Node 20 bundles undici but does
 * not export its `Agent`; the global dispatcher (a shared, versioned symbol undici defines for
 * exactly this cross-copy use) is an instance of it, so its constructor is that class.
 */
const insecureDispatcher = async (): Promise<Dispatcher> => {
  if (insecureAgent) return insecureAgent;
  const slot = globalThis as Record<symbol, unknown>;
  // undici installs the global dispatcher when fetch first runs; a data: URL needs no network.
  if (!slot[GLOBAL_DISPATCHER]) await fetch('data:,').then((r) => r.arrayBuffer());
  const Agent = (slot[GLOBAL_DISPATCHER] as { constructor?: unknown } | undefined)?.constructor;
  if (typeof Agent !== 'function' || Agent.name !== 'Agent')
    throw new Error(
      "Node's fetch has no undici Agent to skip certificate checks with (ociRegistry.insecure)",
    );
  insecureAgent = new (Agent as new (o: object) => Dispatcher)({ connect: { rejectUnauthorized: false } });
  return insecureAgent;
};

const TLS_CODES = /CERT|SSL|TLS|EPROTO|SELF_SIGNED|ALTNAME/i;

/** The `Bearer` challenge's parameters (`realm`, `service`, `scope`), if it is one. */
export const parseBearerChallenge = (header: string | null): Record<string, string> | undefined => {
  if (!header || !/^Bearer\s/i.test(header)) return undefined;
  const params: Record<string, string> = {};
  for (const m of header.slice(7).matchAll(/([a-zA-Z_]+)="([^"]*)"/g)) params[m[1]!.toLowerCase()] = m[2]!;
  return params.realm ? params : undefined;
};

/**
 * One conversation with a registry: remembers the scheme that worked and the authorization that
 * was accepted, so only the first request of a push pays for a challenge.
 */
export class RegistrySession {
  readonly location: RegistryLocation;
  private scheme: 'https' | 'http' | undefined;
  private authorization: string | undefined;

  constructor(readonly target: RegistryTarget) {
    this.location = parseRegistryUrl(target.url, target.insecure);
  }

  /** The URL of a path under `/v2/<repository>/`, or an absolute Location the registry gave. */
  url(path: string): string {
    if (/^https?:\/\//.test(path)) return path;
    const scheme = this.scheme ?? this.location.schemes[0];
    const base = `${scheme}://${this.location.host}`;
    return path.startsWith('/') ? `${base}${path}` : `${base}/v2/${this.location.repository}/${path}`;
  }

  private async send(url: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.authorization) headers.set('authorization', this.authorization);
    const options: RequestInit = { ...init, headers, redirect: 'follow' };
    if (this.target.insecure && url.startsWith('https:')) options.dispatcher = await insecureDispatcher();
    // A registry that accepts connections and never answers must not hold a delivery forever.
    options.signal = AbortSignal.timeout(this.target.timeoutMs ?? DEFAULT_REGISTRY_TIMEOUT_MS);
    return fetch(url, options);
  }

  /** Sends, mapping network failures to {@link RegistryUnreachableError} / {@link RegistryTlsError}. */
  private async sendOrExplain(path: string, init: RequestInit): Promise<Response> {
    const schemes = this.scheme ? [this.scheme] : this.location.schemes;
    for (let i = 0; ; i++) {
      const scheme = schemes[i]!;
      const url = this.url(path).replace(/^https?:/, `${scheme}:`);
      try {
        const response = await this.send(url, init);
        this.scheme = scheme;
        return response;
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        const reason =
          (error as Error).name === 'TimeoutError'
            ? `no answer within ${(this.target.timeoutMs ?? DEFAULT_REGISTRY_TIMEOUT_MS) / 1000} s`
            : (cause?.code ?? cause?.message ?? (error as Error).message);
        // With `insecure`, a registry that does not speak TLS is asked again over plain HTTP.
        if (TLS_CODES.test(reason) && i + 1 < schemes.length) continue;
        if (TLS_CODES.test(reason)) throw new RegistryTlsError(this.location.host, reason);
        throw new RegistryUnreachableError(this.location.host, reason);
      }
    }
  }

  private basic(): string | undefined {
    const c = this.target.credentials;
    return c && `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
  }

  /** Fetches a token from the challenge's realm, with the basic credentials when there are some. */
  private async token(challenge: Record<string, string>, action: string): Promise<string> {
    const realm = new URL(challenge.realm!);
    if (challenge.service) realm.searchParams.set('service', challenge.service);
    if (challenge.scope) realm.searchParams.set('scope', challenge.scope);
    const headers: Record<string, string> = {};
    // Credentials go in clear over plain HTTP: only to a realm the caller accepted that for.
    if (realm.protocol !== 'https:' && this.target.credentials && !this.target.insecure)
      throw new RegistryTlsError(realm.host, `token realm ${realm.origin} is not HTTPS`);
    const basic = this.basic();
    if (basic) headers.authorization = basic;
    const options: RequestInit = {
      headers,
      signal: AbortSignal.timeout(this.target.timeoutMs ?? DEFAULT_REGISTRY_TIMEOUT_MS),
    };
    if (this.target.insecure && realm.protocol === 'https:') options.dispatcher = await insecureDispatcher();
    let response: Response;
    try {
      response = await fetch(realm, options);
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      throw new RegistryUnreachableError(
        realm.host,
        `token realm: ${cause?.code ?? (error as Error).message}`,
      );
    }
    if (response.status === 401 || response.status === 403)
      throw this.authError(response.status, `${action} (token from ${realm.host})`);
    if (!response.ok) {
      const { code, message } = await registryErrorOf(response);
      throw new RegistryHttpError(
        realm.host,
        response.status,
        `a token request for ${action}`,
        code,
        message,
      );
    }
    const body = (await response.json()) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token)
      throw new RegistryHttpError(
        realm.host,
        response.status,
        `a token request for ${action}`,
        undefined,
        'no token in the answer',
      );
    return `Bearer ${token}`;
  }

  private authError(status: 401 | 403, action: string): RegistryAuthError {
    const { host } = this.location;
    return new RegistryAuthError(
      host,
      status,
      action,
      this.target.credentialsName,
      !!this.target.credentials,
    );
  }

  /**
   * Sends a request; on a 401 answers the challenge once (basic credentials, or a bearer token for
   * the challenge's scope) and retries. Returns any response with a status in `ok`; throws a typed
   * error for the rest. `action` names the request in errors ("push of blob sha256:…").
   */
  async request(path: string, init: RequestInit, ok: number[], action: string): Promise<Response> {
    let response = await this.sendOrExplain(path, init);
    if (response.status === 401) {
      const challenge = parseBearerChallenge(response.headers.get('www-authenticate'));
      const answer = challenge ? await this.token(challenge, action) : this.basic();
      await response.arrayBuffer().catch(() => undefined);
      if (answer && answer !== this.authorization) {
        this.authorization = answer;
        response = await this.sendOrExplain(path, init);
      }
    }
    if (ok.includes(response.status)) return response;
    if (response.status === 401 || response.status === 403) throw this.authError(response.status, action);
    const { code, message } = await registryErrorOf(response);
    throw new RegistryHttpError(this.location.host, response.status, action, code, message);
  }
}

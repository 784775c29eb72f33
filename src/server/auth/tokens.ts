import { createHash, randomBytes } from 'node:crypto';
import { ConflictError, InvalidError, isDns1123Label, UnauthorizedError } from '../../model/index.js';
import type { TokenRow, TokenTable } from '../../storage/tokenTable.js';

/** API group of the apitokens resource (tokenApi.ts). */
export const TOKEN_GROUP = 'auth.paletteai.spectrocloud.com';

export const ROLES = ['viewer', 'editor', 'admin', 'cluster-admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who a request acts as: a token's name, role and the namespace the role applies to. */
export interface Identity {
  name: string;
  role: Role;
  /** `*` for cluster-admin. */
  namespace: string;
}

/** A token as listed: its identity, when it was made and when it ends (never its value). */
export interface TokenInfo extends Identity {
  /** ISO time. */
  created: string;
  /** ISO time after which the token is refused; absent: never. */
  expiresAt?: string;
}

/** What {@link TokenStore.create} takes: an identity and, optionally, when the token ends. */
export interface NewToken extends Identity {
  expiresAt?: Date;
}

/** Bearer tokens: kept (hashed) in the store, so every server of a database sees every change at once. */
export interface TokenStore {
  /**
   * The identity of a presented token; undefined when it is unknown (or revoked). An expired token
   * throws UnauthorizedError saying when it expired and how to get a new one.
   */
  authenticate(token: string): Promise<Identity | undefined>;
  /** Creates a token and returns it; only its hash is kept. Names are unique (ConflictError). */
  create(token: NewToken): Promise<string>;
  get(name: string): Promise<TokenInfo | undefined>;
  list(): Promise<TokenInfo[]>;
  /** Removes the token with this name; false when there is none. */
  revoke(name: string): Promise<boolean>;
}

/** sha256 of a token, hex: what the store keeps. */
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

const info = (r: TokenRow): TokenInfo => ({
  name: r.name,
  role: r.role as Role,
  namespace: r.namespace,
  created: r.created,
  ...(r.expiresAt ? { expiresAt: r.expiresAt } : {}),
});

/**
 * Checks a new token's name, role, namespace and end; throws InvalidError naming the field and the
 * fix. `field` prefixes the field paths (`spec.` for the API object).
 */
export const checkNewToken = (t: NewToken, now: Date, paths = { name: 'name', spec: '' }): void => {
  const bad = (field: string, message: string) =>
    new InvalidError(`${field}: ${message}`, {
      kind: 'APIToken',
      name: t.name,
      causes: [{ reason: 'FieldValueInvalid', field, message }],
    });
  if (!isDns1123Label(t.name))
    throw bad(
      paths.name,
      `token name ${JSON.stringify(t.name)} must be lowercase letters, digits and "-" (at most 63)`,
    );
  if (!ROLES.includes(t.role)) throw bad(`${paths.spec}role`, `must be one of ${ROLES.join(', ')}`);
  if (t.role === 'cluster-admin' && t.namespace !== '*')
    throw bad(
      `${paths.spec}namespace`,
      'cluster-admin tokens span every namespace: leave the namespace out (or "*")',
    );
  if (t.role !== 'cluster-admin' && !isDns1123Label(t.namespace))
    throw bad(`${paths.spec}namespace`, `a ${t.role} token needs the namespace its role applies to`);
  if (t.expiresAt && !(t.expiresAt.getTime() > now.getTime()))
    throw bad(`${paths.spec}expirationTimestamp`, 'must be in the future');
};

/**
 * {@link TokenStore} on the store's `tokens` table. Nothing is cached: every request reads the
 * token's row (one indexed lookup), so a revoke or an expiry takes effect on the very next request,
 * on this server and on every other server of the same database.
 */
export class StoreTokenStore implements TokenStore {
  constructor(
    private readonly table: TokenTable,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async authenticate(token: string): Promise<Identity | undefined> {
    const r = await this.table.byHash(tokenHash(token));
    if (!r) return undefined;
    if (r.expiresAt && Date.parse(r.expiresAt) <= this.now().getTime())
      throw new UnauthorizedError(
        `the token "${r.name}" expired at ${r.expiresAt}; ask a cluster-admin (or an admin of namespace "${r.namespace}") for a new one: paletteai token create --name NAME --role ${r.role}${r.role === 'cluster-admin' ? '' : ` --namespace ${r.namespace}`}`,
      );
    return { name: r.name, role: r.role as Role, namespace: r.namespace };
  }

  async create(t: NewToken): Promise<string> {
    const now = this.now();
    checkNewToken(t, now);
    const token = `pai_${randomBytes(32).toString('base64url')}`;
    const added = await this.table.insert({
      name: t.name,
      role: t.role,
      namespace: t.namespace,
      sha256: tokenHash(token),
      created: now.toISOString(),
      ...(t.expiresAt ? { expiresAt: t.expiresAt.toISOString() } : {}),
    });
    if (!added)
      throw new ConflictError(
        `a token named "${t.name}" already exists; pick another name (or revoke it first: paletteai token revoke --name ${t.name})`,
        { kind: 'APIToken', name: t.name },
        'AlreadyExists',
      );
    return token;
  }

  async get(name: string): Promise<TokenInfo | undefined> {
    const r = await this.table.byName(name);
    return r && info(r);
  }

  async list(): Promise<TokenInfo[]> {
    return (await this.table.list()).map(info);
  }

  async revoke(name: string): Promise<boolean> {
    return (await this.table.remove(name)) !== undefined;
  }
}

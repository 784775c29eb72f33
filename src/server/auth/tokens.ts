import { createHash, randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { BadRequestError, ConflictError } from '../../model/index.js';

export const ROLES = ['viewer', 'editor', 'admin', 'cluster-admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who a request acts as: a token's name, role and the namespace the role applies to. */
export interface Identity {
  name: string;
  role: Role;
  /** `*` for cluster-admin. */
  namespace: string;
}

interface TokenRecord extends Identity {
  /** sha256 of the token, hex; the token itself is never stored. */
  sha256: string;
  created: string;
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Bearer tokens, stored hashed in `tokens.json` of the data directory (mode 0600, replaced
 * atomically). Interface-shaped so a database-backed store can replace it for replicas.
 */
export class FileTokenStore {
  private byHash = new Map<string, TokenRecord>();

  private constructor(private readonly path: string) {}

  static async open(path: string): Promise<FileTokenStore> {
    const store = new FileTokenStore(path);
    try {
      const data = JSON.parse(await readFile(path, 'utf8')) as { tokens: TokenRecord[] };
      for (const t of data.tokens) store.byHash.set(t.sha256, t);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    return store;
  }

  get size(): number {
    return this.byHash.size;
  }

  /** The identity of a presented token, or undefined. */
  authenticate(token: string): Identity | undefined {
    const r = this.byHash.get(hash(token));
    return r ? { name: r.name, role: r.role, namespace: r.namespace } : undefined;
  }

  /** Creates a token and returns it; only its hash is kept. Names are unique. */
  async create(identity: Identity): Promise<string> {
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(identity.name)) {
      throw new BadRequestError(
        `token name ${JSON.stringify(identity.name)} must be lowercase letters, digits and "-"`,
      );
    }
    if ([...this.byHash.values()].some((t) => t.name === identity.name)) {
      throw new ConflictError(
        `a token named "${identity.name}" already exists; pick another name`,
        {},
        'AlreadyExists',
      );
    }
    if ((identity.role === 'cluster-admin') !== (identity.namespace === '*')) {
      throw new BadRequestError(
        'cluster-admin tokens span every namespace (namespace "*"); other roles need one namespace',
      );
    }
    const token = `pai_${randomBytes(32).toString('base64url')}`;
    const record: TokenRecord = { ...identity, sha256: hash(token), created: new Date().toISOString() };
    this.byHash.set(record.sha256, record);
    await this.save();
    return token;
  }

  list(): Identity[] {
    return [...this.byHash.values()].map(({ name, role, namespace }) => ({ name, role, namespace }));
  }

  private async save(): Promise<void> {
    const tmp = `${this.path}.tmp`;
    await writeFile(tmp, `${JSON.stringify({ tokens: [...this.byHash.values()] }, null, 2)}\n`, {
      mode: 0o600,
    });
    await rename(tmp, this.path);
  }
}

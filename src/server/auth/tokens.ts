import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { BadRequestError, ConflictError, isDns1123Label } from '../../model/index.js';
import { fsProblem } from '../dataDir.js';
import { describeJsonError } from '../jsonError.js';

export const ROLES = ['viewer', 'editor', 'admin', 'cluster-admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who a request acts as: a token's name, role and the namespace the role applies to. */
export interface Identity {
  name: string;
  role: Role;
  /** `*` for cluster-admin. */
  namespace: string;
}

/**
 * Bearer tokens behind one interface: a file in the data directory today, a database table when
 * several replicas share one store. Methods are async so that either can implement them.
 */
export interface TokenStore {
  /** The identity of a presented token, or undefined (unknown or revoked). */
  authenticate(token: string): Promise<Identity | undefined>;
  /** Creates a token and returns it; only its hash is kept. Names are unique (ConflictError). */
  create(identity: Identity): Promise<string>;
  list(): Promise<Identity[]>;
  /** Removes the token with this name; false when there is none. */
  revoke(name: string): Promise<boolean>;
}

/** `tokens.json` cannot be used as it is: the message names the file, the problem and the fix. */
export class TokenFileError extends Error {
  override readonly name = 'TokenFileError';
}

interface TokenRecord extends Identity {
  /** sha256 of the token, hex; the token itself is never stored. */
  sha256: string;
  created: string;
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/** Checks the parsed file; throws TokenFileError naming the first problem. */
const parseTokenFile = (path: string, text: string): TokenRecord[] => {
  const fix = 'fix the file (or restore it from a backup)';
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new TokenFileError(`tokens file ${path} is not valid JSON (${describeJsonError(text)}); ${fix}`);
  }
  const tokens = (data as { tokens?: unknown } | null)?.tokens;
  if (data === null || typeof data !== 'object' || !Array.isArray(tokens))
    throw new TokenFileError(`tokens file ${path} must hold {"tokens": [...]}; ${fix}`);
  const names = new Map<string, number>();
  const hashes = new Set<string>();
  return tokens.map((t: unknown, i) => {
    const r = t as Partial<TokenRecord> | null;
    const bad = (what: string) => new TokenFileError(`tokens file ${path}: tokens[${i}] ${what}; ${fix}`);
    if (r === null || typeof r !== 'object' || Array.isArray(r)) throw bad('is not an object');
    if (typeof r.name !== 'string' || !isDns1123Label(r.name))
      throw bad('has no valid "name" (lowercase letters, digits and "-")');
    if (!ROLES.includes(r.role as Role)) throw bad(`("${r.name}") has no valid "role" (${ROLES.join(', ')})`);
    if (typeof r.namespace !== 'string' || r.namespace === '')
      throw bad(`("${r.name}") has no "namespace" ("*" for cluster-admin)`);
    if (typeof r.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(r.sha256))
      throw bad(`("${r.name}") has no valid "sha256" (64 hex digits)`);
    const first = names.get(r.name);
    if (first !== undefined)
      throw new TokenFileError(
        `tokens file ${path} names token "${r.name}" twice (tokens[${first}] and tokens[${i}]); remove or rename one`,
      );
    names.set(r.name, i);
    if (hashes.has(r.sha256)) throw bad(`("${r.name}") has the same sha256 as an earlier token`);
    hashes.add(r.sha256);
    return {
      name: r.name,
      role: r.role as Role,
      namespace: r.namespace,
      sha256: r.sha256,
      created: String(r.created ?? ''),
    };
  });
};

/** Options of {@link FileTokenStore.open}. */
export interface FileTokenStoreOptions {
  /** Least time between two checks of the file on an authentication miss. @default 1000 ms */
  recheckMs?: number;
  /** Where a file that turned unreadable while serving is reported (once per change). */
  log?: (message: string) => void;
  /** @default Date.now */
  now?: () => number;
}

/**
 * {@link TokenStore} on `tokens.json` of the data directory (mode 0600, replaced atomically).
 * Tokens that `paletteai token create` adds (or `token revoke` removes) while a server runs are
 * picked up: an authentication checks the file when `recheckMs` passed since the last check (one
 * `stat` per interval at most, however many requests) and re-reads it when its size, mtime or
 * inode changed. So a new token works, and a revoked one stops working, within about a second.
 */
export class FileTokenStore implements TokenStore {
  private byHash = new Map<string, TokenRecord>();
  private signature = '';
  private lastCheck = -Infinity;
  private checking: Promise<void> | undefined;
  private reportedBad = '';
  private readonly recheckMs: number;
  private readonly log: (message: string) => void;
  private readonly now: () => number;

  private constructor(
    private readonly path: string,
    options: FileTokenStoreOptions,
  ) {
    this.recheckMs = options.recheckMs ?? 1000;
    this.log = options.log ?? ((m) => process.stderr.write(`${m}\n`));
    this.now = options.now ?? Date.now;
  }

  /** Opens the file (absent: no tokens yet); throws TokenFileError when it cannot be used. */
  static async open(path: string, options: FileTokenStoreOptions = {}): Promise<FileTokenStore> {
    const store = new FileTokenStore(path, options);
    await store.load();
    return store;
  }

  get size(): number {
    return this.byHash.size;
  }

  async authenticate(token: string): Promise<Identity | undefined> {
    // One stat of the file per interval at most, whatever the traffic: hits see revocations,
    // misses see new tokens.
    if (this.now() - this.lastCheck >= this.recheckMs) {
      this.checking ??= this.refresh().finally(() => (this.checking = undefined));
      await this.checking;
    }
    const r = this.byHash.get(hash(token));
    return r ? { name: r.name, role: r.role, namespace: r.namespace } : undefined;
  }

  async create(identity: Identity): Promise<string> {
    if (!isDns1123Label(identity.name)) {
      throw new BadRequestError(
        `token name ${JSON.stringify(identity.name)} must be lowercase letters, digits and "-"`,
      );
    }
    if ((identity.role === 'cluster-admin') !== (identity.namespace === '*')) {
      throw new BadRequestError(
        'cluster-admin tokens span every namespace (namespace "*"); other roles need one namespace',
      );
    }
    await this.load(); // another process may have added tokens since
    if ([...this.byHash.values()].some((t) => t.name === identity.name)) {
      throw new ConflictError(
        `a token named "${identity.name}" already exists; pick another name (or revoke it first: paletteai token revoke --name ${identity.name})`,
        {},
        'AlreadyExists',
      );
    }
    const token = `pai_${randomBytes(32).toString('base64url')}`;
    const record: TokenRecord = {
      name: identity.name,
      role: identity.role,
      namespace: identity.namespace,
      sha256: hash(token),
      created: new Date().toISOString(),
    };
    this.byHash.set(record.sha256, record);
    await this.save();
    return token;
  }

  async list(): Promise<Identity[]> {
    return [...this.byHash.values()].map(({ name, role, namespace }) => ({ name, role, namespace }));
  }

  async revoke(name: string): Promise<boolean> {
    await this.load();
    const found = [...this.byHash.values()].find((t) => t.name === name);
    if (!found) return false;
    this.byHash.delete(found.sha256);
    await this.save();
    return true;
  }

  /** Re-reads the file if it changed; keeps the tokens it has when the file turned bad. */
  private async refresh(): Promise<void> {
    this.lastCheck = this.now();
    let sig: string;
    try {
      const s = await stat(this.path);
      sig = `${s.ino}:${s.size}:${s.mtimeMs}`;
    } catch (e) {
      sig = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'absent' : `error:${fsProblem(e)}`;
    }
    if (sig === this.signature) return;
    try {
      await this.load();
      this.reportedBad = '';
    } catch (e) {
      if (this.reportedBad !== sig) {
        this.reportedBad = sig;
        this.log(`${(e as Error).message}; the server keeps the ${this.byHash.size} tokens it had loaded`);
      }
    }
  }

  private async load(): Promise<void> {
    this.lastCheck = this.now();
    let text: string;
    let sig: string;
    try {
      const s = await stat(this.path);
      text = await readFile(this.path, 'utf8');
      sig = `${s.ino}:${s.size}:${s.mtimeMs}`;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
        throw new TokenFileError(
          `cannot read tokens file ${this.path} (${fsProblem(e)}); fix its permissions`,
        );
      this.byHash = new Map();
      this.signature = 'absent';
      return;
    }
    const records = parseTokenFile(this.path, text);
    this.byHash = new Map(records.map((r) => [r.sha256, r]));
    this.signature = sig;
  }

  private async save(): Promise<void> {
    const tmp = `${this.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      // `token create` before the first server start: the data directory is made here (private).
      await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
      await writeFile(tmp, `${JSON.stringify({ tokens: [...this.byHash.values()] }, null, 2)}\n`, {
        mode: 0o600,
      });
      await rename(tmp, this.path);
    } catch (e) {
      await unlink(tmp).catch(() => {});
      throw new TokenFileError(
        `cannot write tokens file ${this.path} (${fsProblem(e)}); fix its permissions`,
      );
    }
    const s = await stat(this.path).catch(() => undefined);
    if (s) this.signature = `${s.ino}:${s.size}:${s.mtimeMs}`;
  }
}

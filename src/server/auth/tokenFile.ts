/**
 * `tokens.json`, where tokens lived before they moved into the store: read once at start, its
 * tokens added to the store, and the file renamed `tokens.json.imported`, so that a data
 * directory of an older version keeps its tokens.
 */
import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { isDns1123Label } from '../../model/index.js';
import type { TokenRow, TokenTable } from '../../storage/tokenTable.js';
import { fsProblem } from '../dataDir.js';
import { describeJsonError } from '../jsonError.js';
import { ROLES, type Role } from './tokens.js';

/** `tokens.json` cannot be used as it is: the message names the file, the problem and the fix. */
export class TokenFileError extends Error {
  override readonly name = 'TokenFileError';
}

export const TOKEN_FILE = 'tokens.json';
export const IMPORTED_SUFFIX = '.imported';

/** Checks the parsed file; throws TokenFileError naming the first problem. */
export const parseTokenFile = (path: string, text: string): TokenRow[] => {
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
    const r = t as Partial<TokenRow> | null;
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

/**
 * Imports `DIR/tokens.json` into the store, once: adds every token whose name the store does not
 * have yet (a name already there keeps the store's token, and is named in the notice), then renames
 * the file `tokens.json.imported`. Absent file: nothing to do. A file that cannot be used throws
 * {@link TokenFileError} and is left as it is.
 */
export const importTokenFile = async (
  dataDir: string,
  table: TokenTable,
  log: (message: string) => void,
): Promise<void> => {
  const path = join(dataDir, TOKEN_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new TokenFileError(`cannot read tokens file ${path} (${fsProblem(e)}); fix its permissions`);
  }
  const rows = parseTokenFile(path, text);
  const added = new Set(await table.insertMissing(rows));
  const kept = rows.filter((r) => !added.has(r.name)).map((r) => r.name);
  try {
    await rename(path, `${path}${IMPORTED_SUFFIX}`);
  } catch (e) {
    throw new TokenFileError(
      `imported ${path} into the store but cannot rename it to ${TOKEN_FILE}${IMPORTED_SUFFIX} (${fsProblem(e)}); fix the data directory's permissions`,
    );
  }
  log(
    `notice: imported ${added.size} token(s) from ${path} into the store` +
      (kept.length ? ` (${kept.join(', ')} already there: kept the store's)` : '') +
      `; the file is now ${TOKEN_FILE}${IMPORTED_SUFFIX} and no longer read`,
  );
};

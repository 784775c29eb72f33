import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UnauthorizedError } from '../../model/index.js';
import type { Store } from '../../storage/store.js';
import { STORE_ENGINES } from '../../storage/testFixtures.js';
import { importTokenFile, TokenFileError } from './tokenFile.js';
import { StoreTokenStore, tokenHash } from './tokens.js';

const opened: Store[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

describe.each(STORE_ENGINES)('StoreTokenStore on $name', (engine) => {
  const open = async (sameAs?: Store) => {
    const s = await engine.open(sameAs ? { sameAs } : {});
    opened.push(s);
    return s;
  };

  it('keeps only the hash; a token created on one server works on another at once, and stops at once when revoked', async () => {
    const a = await open();
    const b = await open(a); // another replica on the same database
    const onA = new StoreTokenStore(a.tokens);
    const onB = new StoreTokenStore(b.tokens);
    const token = await onA.create({ name: 'alice', role: 'editor', namespace: 'ns' });
    expect(token).toMatch(/^pai_[A-Za-z0-9_-]{43}$/);
    const row = await a.tokens.byName('alice');
    expect(row?.sha256).toBe(tokenHash(token));
    expect(JSON.stringify(await a.tokens.list())).not.toContain(token);
    expect(await onB.authenticate(token)).toEqual({ name: 'alice', role: 'editor', namespace: 'ns' });
    expect(await onB.revoke('alice')).toBe(true);
    expect(await onA.authenticate(token)).toBeUndefined();
    expect(await onA.revoke('alice')).toBe(false);
    expect(await onA.list()).toEqual([]);
  });

  it('refuses an expired token with when it expired and how to get a new one', async () => {
    let now = new Date('2030-01-01T00:00:00.000Z');
    const tokens = new StoreTokenStore((await open()).tokens, () => now);
    const token = await tokens.create({
      name: 'ci',
      role: 'viewer',
      namespace: 'ns',
      expiresAt: new Date('2030-01-01T00:00:02.000Z'),
    });
    expect(await tokens.authenticate(token)).toMatchObject({ name: 'ci' });
    now = new Date('2030-01-01T00:00:02.000Z');
    const error = await tokens.authenticate(token).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect((error as Error).message).toBe(
      'the token "ci" expired at 2030-01-01T00:00:02.000Z; ask a cluster-admin (or an admin of namespace "ns") for a new one: paletteai token create --name NAME --role viewer --namespace ns',
    );
    expect(await tokens.list()).toEqual([
      {
        name: 'ci',
        role: 'viewer',
        namespace: 'ns',
        created: '2030-01-01T00:00:00.000Z',
        expiresAt: '2030-01-01T00:00:02.000Z',
      },
    ]);
  });

  it('refuses a duplicate name, and names, roles, namespaces and ends that do not fit', async () => {
    const tokens = new StoreTokenStore((await open()).tokens);
    await tokens.create({ name: 'alice', role: 'editor', namespace: 'ns' });
    await expect(tokens.create({ name: 'alice', role: 'viewer', namespace: 'ns' })).rejects.toThrow(
      /a token named "alice" already exists; pick another name/,
    );
    const cases: [Parameters<StoreTokenStore['create']>[0], RegExp][] = [
      [{ name: 'Bad_Name', role: 'viewer', namespace: 'ns' }, /^name: token name "Bad_Name" must be/],
      [{ name: 'x', role: 'root' as 'viewer', namespace: 'ns' }, /^role: must be one of viewer, editor/],
      [{ name: 'x', role: 'cluster-admin', namespace: 'ns' }, /^namespace: cluster-admin tokens span/],
      [{ name: 'x', role: 'admin', namespace: '*' }, /^namespace: a admin token needs the namespace/],
      [
        { name: 'x', role: 'viewer', namespace: 'ns', expiresAt: new Date(Date.now() - 1) },
        /^expirationTimestamp: must be in the future/,
      ],
    ];
    for (const [t, message] of cases) await expect(tokens.create(t)).rejects.toThrow(message);
    expect((await tokens.list()).map((t) => t.name)).toEqual(['alice']);
  });
});

describe('importTokenFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'paletteai-tokens-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const record = (name: string, token: string, role = 'viewer', namespace = 'ns') => ({
    name,
    role,
    namespace,
    sha256: tokenHash(token),
    created: '2026-01-01T00:00:00.000Z',
  });

  it('imports tokens.json once (the store keeps a name it has), then renames it', async () => {
    const store = await STORE_ENGINES[0]!.open();
    opened.push(store);
    const tokens = new StoreTokenStore(store.tokens);
    const kept = await tokens.create({ name: 'admin', role: 'cluster-admin', namespace: '*' });
    await writeFile(
      join(dir, 'tokens.json'),
      JSON.stringify({
        tokens: [record('admin', 'pai_old-admin', 'cluster-admin', '*'), record('alice', 'pai_alice')],
      }),
    );
    const logs: string[] = [];
    await importTokenFile(dir, store.tokens, (m) => logs.push(m));
    expect(await tokens.authenticate('pai_alice')).toEqual({
      name: 'alice',
      role: 'viewer',
      namespace: 'ns',
    });
    expect(await tokens.authenticate(kept)).toMatchObject({ name: 'admin' });
    expect(await tokens.authenticate('pai_old-admin')).toBeUndefined();
    expect(existsSync(join(dir, 'tokens.json'))).toBe(false);
    expect(existsSync(join(dir, 'tokens.json.imported'))).toBe(true);
    expect(logs).toEqual([
      `notice: imported 1 token(s) from ${join(dir, 'tokens.json')} into the store (admin already there: kept the store's); the file is now tokens.json.imported and no longer read`,
    ]);
    // Once: nothing more to do on the next start.
    await importTokenFile(dir, store.tokens, (m) => logs.push(m));
    expect(logs).toHaveLength(1);
  });

  const bad: [string, string, RegExp][] = [
    ['not JSON', '{"tokens": [', /is not valid JSON \(line 1, column 13: the text ends/],
    ['wrong shape', '[]', /must hold \{"tokens": \[\.\.\.\]\}/],
    ['entry not an object', '{"tokens": [1]}', /tokens\[0\] is not an object/],
    [
      'bad role',
      JSON.stringify({ tokens: [{ ...record('a', 'x'), role: 'root' }] }),
      /tokens\[0\] \("a"\) has no valid "role"/,
    ],
    [
      'duplicate names',
      JSON.stringify({ tokens: [record('a', 'x'), record('a', 'y')] }),
      /names token "a" twice \(tokens\[0\] and tokens\[1\]\); remove or rename one/,
    ],
  ];
  it.each(bad)(
    'refuses a tokens file that is %s, naming the file and the fix, and leaves it',
    async (_, text, expected) => {
      const store = await STORE_ENGINES[0]!.open();
      opened.push(store);
      await writeFile(join(dir, 'tokens.json'), text);
      const error = await importTokenFile(dir, store.tokens, () => {}).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TokenFileError);
      expect((error as Error).message).toContain(join(dir, 'tokens.json'));
      expect((error as Error).message).toMatch(expected);
      expect((error as Error).message).not.toContain('\n');
      expect(existsSync(join(dir, 'tokens.json'))).toBe(true);
      expect(await store.tokens.list()).toEqual([]);
    },
  );
});

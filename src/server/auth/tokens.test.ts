import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileTokenStore, TokenFileError } from './tokens.js';

let dir: string;
let path: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'paletteai-tokens-'));
  path = join(dir, 'tokens.json');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const SHA = 'a'.repeat(64);

describe('FileTokenStore', () => {
  it('picks up tokens another process created, checking the file at most once per interval', async () => {
    let now = 0;
    const server = await FileTokenStore.open(path, { now: () => now, log: () => {} });
    const cli = await FileTokenStore.open(path);
    const token = await cli.create({ name: 'alice', role: 'editor', namespace: 'ns' });
    now = 1000;
    expect(await server.authenticate(token)).toEqual({ name: 'alice', role: 'editor', namespace: 'ns' });
    // A token made now is not seen before the interval passed since the last check...
    const second = await cli.create({ name: 'bob', role: 'viewer', namespace: 'ns' });
    now = 1500;
    expect(await server.authenticate(second)).toBeUndefined();
    now = 2000;
    expect(await server.authenticate(second)).toMatchObject({ name: 'bob' });
  });

  it('revokes: the server refuses the token after its next check', async () => {
    let now = 0;
    const server = await FileTokenStore.open(path, { now: () => now, log: () => {} });
    const token = await server.create({ name: 'alice', role: 'editor', namespace: 'ns' });
    const cli = await FileTokenStore.open(path);
    expect(await cli.revoke('alice')).toBe(true);
    expect(await cli.revoke('alice')).toBe(false);
    expect(await server.authenticate(token)).toMatchObject({ name: 'alice' }); // checked just now
    now = 5000;
    expect(await server.authenticate(token)).toBeUndefined();
    expect(await server.list()).toEqual([]);
  });

  it('refuses a duplicate name, also one created by another process since', async () => {
    const a = await FileTokenStore.open(path);
    const b = await FileTokenStore.open(path);
    await a.create({ name: 'alice', role: 'editor', namespace: 'ns' });
    await expect(b.create({ name: 'alice', role: 'viewer', namespace: 'ns' })).rejects.toThrow(
      /a token named "alice" already exists; pick another name/,
    );
  });

  const bad: [string, string, RegExp][] = [
    ['not JSON', '{"tokens": [', /is not valid JSON \(line 1, column 13: the text ends/],
    ['wrong shape', '[]', /must hold \{"tokens": \[\.\.\.\]\}/],
    ['entry not an object', '{"tokens": [1]}', /tokens\[0\] is not an object/],
    [
      'bad role',
      JSON.stringify({ tokens: [{ name: 'a', role: 'root', namespace: '*', sha256: SHA }] }),
      /tokens\[0\] \("a"\) has no valid "role"/,
    ],
    [
      'duplicate names',
      JSON.stringify({
        tokens: [
          { name: 'a', role: 'viewer', namespace: 'ns', sha256: SHA },
          { name: 'a', role: 'viewer', namespace: 'ns', sha256: 'b'.repeat(64) },
        ],
      }),
      /names token "a" twice \(tokens\[0\] and tokens\[1\]\); remove or rename one/,
    ],
  ];
  it.each(bad)('refuses a tokens file that is %s, naming the file and the fix', async (_, text, expected) => {
    await writeFile(path, text);
    const error = await FileTokenStore.open(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenFileError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toMatch(expected);
    expect((error as Error).message).not.toContain('\n');
  });

  it('keeps serving the tokens it has when the file turns bad while running, and says so once', async () => {
    let now = 0;
    const logs: string[] = [];
    const server = await FileTokenStore.open(path, { now: () => now, log: (m) => logs.push(m) });
    const token = await server.create({ name: 'alice', role: 'editor', namespace: 'ns' });
    await writeFile(path, `${await readFile(path, 'utf8')}oops`);
    for (let i = 0; i < 3; i++) {
      now += 2000;
      expect(await server.authenticate('pai_unknown')).toBeUndefined();
    }
    expect(await server.authenticate(token)).toMatchObject({ name: 'alice' });
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/is not valid JSON .*keeps the 1 tokens/);
  });
});

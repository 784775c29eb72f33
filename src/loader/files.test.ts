import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFiles } from './files.js';

let root: string;
const at = (...parts: string[]) => join(root, ...parts);
const put = async (path: string, content: string | Uint8Array) => {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, content);
};
const obj = (kind: string) => `apiVersion: v1\nkind: ${kind}\n`;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'paletteai-loader-'));
  await put(at('tree', 'b.yaml'), obj('B'));
  await put(at('tree', 'a.yml'), obj('A'));
  await put(at('tree', 'c.json'), '{"apiVersion": "v1", "kind": "C"}');
  await put(at('tree', 'notes.txt'), 'not: loaded\n');
  await put(at('tree', 'README.md'), '# no\n');
  await put(at('tree', 'sub', 'd.yaml'), obj('D') + '---\n' + obj('E'));
  await put(at('tree', '.hidden', 'h.yaml'), obj('Hidden'));
  await put(at('tree', '.h.yaml'), obj('HiddenFile'));
  await put(at('tree', 'node_modules', 'n.yaml'), obj('NodeModules'));
  await symlink(at('tree'), at('tree', 'sub', 'loop'));
  await symlink(at('tree', 'a.yml'), at('tree', 'z-link.yaml'));
  await symlink(at('nowhere.yaml'), at('tree', 'sub', 'broken.yaml'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('loadFiles', () => {
  it('walks folders recursively in sorted order, taking only .yaml, .yml and .json', async () => {
    const { documents, files, issues } = await loadFiles([at('tree')]);
    expect(files).toEqual([
      at('tree', 'a.yml'),
      at('tree', 'b.yaml'),
      at('tree', 'c.json'),
      at('tree', 'sub', 'd.yaml'),
    ]);
    expect(documents.map((d) => [d.object.kind, d.index])).toEqual([
      ['A', 0],
      ['B', 0],
      ['C', 0],
      ['D', 0],
      ['E', 1],
    ]);
    expect(issues).toEqual([
      expect.objectContaining({ code: 'LD010', file: at('tree', 'sub', 'broken.yaml') }),
    ]);
  });

  it('skips hidden entries and node_modules, follows links without looping, and loads a file once', async () => {
    const { documents } = await loadFiles([at('tree'), at('tree', 'a.yml')]);
    const kinds = documents.map((d) => d.object.kind);
    expect(kinds).not.toContain('Hidden');
    expect(kinds).not.toContain('HiddenFile');
    expect(kinds).not.toContain('NodeModules');
    expect(kinds.filter((k) => k === 'A')).toHaveLength(1);
  });

  it('reads an explicitly named file whatever its extension, as YAML', async () => {
    const { documents, files } = await loadFiles([at('tree', 'notes.txt')]);
    expect(files).toEqual([at('tree', 'notes.txt')]);
    expect(documents[0]!.object).toEqual({ not: 'loaded' });
  });

  it('keeps relative paths relative in file names', async () => {
    const rel = relative(process.cwd(), at('tree'));
    const { documents } = await loadFiles([rel]);
    expect(documents[0]!.file).toBe(join(rel, 'a.yml'));
  });

  it('reports a path that does not exist as LD010 and still loads the others', async () => {
    const missing = at('missing.yaml');
    const { documents, issues } = await loadFiles([missing, at('tree', 'b.yaml')]);
    expect(documents.map((d) => d.object.kind)).toEqual(['B']);
    expect(issues).toEqual([
      {
        code: 'LD010',
        severity: 'error',
        path: '',
        file: missing,
        message: expect.stringContaining('path does not exist'),
      },
    ]);
  });

  it('reports a file over maxFileBytes from its size, before reading it (LD006)', async () => {
    const text = obj('Big') + `data: "${'x'.repeat(200)}"\n`;
    await put(at('big.yaml'), text);
    const { documents, issues, files } = await loadFiles([at('big.yaml')], { maxFileBytes: 100 });
    expect(documents).toEqual([]);
    expect(files).toEqual([at('big.yaml')]);
    expect(issues[0]).toMatchObject({
      code: 'LD006',
      message: expect.stringContaining(`(${text.length} bytes)`),
    });
  });

  it('reports invalid UTF-8 with its line, and UTF-16 (LD011)', async () => {
    await put(
      at('latin1.yaml'),
      Buffer.concat([Buffer.from('kind: A\nname: caf'), Buffer.from([0xe9, 0x0a])]),
    );
    await put(at('utf16.yaml'), Buffer.from('\uFEFFkind: A\n', 'utf16le'));
    const { issues } = await loadFiles([at('latin1.yaml'), at('utf16.yaml')]);
    expect(issues.map((i) => [i.code, i.line])).toEqual([
      ['LD011', 2],
      ['LD011', undefined],
    ]);
    expect(issues[1]!.message).toContain('UTF-16');
  });

  it('strips a UTF-8 BOM from a file', async () => {
    await put(at('bom.yaml'), '\uFEFF' + obj('Bom'));
    const { documents } = await loadFiles([at('bom.yaml')]);
    expect(documents[0]).toMatchObject({ object: { kind: 'Bom' }, line: 1 });
  });

  it('reports a path that is neither a file nor a folder as LD010 (a FIFO would block a reader)', async () => {
    execFileSync('mkfifo', [at('pipe.yaml')]);
    const { issues } = await loadFiles([at('pipe.yaml')]);
    expect(issues[0]).toMatchObject({ code: 'LD010' });
  });

  it('with dropText keeps no text: a line asked later is found by reading the file again', async () => {
    const text = (pad: string) =>
      `${obj('First')}---\n${pad}apiVersion: v1\nkind: Second\nspec:\n  items:\n    - a\n    - b\n`;
    await put(at('drop', 'objects.yaml'), text(''));
    const kept = await loadFiles([at('drop')]);
    const dropped = await loadFiles([at('drop')], undefined, { dropText: true });
    expect(dropped.documents.map((d) => [d.object.kind, d.line])).toEqual([
      ['First', 1],
      ['Second', 4],
    ]);
    // The file changes after the load: a loader that kept the text still answers from it, one
    // that dropped it answers from the file as it is now.
    await put(at('drop', 'objects.yaml'), text('# two\n# comment lines\n'));
    expect(kept.documents[1]!.lineOf(['spec', 'items', 1])).toBe(9);
    expect(dropped.documents[1]!.lineOf(['spec', 'items', 1])).toBe(11);
    expect(dropped.documents[1]!.lineOf([])).toBe(4);
  });

  it('with dropText keeps objects exact, numbers JSON cannot carry included', async () => {
    const text = 'apiVersion: v1\nkind: Numbers\nspec: {nan: .nan, inf: -.inf, zero: -0.0, list: [1, "x"]}\n';
    await put(at('numbers', 'n.yaml'), text);
    const kept = await loadFiles([at('numbers')]);
    const dropped = await loadFiles([at('numbers')], undefined, { dropText: true });
    const spec = dropped.documents[0]!.object.spec as Record<string, unknown>;
    expect(spec.nan).toBeNaN();
    expect(spec.inf).toBe(-Infinity);
    expect(Object.is(spec.zero, -0)).toBe(true);
    expect(dropped.documents.map((d) => d.object)).toEqual(kept.documents.map((d) => d.object));
  });
});

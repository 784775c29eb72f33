import { describe, expect, it } from 'vitest';
import { documentsOfText, loadText } from './text.js';

const codes = (r: ReturnType<typeof loadText>) => r.issues.map((i) => i.code);

describe('loadText: documents and lines', () => {
  const stream = [
    '# two objects', // 1
    'apiVersion: v1', // 2
    'kind: A',
    'metadata: {name: a}',
    '---', // 5
    '', // 6
    '# comment', // 7
    'apiVersion: v1', // 8
    'kind: B',
    'spec:', // 10
    '  x: 1', // 11
    '  list:',
    '    - name: first', // 13
    '    - name: second', // 14
    '      image: nginx', // 15
  ].join('\n');

  it('loads every document with the line where its content starts and its index', () => {
    const { documents, issues, files } = loadText(stream, 'm/objects.yaml');
    expect(issues).toEqual([]);
    expect(files).toEqual(['m/objects.yaml']);
    expect(documents.map((d) => [d.object.kind, d.file, d.line, d.index])).toEqual([
      ['A', 'm/objects.yaml', 2, 0],
      ['B', 'm/objects.yaml', 8, 1],
    ]);
  });

  it('gives the line of a field path in the second document, falling back to the nearest ancestor', () => {
    const second = loadText(stream, 'objects.yaml').documents[1]!;
    expect(second.lineOf(['spec', 'x'])).toBe(11);
    expect(second.lineOf(['spec'])).toBe(10);
    expect(second.lineOf(['spec', 'list', 1])).toBe(14);
    expect(second.lineOf(['spec', 'list', 1, 'image'])).toBe(15);
    expect(second.lineOf(['spec', 'list', 1, 'missing'])).toBe(14);
    expect(second.lineOf(['nope', 'deeper'])).toBe(8);
    expect(second.lineOf([])).toBe(8);
  });

  it('handles "--- " with content on the marker line, CRLF line ends and a BOM', () => {
    const text =
      '\uFEFF--- {apiVersion: v1, kind: A}\r\n--- \r\napiVersion: v1\r\nkind: B\r\nspec:\r\n  x: 1\r\n';
    const { documents, issues } = loadText(text, 'crlf.yaml');
    expect(issues).toEqual([]);
    expect(documents.map((d) => [d.object, d.line])).toEqual([
      [{ apiVersion: 'v1', kind: 'A' }, 1],
      [{ apiVersion: 'v1', kind: 'B', spec: { x: 1 } }, 3],
    ]);
    expect(documents[1]!.lineOf(['spec', 'x'])).toBe(6);
  });

  it('unwraps a v1 List into its items, with item lines and item-relative paths', () => {
    const text = [
      'apiVersion: v1', // 1
      'kind: List',
      'items:', // 3
      '  - apiVersion: v1', // 4
      '    kind: A',
      '  - apiVersion: v1', // 6
      '    kind: B',
      '    spec:', // 8
      '      x: 1', // 9
    ].join('\n');
    const { documents, issues } = loadText(text, 'list.yaml');
    expect(issues).toEqual([]);
    expect(documents.map((d) => [d.object.kind, d.line, d.index])).toEqual([
      ['A', 4, 0],
      ['B', 6, 0],
    ]);
    expect(documents[1]!.lineOf(['spec', 'x'])).toBe(9);
    expect(documents[1]!.lineOf(['status'])).toBe(6);
  });

  it('reports a List item that is not a mapping', () => {
    const { documents, issues } = loadText('apiVersion: v1\nkind: List\nitems:\n  - 42\n', 'l.yaml');
    expect(documents).toEqual([]);
    expect(issues).toEqual([expect.objectContaining({ code: 'LD009', path: 'items[0]', line: 4 })]);
  });

  it('skips empty documents silently', () => {
    const { documents, issues } = loadText('---\n# nothing\n---\n\n---\nkind: A\n', 'e.yaml');
    expect(issues).toEqual([]);
    expect(documents.map((d) => [d.index, d.line])).toEqual([[2, 6]]);
  });

  it('gives the same object whether the fast path or js-yaml reads the document', () => {
    const body = 'kind: A\nspec:\n  on: yes\n  n: 0o17\n  list: [1, "2", {a: ~}]\n  text: |\n    x\n';
    const fast = loadText(body, 'f.yaml');
    const slow = loadText(`${body}anchor: &a 1\n`, 's.yaml'); // an anchor sends it to js-yaml
    expect(fast.issues).toEqual([]);
    expect(slow.documents[0]!.object).toEqual({ ...fast.documents[0]!.object, anchor: 1 });
    expect(slow.documents[0]!.lineOf(['spec', 'list'])).toBe(fast.documents[0]!.lineOf(['spec', 'list']));
  });

  it('keeps YAML 1.1 booleans and timestamps as strings (core schema)', () => {
    const { documents } = loadText('a: yes\nb: on\nc: 2024-01-01\nd: "1"\ne: 1\nf: true\ng: ~\n', 'y.yaml');
    expect(documents[0]!.object).toEqual({
      a: 'yes',
      b: 'on',
      c: '2024-01-01',
      d: '1',
      e: 1,
      f: true,
      g: null,
    });
  });
});

describe('documentsOfText: one document of a text, loaded alone', () => {
  const text = [
    '---', // 1: an empty document (index 0)
    '# nothing',
    '---', // 3: the List (index 1)
    'apiVersion: v1',
    'kind: List',
    'items:',
    '  - apiVersion: v1', // 7
    '    kind: A',
    '  - 42', // 9: not a mapping
    '  - apiVersion: v1', // 10
    '    kind: B',
    '    spec:',
    '      x: 1', // 13
    '---', // 14 (index 2)
    'kind: C',
    'spec: {y: 2}', // 16
  ].join('\n');

  it('gives what loadText gives for that document: its objects, their lines, items and paths', () => {
    const whole = loadText(text, 'f.yaml');
    const split = documentsOfText(text, 'f.yaml');
    const view = (d: (typeof whole.documents)[number]) => [
      d.object,
      d.line,
      d.index,
      d.item,
      d.lineOf(['spec']),
    ];
    expect(split.at(1).documents.map(view)).toEqual(whole.documents.filter((d) => d.index === 1).map(view));
    expect(split.at(1).documents.map((d) => [d.object.kind, d.item, d.lineOf(['spec', 'x'])])).toEqual([
      ['A', 0, 7],
      ['B', 2, 13],
    ]);
    expect(split.at(2).documents.map(view)).toEqual(whole.documents.filter((d) => d.index === 2).map(view));
    expect(split.at(1).issues).toEqual(whole.issues); // the List's item 42 (LD009) is document 1's
    expect(split.at(0)).toEqual({ documents: [], issues: [] }); // empty
    expect(split.at(9)).toEqual({ documents: [], issues: [] }); // no such document
  });

  it('parses only the document asked for: a broken one elsewhere in the text costs nothing', () => {
    const broken = `kind: A\n---\nkind: [unclosed\n---\nkind: C\n`;
    expect(loadText(broken, 'b.yaml').issues.map((i) => [i.code, i.line])).toEqual([['LD001', 4]]);
    const split = documentsOfText(broken, 'b.yaml');
    expect(split.at(2)).toEqual({
      documents: [expect.objectContaining({ object: { kind: 'C' }, line: 5 })],
      issues: [],
    });
    expect(split.at(1).issues.map((i) => [i.code, i.line])).toEqual([['LD001', 4]]);
  });
});

describe('loadText: errors are issues, never exceptions', () => {
  it('reports a syntax error at its exact file line, without a code frame', () => {
    const { documents, issues } = loadText('a: 1\n---\nkind: B\nspec: [1, 2\nc: 3\n---\nkind: C\n', 's.yaml');
    expect(documents.map((d) => d.object.kind)).toEqual([undefined, 'C']);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'LD001', severity: 'error', path: '', file: 's.yaml', line: 5 });
    expect(issues[0]!.message).toMatch(/^YAML syntax error at line 5, column 1: .+\. Fix the YAML there/);
    expect(issues[0]!.message).not.toContain('\n');
  });

  it('reports a duplicate key in a YAML document with the key and its line', () => {
    const { issues } = loadText('kind: A\nmetadata:\n  name: a\n  name: b\n', 'd.yaml');
    expect(issues).toEqual([expect.objectContaining({ code: 'LD002', line: 4 })]);
    expect(issues[0]!.message).toContain('duplicate key "name"');
  });

  it('reads a .json file as one document and reports a duplicate key JSON.parse would hide', () => {
    const json = '{\n  "kind": "A",\n  "spec": {"x": 1,\n    "x": 2}\n}\n';
    expect(JSON.parse(json)).toEqual({ kind: 'A', spec: { x: 2 } });
    const { issues } = loadText(json, 'obj.json');
    expect(issues).toEqual([expect.objectContaining({ code: 'LD002', file: 'obj.json', line: 4 })]);
    expect(issues[0]!.message).toContain('key "x"');
    expect(loadText('{"kind": "A"}', 'ok.json').documents[0]!.object).toEqual({ kind: 'A' });
  });

  it.each([
    ['!!js/function', 'a: !!js/function "function () {}"', '!!js/function'],
    ['!!binary', 'a: !!binary aGVsbG8=', '!!binary'],
    ['!foo', 'a: !foo bar', '!foo'],
    ['a tagged mapping', 'a: !foo {x: 1}', '!foo'],
  ])('rejects the tag %s (LD005) and says to quote the value', (_name, text, tag) => {
    const { issues } = loadText(text, 't.yaml');
    expect(codes({ documents: [], issues, files: [] })).toEqual(['LD005']);
    expect(issues[0]!.message).toContain(`tag ${tag} is not allowed`);
    expect(issues[0]!.message).toContain('quote the value');
  });

  it('reports a top-level scalar or sequence as not an object (LD009)', () => {
    expect(loadText('just a string\n', 's.yaml').issues[0]).toMatchObject({
      code: 'LD009',
      line: 1,
      message: expect.stringContaining(
        'expected a Kubernetes object (a mapping with apiVersion and kind), found a string',
      ),
    });
    expect(loadText('- a\n- b\n', 'q.yaml').issues[0]!.message).toContain('found a sequence');
  });

  it('skips text over maxFileBytes without parsing it (LD006)', () => {
    const { documents, issues } = loadText('kind: A\n'.repeat(100), 'big.yaml', { maxFileBytes: 100 });
    expect(documents).toEqual([]);
    expect(issues).toEqual([expect.objectContaining({ code: 'LD006', file: 'big.yaml' })]);
    expect(issues[0]!.message).toMatch(/800 bytes.*100 bytes limit \(maxFileBytes\).*Split it/);
  });

  it('refuses a file with more documents than maxDocuments (LD008)', () => {
    const text = 'kind: A\n---\n'.repeat(20_000) + 'kind: A\n';
    const { documents, issues } = loadText(text, 'many.yaml');
    expect(documents).toEqual([]);
    expect(issues).toEqual([expect.objectContaining({ code: 'LD008' })]);
    expect(codes(loadText('a: 1\n---\nb: 2\n---\nc: 3\n', 'x.yaml', { maxDocuments: 2 }))).toEqual(['LD008']);
  });
});

import { describe, expect, it } from 'vitest';
import { splitDocuments } from './split.js';

const split = (text: string, max = 100) => splitDocuments(text, max);
const lines = (text: string) => split(text).chunks.map((c) => [c.index, c.firstLine, c.contentLine]);

describe('splitDocuments', () => {
  it('cuts a stream at --- lines and records where each document and its content start', () => {
    const text = '# header\napiVersion: v1\n---\n\n# c\nkind: A\n---\nkind: B\n';
    expect(lines(text)).toEqual([
      [0, 1, 2],
      [1, 3, 6],
      [2, 7, 8],
    ]);
    expect(split(text).chunks[1]!.text).toBe('---\n\n# c\nkind: A\n');
  });

  it('keeps content written on the --- line itself', () => {
    const { chunks } = split('--- {a: 1}\n--- # only a comment\nb: 2\n');
    expect(chunks.map((c) => [c.text, c.contentLine])).toEqual([
      ['--- {a: 1}\n', 1],
      ['--- # only a comment\nb: 2\n', 3],
    ]);
  });

  it('ends a document at ... and keeps the marker in its text', () => {
    const { chunks, documentCount } = split('a: 1\n...\n# between\n---\nb: 2\n...\n');
    expect(chunks.map((c) => c.text)).toEqual(['a: 1\n...\n', '---\nb: 2\n...\n']);
    expect(documentCount).toBe(2);
  });

  it('counts empty documents in the index but does not return them', () => {
    const { chunks, documentCount } = split('---\n---\n# nothing\n---\nkind: C\n');
    expect(documentCount).toBe(3);
    expect(chunks.map((c) => c.index)).toEqual([2]);
  });

  it('does not count a comment-only preamble or trailing comments as documents', () => {
    expect(split('# just a comment\n').documentCount).toBe(0);
    expect(split('# preamble\n---\na: 1\n# trailer\n').documentCount).toBe(1);
    expect(split('').documentCount).toBe(0);
  });

  it('ignores markers that are indented, longer, or part of a word', () => {
    const text = 'a: |\n  ---\n----\nb: ---x\n';
    expect(split(text).chunks).toHaveLength(1);
    expect(split('---x: 1\n').chunks[0]!.contentLine).toBe(1);
  });

  it('keeps %YAML directives with the document that follows them', () => {
    const { chunks } = split('%YAML 1.2\n---\na: 1\n');
    expect(chunks).toEqual([{ text: '%YAML 1.2\n---\na: 1\n', firstLine: 1, contentLine: 3, index: 0 }]);
  });

  it('stops as soon as there are more documents than allowed', () => {
    const result = split('a: 1\n---\nb: 2\n---\nc: 3\n', 2);
    expect(result.tooMany).toBe(true);
    expect(split('a: 1\n---\nb: 2\n', 2).tooMany).toBe(false);
  });
});

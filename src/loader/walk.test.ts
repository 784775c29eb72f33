import { describe, expect, it } from 'vitest';
import { DEFAULT_LOAD_LIMITS } from './limits.js';
import { expandAliases, inspectDocument } from './walk.js';

const limits = { ...DEFAULT_LOAD_LIMITS };

describe('inspectDocument', () => {
  it('says when a number JSON cannot carry is in the document (NaN, Infinity, -0)', () => {
    for (const v of [NaN, Infinity, -Infinity, -0])
      expect(inspectDocument({ a: { b: [1, v] } }, limits, false).jsonSafe).toBe(false);
    expect(inspectDocument({ a: { b: [1, 0, -1.5, 'NaN'] } }, limits, false).jsonSafe).toBe(true);
  });

  it('finds nothing wrong in an ordinary document and reports no sharing', () => {
    const doc = { apiVersion: 'v1', kind: 'A', metadata: { name: 'x' }, spec: { list: [1, { a: [2] }] } };
    expect(inspectDocument(doc, limits, true)).toEqual({ findings: [], shared: false, jsonSafe: true });
  });

  it("reports every forbidden key with its field path, a mapping's keys before its children's", () => {
    const doc = JSON.parse('{"spec":{"values":{"__proto__":{"x":1}},"list":[{"constructor":1}]},"<<":{}}');
    const { findings } = inspectDocument(doc, limits, false);
    expect(findings.map((f) => [f.code, f.path])).toEqual([
      ['LD004', ['<<']],
      ['LD004', ['spec', 'values', '__proto__']],
      ['LD004', ['spec', 'list', 0, 'constructor']],
    ]);
    expect(findings[0]!.message).toMatch(/merge key .* not supported.*Write the merged fields out/);
    expect(findings[1]!.message).toContain('spec.values.__proto__');
  });

  it('counts a container reached a second time as an alias use and reports sharing', () => {
    const shared = { a: 1 };
    expect(inspectDocument({ x: shared, y: shared }, limits, true)).toEqual({
      findings: [],
      shared: true,
      jsonSafe: true,
    });
    const many = { list: Array.from({ length: 4 }, () => shared) };
    const report = inspectDocument(many, { ...limits, maxAliases: 2 }, true);
    expect(report.findings.map((f) => f.code)).toEqual(['LD003']);
    expect(report.findings[0]!.message).toContain('more than 2 aliases');
  });

  it('counts aliases inside an expanded alias only once', () => {
    const inner = [1];
    const outer = { p: inner, q: inner }; // one alias use inside the anchor
    const doc = { a: outer, b: outer, c: outer }; // two more
    expect(inspectDocument(doc, { ...limits, maxAliases: 3 }, true).findings).toEqual([]);
    expect(inspectDocument(doc, { ...limits, maxAliases: 2 }, true).findings).toHaveLength(1);
  });

  it('stops a billion-laughs expansion at maxNodes without walking it all', () => {
    let level: unknown[] = Array.from({ length: 9 }, () => 'lol');
    for (let i = 0; i < 8; i++) level = Array.from({ length: 9 }, () => level);
    // Counted rather than timed: the finding is the node cap (1e6), reached long before all 9^9 values.
    const { findings } = inspectDocument({ bomb: level }, { ...limits, maxAliases: 1000 }, true);
    expect(findings.map((f) => f.code)).toEqual(['LD003']);
    expect(findings[0]!.message).toContain('more than 1000000 values');
  });

  it('rejects an alias that refers to its own anchor', () => {
    const loop: unknown[] = [];
    loop.push(loop);
    const { findings } = inspectDocument({ a: loop }, limits, true);
    expect(findings[0]).toMatchObject({ code: 'LD003', message: expect.stringContaining('recursive') });
  });

  it('reports nesting deeper than maxDepth, the root being level 1', () => {
    const nest = (n: number) => {
      let v: object = {};
      for (let i = 1; i < n; i++) v = { k: v };
      return v;
    };
    expect(inspectDocument(nest(4), { ...limits, maxDepth: 4 }, false).findings).toEqual([]);
    const { findings } = inspectDocument(nest(5), { ...limits, maxDepth: 4 }, false);
    expect(findings[0]).toMatchObject({ code: 'LD007', path: ['k', 'k', 'k', 'k'] });
  });

  it('walks a document without anchors (recursively) with the findings of the general walk', () => {
    // random trees with forbidden keys, unsafe numbers, deep chains and wide lists, against tight
    // caps: the tree walk must stop where the general walk (with sharing tracked) stops
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor(seed / 65536) % n; // the high bits: the low ones of this generator repeat
    };
    const KEYS = ['a', 'b', '__proto__', 'constructor', 'prototype', '<<', '0', 'spec'];
    const tree = (depth: number): unknown => {
      const r = random(10);
      if (depth > 12 || r < 3) return [1, 'x', NaN, -0, null, true][random(6)];
      if (r < 6) return Array.from({ length: random(5) }, () => tree(depth + 1));
      const o: Record<string, unknown> = {};
      for (let k = random(5); k > 0; k--)
        Object.defineProperty(o, KEYS[random(KEYS.length)]!, {
          value: tree(depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      return o;
    };
    let compared = 0;
    const codes = new Set<string>();
    for (let n = 0; n < 3000; n++) {
      const doc = { root: tree(0), more: tree(0) };
      const caps = { ...limits, maxDepth: 2 + random(10), maxNodes: 5 + random(60) };
      const tracked = inspectDocument(doc, caps, true);
      expect(inspectDocument(doc, caps, false)).toEqual(tracked);
      for (const f of tracked.findings) codes.add(f.code);
      compared++;
    }
    expect(compared).toBe(3000);
    expect([...codes].sort()).toEqual(['LD003', 'LD004', 'LD007']);
  });
});

describe('expandAliases', () => {
  it('gives every use of a shared container its own copy', () => {
    const shared = { list: [1, 2] };
    const copy = expandAliases({ a: shared, b: shared, c: [shared] });
    expect(copy).toEqual({ a: shared, b: shared, c: [shared] });
    expect(copy.a).not.toBe(copy.b);
    copy.a.list.push(3);
    expect(copy.b.list).toEqual([1, 2]);
    expect(shared.list).toEqual([1, 2]);
  });

  it('copies a __proto__ key as an own property, never as the prototype', () => {
    const src = JSON.parse('{"__proto__": {"polluted": 1}}') as object;
    const copy = expandAliases(src) as Record<string, unknown>;
    expect(Object.keys(copy)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
  });
});

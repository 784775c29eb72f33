import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { printJson, type Io } from '../io.js';
import type { ObjectReport } from '../workspace.js';
import { printReportsJson } from './validate.js';

/** An Io whose stdout keeps the text and counts the writes. */
const capture = () => {
  let text = '';
  let writes = 0;
  const out = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      text += chunk.toString();
      writes++;
      done();
    },
  });
  const io: Io = { out, err: out };
  return { io, text: () => text, writes: () => writes };
};

const report = (i: number): ObjectReport => ({
  kind: i % 3 === 0 ? '' : 'ProfileBundle',
  namespace: 'team-"a"',
  name: `b-${i}\u00e9\n`,
  file: `dir/f-${i}.yaml`,
  line: i,
  valid: i % 2 === 0,
  issues:
    i % 4 === 0
      ? []
      : [{ code: 'PB008', severity: 'error', path: 'spec.x[0]', message: `line\nbreak \u2028 ${i}` }],
});

describe('validate -o json output', () => {
  it.each([0, 1, 2, 5000])('is byte for byte what printJson gives, for %i reports', (count) => {
    const reports = Array.from({ length: count }, (_, i) => report(i));
    for (const valid of [true, false]) {
      const streamed = capture();
      printReportsJson(streamed.io, reports, valid);
      const whole = capture();
      printJson(whole.io, { valid, objects: reports });
      expect(streamed.text()).toBe(whole.text());
    }
  });

  it('is written in pieces, not as one string of every report', () => {
    const streamed = capture();
    printReportsJson(
      streamed.io,
      Array.from({ length: 5000 }, (_, i) => report(i)),
      false,
    );
    expect(streamed.writes()).toBeGreaterThan(5);
  });
});

import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { printJson, type Io } from '../io.js';
import type { ObjectReport } from '../workspace.js';
import { printReportsJson, printReportsText } from './validate.js';

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
  it.each([0, 1, 2, 5000])('is byte for byte what printJson gives, for %i reports', async (count) => {
    const reports = Array.from({ length: count }, (_, i) => report(i));
    for (const valid of [true, false]) {
      const streamed = capture();
      await printReportsJson(streamed.io, reports, valid);
      const whole = capture();
      printJson(whole.io, { valid, objects: reports });
      expect(streamed.text()).toBe(whole.text());
    }
  });

  it('is written in pieces, not as one string of every report', async () => {
    const streamed = capture();
    await printReportsJson(
      streamed.io,
      Array.from({ length: 5000 }, (_, i) => report(i)),
      false,
    );
    expect(streamed.writes()).toBeGreaterThan(5);
  });
});

describe('validate output to a slow reader', () => {
  /** A stdout whose reader takes each write a turn later (a pipe to `jq`), noting the most it held. */
  const slowPipe = () => {
    let text = '';
    let held = 0;
    const out = new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        held = Math.max(held, out.writableLength);
        text += chunk.toString();
        setImmediate(done);
      },
    });
    return { io: { out, err: out } satisfies Io, text: () => text, held: () => held };
  };

  it.each(['json', 'text'])(
    'waits for it to drain (-o %s): the output never queues whole in memory',
    async (format) => {
      const reports = Array.from({ length: 20_000 }, (_, i) => report(i));
      const pipe = slowPipe();
      if (format === 'json') await printReportsJson(pipe.io, reports, false);
      else await printReportsText(pipe.io, reports, false);
      pipe.io.out.end();
      await finished(pipe.io.out); // the reader has it all
      const whole = capture();
      if (format === 'json') printJson(whole.io, { valid: false, objects: reports });
      else await printReportsText(whole.io, reports, false);
      expect(pipe.text()).toBe(whole.text());
      expect(whole.text().length).toBeGreaterThan(1_500_000);
      // one piece of ~64 Ki characters at a time, not the ~2 MB of the whole output
      expect(pipe.held()).toBeLessThan(200 * 1024);
    },
  );
});

describe('validate text output', () => {
  it('shows a name and a field path holding what would not print escaped (a bidi override, a zero width)', async () => {
    const out = capture();
    await printReportsText(
      out.io,
      [
        {
          kind: 'Namespace',
          namespace: 'default',
          name: 'a\u202eb',
          file: 'ns.yaml',
          line: 1,
          valid: false,
          issues: [
            { code: 'MD003', severity: 'error', path: 'metadata.labels.k\u200bey', message: 'm', line: 5 },
          ],
        } as ObjectReport,
      ],
      false,
    );
    expect(out.text()).toContain('FAIL ns.yaml:1 Namespace default/a\\u202eb\n');
    expect(out.text()).toContain('error MD003 metadata.labels.k\\u200bey at ns.yaml:5');
    expect(out.text()).not.toMatch(/[\u202e\u200b]/);
  });
});

/**
 * The replicas soak's judge (bench/soak.ts): a watcher's stream against the database's history.
 * The soak itself runs in test/e2e/replicas.test.ts; here, that its comparison catches what it is
 * there to catch.
 */
import { describe, expect, it } from 'vitest';
import { compareStream, type SoakEvent } from '../../bench/soakStreams.js';

const ev = (rv: number, type = 'ADDED', name = `p${rv}`): SoakEvent => ({
  rv,
  text: `${rv} ${type} ${name}`,
});
const history = [ev(3), ev(5, 'MODIFIED', 'p3'), ev(6), ev(9, 'DELETED', 'p3')];
const judge = (seen: SoakEvent[], errors: string[] = []) =>
  compareStream('a', 0, { seen, errors, resumed: 0 }, history);

describe('the soak comparison', () => {
  it('passes the history itself', () => {
    expect(judge([...history])).toEqual({
      replica: 'a',
      index: 0,
      events: 4,
      resumed: 0,
      missing: 0,
      duplicates: 0,
      outOfOrder: 0,
      unknown: 0,
    });
  });

  it('counts a missing, a duplicated, a reordered and an invented event', () => {
    expect(judge([ev(3), ev(6), ev(6)])).toMatchObject({ missing: 2, duplicates: 1, outOfOrder: 1 });
    expect(judge([ev(3), ev(6), ev(5, 'MODIFIED', 'p3'), ev(9, 'DELETED', 'p3')])).toMatchObject({
      missing: 0,
      outOfOrder: 1,
      firstProblem: 'out of order: 5 MODIFIED p3 after rv 6',
    });
    expect(judge([...history.slice(0, 3), ev(9, 'MODIFIED', 'p3')])).toMatchObject({
      unknown: 1,
      firstProblem: 'not in the history: 9 MODIFIED p3 (history: 9 DELETED p3)',
    });
  });

  it('reports a watch error (a 410) first', () => {
    expect(judge([ev(3)], ['ERROR event 410: too old']).firstProblem).toBe('ERROR event 410: too old');
  });
});

import { Badge } from '@mantine/core';
import type { CandidateVerdict, MappingVerdict } from '../../../src/planner/index.js';

type Verdict = MappingVerdict['verdict'] | CandidateVerdict['verdict'];

/** Chosen and used are what happened; outranked came close; rejected was ruled out; the rest did not apply. */
const COLORS: Record<Verdict, string> = {
  used: 'green',
  chosen: 'green',
  outranked: 'yellow',
  rejected: 'red',
  'no-match': 'gray',
  'other-source': 'gray',
  'not-considered': 'gray',
};

/**
 * A Model-as-a-Service verdict (of a mapping or a candidate bundle) as a coloured badge, written out
 * whole: a badge shrinks to its cell and cuts its text otherwise ("not-conside…"), and the verdict is
 * what the row is read for.
 */
export const VerdictBadge = ({ verdict }: { verdict: Verdict }) => (
  <Badge variant="light" radius="sm" tt="none" miw="max-content" color={COLORS[verdict]}>
    {verdict}
  </Badge>
);

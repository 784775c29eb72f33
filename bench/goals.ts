/**
 * The goals a bench run was held to (issue #11's table), gathered from its sections and printed
 * together at the end, so that one `npm run bench` says which goals the machine met in that run.
 */
import { table } from './stats.js';

/** One goal: the figure, what it measured, its floor in the same run, the target, the verdict. */
export interface Goal {
  figure: string;
  measured: string;
  /** The floor measured in the same run ('' when the goal is absolute). */
  floor: string;
  target: string;
  met: boolean;
}

const goals: Goal[] = [];

/** Records a goal of this run and returns its verdict as the section's own line says it. */
export const goal = (g: Goal): 'met' | 'MISSED' => {
  goals.push(g);
  return g.met ? 'met' : 'MISSED';
};

/** Prints every goal recorded in this run (nothing when no section recorded one). */
export const printGoals = (): void => {
  if (goals.length === 0) return;
  console.log(`\n## goals of this run: ${goals.filter((g) => g.met).length} of ${goals.length} met\n`);
  table(
    ['figure', 'measured', 'floor (same run)', 'target', ''],
    goals.map((g) => [g.figure, g.measured, g.floor, g.target, g.met ? 'met' : 'MISSED']),
  );
};

/**
 * fast-check settings shared by the property suites: a fixed seed and a bounded number of runs, so
 * that a run in CI is repeatable and quick. `FUZZ_RUNS=100000` runs many more by hand, and
 * `FUZZ_SEED=N` explores another part of the input space (see README.md).
 */
import type { Parameters } from 'fast-check';

/** The seed of every property unless FUZZ_SEED says otherwise. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261130);

const override = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : undefined;

/** fast-check parameters: `runs` iterations in CI (FUZZ_RUNS replaces it), the fixed seed. */
export const fcParams = <T>(runs: number): Parameters<T> => ({
  seed: FUZZ_SEED,
  numRuns: override ?? runs,
});

/** A vitest timeout: the default in CI, no practical limit for a long run asked for by hand. */
export const timeoutFor = (ms = 20_000): number => (override ? 2 ** 31 - 1 : ms);

import { Option } from 'commander';
import { UsageError } from './errors.js';

/** Collects a repeatable flag's values. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** `-o json|text` (or yaml for render), with the contract's default of human text. */
export const outputOption = (choices: string[] = ['text', 'json']) =>
  new Option('-o, --output <format>', `output format: ${choices.join(' | ')}`)
    .choices(choices)
    .default(choices[0]);

/** Parses repeated `key=value` flags into a map; `--set a=1 --set b=x`. Keys must not be empty. */
export const parsePairs = (flag: string, pairs: readonly string[] = []): Record<string, string> => {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0)
      throw new UsageError(
        `${flag} expects KEY=VALUE, got ${JSON.stringify(pair)}; for example ${flag} task=text-generation.`,
      );
    const key = pair.slice(0, eq);
    if (key === '__proto__' || key === 'constructor' || key === 'prototype')
      throw new UsageError(`${flag}: the key ${JSON.stringify(key)} is not allowed.`);
    out[key] = pair.slice(eq + 1);
  }
  return out;
};

const DURATION_UNITS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };

/**
 * A duration as Kubernetes flags write them (Go's `time.Duration`: `1h`, `30m`, `1h30m0s`, `500ms`;
 * `0` alone), in milliseconds. UsageError naming `flag` for anything else.
 */
export const parseDuration = (flag: string, value: string): number => {
  if (value === '0') return 0;
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
  if (!parts.length || parts.map((p) => p[0]).join('') !== value)
    throw new UsageError(
      `${flag}: ${JSON.stringify(value)} is not a duration; write it as 1h, 30m, 1h30m or 90s, or 0.`,
    );
  return parts.reduce((ms, [, n, unit]) => ms + Number(n) * DURATION_UNITS[unit!]!, 0);
};

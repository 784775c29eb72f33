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

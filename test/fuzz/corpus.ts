/**
 * The fuzz corpus: hostile requests kept in the repository, one JSON file per case under
 * `test/fuzz/corpus/<target>/`. See README.md for the format and how to add a case.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NS } from '../server/harness.js';
import { generate, type Generate } from './generate.js';

export const CORPUS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'corpus');

/** What a corpus case exercises (its folder). */
export const TARGETS = ['body', 'patch', 'selector', 'archive'] as const;
export type Target = (typeof TARGETS)[number];

/** One case as stored. Exactly one of the `body*` fields or `generate` gives the body (or none). */
export interface CorpusCase {
  target: Target;
  description: string;
  request: {
    method: string;
    /** `{ns}` stands for the fuzz namespace. */
    path: string;
    headers?: Record<string, string>;
    bodyBase64?: string;
    bodyText?: string;
    bodyJson?: unknown;
    generate?: Generate;
  };
  /** Codes other than "any 4xx" that are right (kube-apiserver accepts the input too); say why. */
  expect?: { status: number[]; why: string };
  /** For a regression the fuzzer found: its seed, the minimised counterexample and the fix. */
  found?: { property: string; seed: number; counterexample: string; fix: string };
}

/** A case with its file name and its body built. */
export interface LoadedCase extends CorpusCase {
  file: string;
  body: Buffer | undefined;
}

const bodyOf = (c: CorpusCase): Buffer | undefined => {
  const r = c.request;
  if (r.generate) return generate(r.generate);
  if (r.bodyBase64 !== undefined) return Buffer.from(r.bodyBase64, 'base64');
  if (r.bodyText !== undefined) return Buffer.from(r.bodyText);
  if (r.bodyJson !== undefined) return Buffer.from(JSON.stringify(r.bodyJson));
  return undefined;
};

/** Every case of the corpus, sorted by target and file name; a malformed file throws. */
export const loadCorpus = (): LoadedCase[] =>
  TARGETS.flatMap((target) =>
    readdirSync(join(CORPUS_DIR, target))
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f): LoadedCase => {
        const file = `${target}/${f}`;
        const c = JSON.parse(readFileSync(join(CORPUS_DIR, file), 'utf8')) as CorpusCase;
        if (c.target !== target || !c.description || !c.request?.method || !c.request.path)
          throw new Error(
            `corpus case ${file}: needs target "${target}", description, request.method and request.path`,
          );
        return {
          ...c,
          file,
          request: { ...c.request, path: c.request.path.replaceAll('{ns}', NS) },
          body: bodyOf(c),
        };
      }),
  );

// Build step: compiles every kind's JSON Schema into standalone ajv code (twice: full validators and
// quick ones that only give a verdict; a file per kind), written beside the compiled
// src/rules/precompiled.js, so `paletteai validate` and the server skip compiling schemas at start
// (issue #11: ajv compiling was 0.9 s of a 10,000-object validate). Skips itself when the schemas
// did not change.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import * as standalone from 'ajv/dist/standalone/index.js';
import { KINDS } from '../src/model/index.js';
import {
  DRAFT_07,
  META_EXPORT,
  metaDigest,
  PRECOMPILED_META_FILE,
  precompiledFile,
  schemasDigest,
} from '../src/rules/precompiled.js';
import { KIND_VALIDATOR_OPTIONS, QUICK_VALIDATOR_OPTIONS } from '../src/rules/schemaCheck.js';
import { USER_SCHEMA_OPTIONS } from '../src/rules/userSchema.js';

const digest = schemasDigest();
const marker = `exports.SCHEMAS_DIGEST = ${JSON.stringify(digest)};`;
// A CommonJS module seen from ESM: the function is its default export, or that export's default.
type Generate = (ajv: Ajv, refs: Record<string, string>) => string;
const exported = standalone.default as unknown as Generate | { default: Generate };
const code = typeof exported === 'function' ? exported : exported.default;

// each kind's full validator (every error, described) and quick one (a verdict only), a file each
const inRules = (file: string) => fileURLToPath(new URL(`../src/rules/${file}`, import.meta.url));
let written = 0;
for (const [quick, options] of [
  [false, KIND_VALIDATOR_OPTIONS],
  [true, QUICK_VALIDATOR_OPTIONS],
] as const) {
  for (const k of KINDS) {
    const out = inRules(precompiledFile(k.kind, quick));
    if (existsSync(out) && readFileSync(out, 'utf8').includes(marker)) continue;
    const ajv = new Ajv({ ...options, code: { source: true } });
    ajv.addSchema(k.schema, k.kind);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${code(ajv, { [k.kind]: k.kind })}\n${marker}\n`);
    written++;
  }
}
if (written > 0)
  console.log(`compiled ${written} validators of ${KINDS.length} kinds into ${inRules('kindValidators')}`);
// the one-file validators of earlier builds
for (const old of ['kindValidators.generated.cjs', 'kindValidators.quick.generated.cjs'])
  rmSync(inRules(old), { force: true });

// the draft-07 meta-schema, which every ComponentDefinition's schema is checked against
const metaOut = inRules(PRECOMPILED_META_FILE);
const metaMarker = `exports.SCHEMAS_DIGEST = ${JSON.stringify(metaDigest())};`;
if (!existsSync(metaOut) || !readFileSync(metaOut, 'utf8').includes(metaMarker)) {
  const ajv = new Ajv({ ...USER_SCHEMA_OPTIONS, code: { source: true } });
  writeFileSync(metaOut, `${code(ajv, { [META_EXPORT]: DRAFT_07 })}\n${metaMarker}\n`);
  console.log(`compiled the draft-07 meta-schema into ${metaOut}`);
}

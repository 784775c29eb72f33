// Build step: compiles every kind's JSON Schema into standalone ajv code (twice: full validators and
// quick ones that only give a verdict), written beside the compiled
// src/rules/precompiled.js, so `paletteai validate` and the server skip compiling schemas at start
// (issue #11: ajv compiling was 0.9 s of a 10,000-object validate). Skips itself when the schemas
// did not change.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import * as standalone from 'ajv/dist/standalone/index.js';
import { KINDS } from '../src/model/index.js';
import {
  DRAFT_07,
  META_EXPORT,
  metaDigest,
  PRECOMPILED_FILE,
  PRECOMPILED_META_FILE,
  PRECOMPILED_QUICK_FILE,
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

// the full validators (every error, described) and the quick ones (a verdict only)
for (const [file, options] of [
  [PRECOMPILED_FILE, KIND_VALIDATOR_OPTIONS],
  [PRECOMPILED_QUICK_FILE, QUICK_VALIDATOR_OPTIONS],
] as const) {
  const out = fileURLToPath(new URL(`../src/rules/${file}`, import.meta.url));
  if (existsSync(out) && readFileSync(out, 'utf8').includes(marker)) continue;
  const ajv = new Ajv({ ...options, code: { source: true } });
  const names: Record<string, string> = {};
  for (const k of KINDS) {
    ajv.addSchema(k.schema, k.kind);
    names[k.kind] = k.kind;
  }
  writeFileSync(out, `${code(ajv, names)}\n${marker}\n`);
  console.log(`compiled the schemas of ${KINDS.length} kinds into ${out}`);
}

// the draft-07 meta-schema, which every ComponentDefinition's schema is checked against
const metaOut = fileURLToPath(new URL(`../src/rules/${PRECOMPILED_META_FILE}`, import.meta.url));
const metaMarker = `exports.SCHEMAS_DIGEST = ${JSON.stringify(metaDigest())};`;
if (!existsSync(metaOut) || !readFileSync(metaOut, 'utf8').includes(metaMarker)) {
  const ajv = new Ajv({ ...USER_SCHEMA_OPTIONS, code: { source: true } });
  writeFileSync(metaOut, `${code(ajv, { [META_EXPORT]: DRAFT_07 })}\n${metaMarker}\n`);
  console.log(`compiled the draft-07 meta-schema into ${metaOut}`);
}

// Build step: compiles every kind's JSON Schema into standalone ajv code, written beside the compiled
// src/rules/precompiled.js, so `paletteai validate` and the server skip compiling schemas at start
// (issue #11: ajv compiling was 0.9 s of a 10,000-object validate). Skips itself when the schemas
// did not change.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import * as standalone from 'ajv/dist/standalone/index.js';
import { KINDS } from '../src/model/index.js';
import { PRECOMPILED_FILE, schemasDigest } from '../src/rules/precompiled.js';
import { KIND_VALIDATOR_OPTIONS } from '../src/rules/schemaCheck.js';

const out = fileURLToPath(new URL(`../src/rules/${PRECOMPILED_FILE}`, import.meta.url));
const digest = schemasDigest();
const marker = `exports.SCHEMAS_DIGEST = ${JSON.stringify(digest)};`;
if (existsSync(out) && readFileSync(out, 'utf8').includes(marker)) process.exit(0);

const ajv = new Ajv({ ...KIND_VALIDATOR_OPTIONS, code: { source: true } });
const names: Record<string, string> = {};
for (const k of KINDS) {
  ajv.addSchema(k.schema, k.kind);
  names[k.kind] = k.kind;
}
// A CommonJS module seen from ESM: the function is its default export, or that export's default.
type Generate = (ajv: Ajv, refs: Record<string, string>) => string;
const exported = standalone.default as unknown as Generate | { default: Generate };
const code = typeof exported === 'function' ? exported : exported.default;
writeFileSync(out, `${code(ajv, names)}\n${marker}\n`);
console.log(`compiled the schemas of ${KINDS.length} kinds into ${out}`);

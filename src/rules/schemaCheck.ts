import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { findKind, KINDS, type FieldPath, type Issue, type KindInfo } from '../model/index.js';
import { closest, issue, oneOf, show } from './issues.js';
import type { RuleCode } from './codes.js';

/** The options the kinds' validators are compiled with (here, or ahead of time by the build). */
export const KIND_VALIDATOR_OPTIONS = {
  allErrors: true,
  strict: false,
  allowUnionTypes: true,
  verbose: true,
  // NaN and ±Infinity are not numbers of a manifest: YAML's .nan, .inf and 1e309 (JSON has none of
  // them). Without this an integer field took 1e309 (Infinity) as valid.
  strictNumbers: true,
};

/** The options of the quick validators (a verdict only; see `usePrecompiledValidators`). */
export const QUICK_VALIDATOR_OPTIONS = { ...KIND_VALIDATOR_OPTIONS, allErrors: false, verbose: false };

/** Made on the first schema compiled: with the build's precompiled validators most runs compile none. */
let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();
let precompiled: ((kind: string) => ValidateFunction | undefined) | undefined;
/** Validators that only say whether an object is valid (see {@link usePrecompiledValidators}). */
const quickValidators = new Map<string, ValidateFunction | null>();
let precompiledQuick: ((kind: string) => ValidateFunction | undefined) | undefined;

/**
 * Hands the schema check validators compiled ahead of time (`src/rules/precompiled.ts` loads the
 * build's), so a process does not compile every kind's schema at start; a kind they lack is compiled.
 * `quick`, when given, has validators of the same schemas compiled without `allErrors` and `verbose`:
 * they stop at the first error and describe none, and run in about half the time of the full ones.
 * An object they pass is valid (the options change the errors reported, never the verdict); one they
 * fail is checked again with the full validator, whose errors become the issues.
 */
export const usePrecompiledValidators = (
  lookup: (kind: string) => ValidateFunction | undefined,
  quick?: (kind: string) => ValidateFunction | undefined,
): void => {
  precompiled = lookup;
  precompiledQuick = quick;
  validators.clear();
  quickValidators.clear();
};

const validatorFor = (info: KindInfo): ValidateFunction => {
  let v = validators.get(info.kind);
  if (!v) {
    v = precompiled?.(info.kind) ?? (ajv ??= new Ajv(KIND_VALIDATOR_OPTIONS)).compile(info.schema);
    validators.set(info.kind, v);
  }
  return v;
};

/** The quick validator of a kind (undefined when there is none: the full one decides then). */
const quickValidatorFor = (info: KindInfo): ValidateFunction | undefined => {
  let v = quickValidators.get(info.kind);
  if (v === undefined) quickValidators.set(info.kind, (v = precompiledQuick?.(info.kind) ?? null));
  return v ?? undefined;
};

/** Field formats worth explaining in words rather than as a regular expression. */
const PATTERN_WORDS: Record<string, string> = {
  '^v?(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?$':
    'a semantic version such as 1.2.0',
  '^[A-Za-z_][A-Za-z0-9_-]*$': 'a letter or "_" first, then letters, digits, "_" or "-" (e.g. modelId)',
  '^(https?|oci)://': 'a URL starting with https://, http:// or oci://',
  '^oci://': 'a URL starting with oci://',
  '^https?://': 'a URL starting with https:// or http://',
  '^[a-z0-9][-a-z0-9]*$': 'lowercase letters, digits and "-" (e.g. edge-native)',
  '^-?[0-9]{1,19}$': 'an integer written in digits',
  '^[A-Za-z0-9+/]*={0,2}$': 'base64 (use stringData for plain text)',
};

/** A schema error at one of these (kind, path) pairs carries the rule code of SPEC §3. */
const CODE_OVERRIDES: Record<string, RuleCode> = { 'ProfileBundle:spec.type': 'PB001' };

/**
 * An ajv instance path (a JSON pointer, `/a~1b/0`) → field path segments in `root`; a segment is a
 * number only where `root` holds a list there.
 */
export const toSegments = (pointer: string, root: unknown): (string | number)[] => {
  if (pointer === '') return [];
  const out: (string | number)[] = [];
  let cur = root;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const key = Array.isArray(cur) && /^\d+$/.test(seg) ? Number(seg) : seg;
    out.push(key);
    cur =
      cur !== null && typeof cur === 'object' ? (cur as Record<string | number, unknown>)[key] : undefined;
  }
  return out;
};

/** Fields whose values are secret: messages name the path, never the value. */
const isSecretPath = (kind: string, path: readonly (string | number)[]): boolean =>
  kind === 'Secret' && (path[0] === 'data' || path[0] === 'stringData');

/** Words for the forms a schema allows (`a string, a number or a boolean`). */
const formsOf = (schema: unknown): string => {
  const branches = (schema as { anyOf?: unknown[] }).anyOf ?? [schema];
  const words = branches.map((b) => {
    const t = (b as { type?: string; pattern?: string }).type ?? 'value';
    const pattern = (b as { pattern?: string }).pattern;
    const word = article(t === 'array' ? 'list' : t);
    return pattern && PATTERN_WORDS[pattern] ? `${word} (${PATTERN_WORDS[pattern]})` : word;
  });
  return words.length <= 1
    ? words.join('')
    : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
};

const typeName = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'list' : typeof v === 'object' ? 'object' : typeof v;

const article = (t: string) => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`);

const valueAt = (root: unknown, path: FieldPath): unknown => {
  let cur = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
};

const describe = (e: ErrorObject, root: unknown, kind: string): Issue | undefined => {
  const path = toSegments(e.instancePath, root);
  const secret = isSecretPath(kind, path);
  const found = valueAt(root, path);
  const shown = secret ? 'a secret value (not shown)' : show(found);
  const schema = e.parentSchema as { description?: string } | undefined;
  const hint = schema?.description ? ` (${schema.description.replace(/\.$/, '')})` : '';
  switch (e.keyword) {
    case 'additionalProperties': {
      const field = (e.params as { additionalProperty: string }).additionalProperty;
      const known = Object.keys((e.parentSchema as { properties?: object }).properties ?? {});
      const guess = closest(field, known);
      return issue(
        'SCH001',
        [...path, field],
        `unknown field ${JSON.stringify(field)}${guess ? `; did you mean ${JSON.stringify(guess)}?` : '.'} ` +
          `Known fields here: ${known.join(', ') || 'none'}. Remove it or fix its name.`,
      );
    }
    case 'required': {
      const field = (e.params as { missingProperty: string }).missingProperty;
      const sub = (e.parentSchema as { properties?: Record<string, { description?: string }> }).properties?.[
        field
      ];
      return issue(
        'SCH002',
        [...path, field],
        `missing required field ${JSON.stringify(field)}${sub?.description ? ` (${sub.description.replace(/\.$/, '')})` : ''}; add it.`,
      );
    }
    case 'type': {
      const want = String((e.params as { type: string | string[] }).type).replace(/,/g, ' or ');
      return issue(
        'SCH003',
        path,
        `expected ${article(want === 'array' ? 'list' : want)}, found ${article(typeName(found))}${
          typeof found === 'object' || secret ? '' : ` (${show(found)})`
        }${hint}${want === 'string' && typeof found === 'number' && !secret ? '; quote it in YAML so it stays text (e.g. "1.0")' : ''}.`,
      );
    }
    case 'enum':
    case 'const': {
      const allowed = (e.params as { allowedValues?: string[]; allowedValue?: string }).allowedValues ?? [
        String((e.params as { allowedValue?: string }).allowedValue),
      ];
      const guess = typeof found === 'string' ? closest(found, allowed) : undefined;
      const code = CODE_OVERRIDES[`${kind}:${path.join('.')}`] ?? 'SCH004';
      return issue(
        code,
        path,
        `expected ${oneOf(allowed)}, found ${shown}${guess ? `; did you mean ${JSON.stringify(guess)}?` : '.'}` +
          (allowed.some((a) => a.toLowerCase() === String(found).toLowerCase())
            ? ' Values are case-sensitive.'
            : ''),
      );
    }
    case 'pattern': {
      const pattern = (e.params as { pattern: string }).pattern;
      return issue(
        'SCH005',
        path,
        `expected ${PATTERN_WORDS[pattern] ?? `a value matching /${pattern}/`}, found ${shown}.`,
      );
    }
    case 'anyOf':
      return issue(
        'SCH003',
        path,
        `expected ${formsOf(e.parentSchema)}, found ${secret || typeof found === 'object' ? article(typeName(found)) : shown}${hint}.`,
      );
    case 'minLength':
    case 'maxLength':
    case 'minItems':
    case 'maxItems':
    case 'minimum':
    case 'maximum':
    case 'minProperties':
    case 'maxProperties':
      return issue(
        'SCH006',
        path,
        `${sizeWords(e)}, found ${secret ? 'a secret value (not shown)' : sizeOf(found)}${hint}.`,
      );
    default:
      return issue('SCH005', path, `${e.message ?? 'invalid value'}${hint}.`);
  }
};

const sizeWords = (e: ErrorObject): string => {
  const limit = (e.params as { limit: number }).limit;
  switch (e.keyword) {
    case 'minLength':
      return limit === 1 ? 'expected a non-empty string' : `expected at least ${limit} characters`;
    case 'maxLength':
      return `expected at most ${limit} characters`;
    case 'minItems':
      return `expected at least ${limit} item${limit === 1 ? '' : 's'}`;
    case 'maxItems':
      return `expected at most ${limit} items`;
    case 'minimum':
      return `expected a number ≥ ${limit}`;
    case 'maximum':
      return `expected a number ≤ ${limit}`;
    case 'minProperties':
      return `expected at least ${limit} key${limit === 1 ? '' : 's'}`;
    default:
      return `expected at most ${limit} key${limit === 1 ? '' : 's'}`;
  }
};

const sizeOf = (v: unknown): string =>
  typeof v === 'string'
    ? `${v.length} characters`
    : Array.isArray(v)
      ? `${v.length} items`
      : v && typeof v === 'object'
        ? `${Object.keys(v).length} keys`
        : show(v);

/**
 * Checks `apiVersion`/`kind` and the kind's schema. Returns the kind's info (undefined when the kind
 * is unknown, in which case the issues say so) and every schema issue at once.
 */
export const checkSchema = (object: Record<string, unknown>): { info?: KindInfo; issues: Issue[] } => {
  const { apiVersion, kind } = object;
  if (typeof kind !== 'string' || kind === '' || typeof apiVersion !== 'string' || apiVersion === '') {
    const missing = typeof kind !== 'string' || kind === '' ? 'kind' : 'apiVersion';
    const value = missing === 'kind' ? kind : apiVersion;
    const what =
      value === undefined || value === ''
        ? `missing ${missing}`
        : `${missing} must be a string, found ${show(value)}`;
    return {
      issues: [
        issue(
          'KND001',
          [missing],
          `${what}: every object needs apiVersion and kind, e.g. apiVersion: spectrocloud.com/v1beta1 and kind: ProfileBundle.`,
        ),
      ],
    };
  }
  const info = findKind(kind);
  if (!info) {
    const guess = closest(
      kind,
      KINDS.map((k) => k.kind),
    );
    return {
      issues: [
        issue(
          'KND002',
          ['kind'],
          `unknown kind ${JSON.stringify(kind)}${guess ? `; did you mean ${JSON.stringify(guess)}?` : '.'} ` +
            `Known kinds: ${KINDS.map((k) => k.kind).join(', ')}.`,
        ),
      ],
    };
  }
  if (apiVersion !== info.apiVersion) {
    return {
      info,
      issues: [
        issue(
          'KND003',
          ['apiVersion'],
          `${kind} is served as ${info.apiVersion}, found ${JSON.stringify(apiVersion)}; set apiVersion: ${info.apiVersion}.`,
        ),
      ],
    };
  }
  const quick = quickValidatorFor(info);
  if (quick ? quick(object) : validatorFor(info)(object)) return { info, issues: [] };
  const validate = validatorFor(info);
  if (quick && validate(object)) return { info, issues: [] }; // the full validator decides (they agree: tested)
  const issues: Issue[] = [];
  const seen = new Set<string>();
  // anyOf reports each branch too; keep only the summary when a path already has a precise error.
  const errors = validate.errors ?? [];
  const branchPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.schemaPath));
  const typeErrorAt = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  for (const e of errors) {
    if ([...branchPaths].some((p) => e.schemaPath.startsWith(p) && e.schemaPath !== p)) continue;
    if ((e.keyword === 'enum' || e.keyword === 'const') && typeErrorAt.has(e.instancePath)) continue;
    const i = describe(e, object, info.kind);
    if (!i) continue;
    const key = `${i.code}|${i.path}|${i.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(i);
    }
  }
  return { info, issues };
};

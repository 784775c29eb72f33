/**
 * The template language of workload profiles and ComponentDefinitions (SPEC §2.9): placeholders that
 * substitute values, and nothing else. There is no code execution: no pipes, functions or actions.
 *
 * - `{{ .var.NAME }}` an effective variable value; `{{ .properties.a.b }}` a component property
 *   (a segment of digits indexes a list: `{{ .properties.ports.0 }}`);
 *   `{{ .name }}`, `{{ .namespace }}`, `{{ .bundle }}` the component, namespace and bundle names.
 *   Whitespace inside the braces is optional.
 * - `{{ "text" }}` writes `text` literally (a JSON string), the Helm way to keep `{{` for a chart
 *   that runs its values through `tpl`: `{{ "{{ .Release.Name }}" }}` renders `{{ .Release.Name }}`.
 * - A `}}` with no `{{` before it is plain text. Keys are never substituted.
 * - Substituted values are not scanned again, so a value holding `{{ … }}` is inserted verbatim.
 */
import { isRecord } from './values.js';
import { UNSAFE_KEYS, visitStrings, walk } from './templateWalk.js';

export { UNSAFE_KEYS };

/** One `{{ … }}` substitution: what it reads and the text it was written as. */
export interface TemplatePlaceholder {
  root: 'var' | 'properties' | 'name' | 'namespace' | 'bundle';
  /** `['modelId']` for `.var.modelId`, `['a', 'b']` for `.properties.a.b`, `[]` for the others. */
  path: string[];
  /** The placeholder as written, braces included: `{{ .var.modelId }}`. */
  raw: string;
}

/** A malformed template in a string of the value tree. */
export interface TemplateError {
  /** Where in the value tree the bad string (or key) is. */
  path: (string | number)[];
  message: string;
}

/** Values placeholders read. `var` values are the effective variable values, already typed. */
export interface TemplateContext {
  var: Record<string, unknown>;
  properties?: Record<string, unknown>;
  name?: string;
  namespace?: string;
  bundle?: string;
}

/** A placeholder that had no value: its field path, its text, and what it reads. */
export interface MissingValue {
  at: (string | number)[];
  /** The placeholder as written, e.g. `{{ .var.modelId }}`. */
  placeholder: string;
  root: TemplatePlaceholder['root'];
  path: string[];
}

/**
 * Walks any JSON value; returns every placeholder with the field path of the string holding it,
 * and every syntax error (with the path of the bad string, or of a key that holds `{{`).
 * Never throws and never mutates its input.
 */
export function scanTemplates(value: unknown): {
  placeholders: (TemplatePlaceholder & { at: (string | number)[] })[];
  errors: TemplateError[];
} {
  const placeholders: (TemplatePlaceholder & { at: (string | number)[] })[] = [];
  const errors: TemplateError[] = [];
  // Only a string (or key) with "{{" holds a placeholder or a template error: the rest are not parsed.
  visitStrings(
    value,
    (text, path) => {
      const parsed = parseTemplateString(text);
      const at = path();
      // written out, not spread: a spread in code that runs cold is a slow generic copy (issue #11)
      for (const seg of parsed.segments) {
        if (seg.kind !== 'placeholder') continue;
        const { root, path: read, raw } = seg.placeholder;
        placeholders.push({ root, path: read, raw, at: [...at] });
      }
      for (const message of parsed.errors) errors.push({ path: [...at], message });
    },
    (key, at) => {
      errors.push({
        path: at(),
        message: `key "${key}" holds "{{": placeholders are substituted in values only`,
      });
    },
  );
  return { placeholders, errors };
}

/**
 * Returns a new value with every placeholder substituted. A string that is exactly one placeholder
 * takes the value's own type (number, bool, object); otherwise values are stringified into the string
 * (strings as they are, other values as JSON). Unknown variables/properties are reported in `missing`,
 * not thrown, and their placeholder text is kept. Malformed `{{ … }}` is kept as text (report it with
 * {@link scanTemplates}). Never mutates input; output objects are plain, and keys `__proto__`,
 * `constructor` and `prototype` (from the input or a substituted value) are left out and reported in
 * `droppedKeys` (an addition to the original contract, so that nothing is dropped silently).
 */
export function renderTemplate(
  value: unknown,
  ctx: TemplateContext,
): { value: unknown; missing: MissingValue[]; droppedKeys: (string | number)[][] } {
  const missing: MissingValue[] = [];
  const droppedKeys: (string | number)[][] = [];
  const onDroppedKey = (at: (string | number)[]) => droppedKeys.push(at);
  const out = walk(value, {
    onDroppedKey,
    onString: (text, at) => {
      const { segments } = parseTemplateString(text);
      const only = segments.length === 1 ? segments[0] : undefined;
      if (only?.kind === 'placeholder') {
        const found = resolve(only.placeholder, ctx);
        if (found.ok) return walk(found.value, { onDroppedKey, onString: (s) => s }, at);
        missing.push({ at: [...at], placeholder: only.placeholder.raw, ...pick(only.placeholder) });
        return text;
      }
      let result = '';
      for (const seg of segments) {
        if (seg.kind === 'text') {
          result += seg.text;
          continue;
        }
        const found = resolve(seg.placeholder, ctx);
        if (found.ok) result += stringify(found.value);
        else {
          missing.push({ at: [...at], placeholder: seg.placeholder.raw, ...pick(seg.placeholder) });
          result += seg.placeholder.raw;
        }
      }
      return result;
    },
  });
  return { value: out, missing, droppedKeys };
}

/** A parsed string: literal text and placeholders in order. */
type Segment = { kind: 'text'; text: string } | { kind: 'placeholder'; placeholder: TemplatePlaceholder };

const ROOTS: ReadonlySet<string> = new Set(['var', 'properties', 'name', 'namespace', 'bundle']);
const HELM_ROOTS: ReadonlySet<string> = new Set([
  'Values',
  'Release',
  'Chart',
  'Capabilities',
  'Files',
  'Template',
]);
const HINT =
  'templates substitute values only: write {{ .var.NAME }}, {{ .properties.PATH }}, {{ .name }}, {{ .namespace }} or {{ .bundle }}';

/** Splits a string into text and placeholders; malformed `{{ … }}` stays text and is reported. */
function parseTemplateString(text: string): { segments: Segment[]; errors: string[] } {
  const segments: Segment[] = [];
  const errors: string[] = [];
  let plain = '';
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{{', i);
    if (open < 0) {
      plain += text.slice(i);
      break;
    }
    plain += text.slice(i, open);
    const literal = readLiteral(text, open);
    if (literal) {
      plain += literal.text;
      i = literal.end;
      continue;
    }
    const close = text.indexOf('}}', open + 2);
    if (close < 0) {
      errors.push(`"${clip(text.slice(open))}" has no closing "}}"; ${HINT}`);
      plain += text.slice(open);
      break;
    }
    const raw = text.slice(open, close + 2);
    const parsed = parsePlaceholder(text.slice(open + 2, close).trim(), raw);
    if (typeof parsed === 'string') {
      errors.push(`"${clip(raw)}": ${parsed}`);
      plain += raw;
    } else {
      if (plain) segments.push({ kind: 'text', text: plain });
      plain = '';
      segments.push({ kind: 'placeholder', placeholder: parsed });
    }
    i = close + 2;
  }
  if (plain) segments.push({ kind: 'text', text: plain });
  return { segments, errors };
}

/** Reads `{{ "text" }}` at `open`: a JSON string literal written out as plain text. */
function readLiteral(text: string, open: number): { text: string; end: number } | undefined {
  let k = open + 2;
  while (text[k] === ' ' || text[k] === '\t') k++;
  if (text[k] !== '"') return undefined;
  let j = k + 1;
  while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
  if (j >= text.length) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text.slice(k, j + 1));
  } catch {
    return undefined;
  }
  let m = j + 1;
  while (text[m] === ' ' || text[m] === '\t') m++;
  if (typeof value !== 'string' || !text.startsWith('}}', m)) return undefined;
  return { text: value, end: m + 2 };
}

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const SEGMENT = /^[A-Za-z0-9_-]+$/;

/** Parses the trimmed inside of `{{ … }}`; returns the placeholder or why it is not one. */
function parsePlaceholder(expr: string, raw: string): TemplatePlaceholder | string {
  if (expr === '') return `empty placeholder; ${HINT}`;
  if (expr.includes('{{')) return `a "{{" opens inside another placeholder (unbalanced braces); ${HINT}`;
  if (expr.startsWith('-') || expr.endsWith('-'))
    return `trim markers ("{{-", "-}}") are not supported; ${HINT}`;
  if (expr.includes('|')) return `pipes are not supported; ${HINT}`;
  const m = /^\.([A-Za-z_][A-Za-z0-9_]*)((?:\.[^.\s]*)*)$/.exec(expr);
  if (!m) {
    const word = /^[A-Za-z_]\w*/.exec(expr)?.[0];
    if (word) return `"${word}" is a function or action, which templates do not have; ${HINT}`;
    return `not a placeholder; ${HINT}`;
  }
  const root = m[1] as string;
  const path = m[2] ? m[2].slice(1).split('.') : [];
  if (!ROOTS.has(root)) {
    const helm = HELM_ROOTS.has(root)
      ? ` (a Helm template? to pass it to the chart as text write {{ ${JSON.stringify(raw)} }})`
      : '';
    return `unknown root ".${root}"${helm}; ${HINT}`;
  }
  for (const seg of path) {
    if (!SEGMENT.test(seg)) return `"${seg}" is not a valid name in a path; ${HINT}`;
    if (UNSAFE_KEYS.has(seg)) return `"${seg}" cannot be read by a template`;
  }
  if (root === 'var' && (path.length !== 1 || !NAME.test(path[0] as string))) {
    return `.var takes exactly one variable name: {{ .var.NAME }}`;
  }
  if (root === 'properties' && path.length === 0) return `name a property: {{ .properties.NAME }}`;
  if (root !== 'var' && root !== 'properties' && path.length > 0)
    return `.${root} is a string and has no fields`;
  return { root: root as TemplatePlaceholder['root'], path, raw };
}

const clip = (s: string): string => (s.length > 80 ? `${s.slice(0, 77)}...` : s);

const pick = (p: TemplatePlaceholder) => ({ root: p.root, path: [...p.path] });

type Resolved = { ok: true; value: unknown } | { ok: false };

/** Reads own properties only, so `.properties.toString` never reaches the prototype chain. */
function resolve(p: TemplatePlaceholder, ctx: TemplateContext): Resolved {
  let cur: unknown;
  if (p.root === 'var') cur = ctx.var;
  else if (p.root === 'properties') cur = ctx.properties;
  else cur = ctx[p.root];
  for (const seg of p.path) {
    if (Array.isArray(cur) && /^\d+$/.test(seg)) cur = cur[Number(seg)];
    else if (isRecord(cur) && Object.hasOwn(cur, seg)) cur = cur[seg];
    else return { ok: false };
  }
  return cur === undefined ? { ok: false } : { ok: true, value: cur };
}

function stringify(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  return JSON.stringify(value) ?? '';
}

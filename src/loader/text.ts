import { CORE_SCHEMA, load, type LoadOptions } from 'js-yaml';
import type { FieldPath } from '../model/index.js';
import { parseErrorToIssue } from './errors.js';
import { describeValue, loaderIssue } from './issues.js';
import { formatBytes, resolveLimits, type LoadLimits } from './limits.js';
import { createLocator, type Locator } from './positions.js';
import { splitDocuments, type DocumentChunk, type SplitResult } from './split.js';
import type { LoadedDocument, LoadResult } from './types.js';
import { expandAliases, inspectDocument } from './walk.js';

/** An alias token: `*name` after a separator (YAML puts aliases only where a node starts). */
const ALIAS_TOKEN = /(?<=^|[\s[{,])\*[^\s,[\]{}]+/gm;

const OBJECT_HINT = 'expected a Kubernetes object (a mapping with apiVersion and kind), found';

const isMapping = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const makeDocument = (
  object: Record<string, unknown>,
  file: string,
  line: number,
  index: number,
  locator: () => Locator | undefined,
  prefix: FieldPath,
): LoadedDocument => ({
  object,
  file,
  line,
  index,
  lineOf: (path) =>
    path.length === 0 ? line : (locator()?.lineOf(prefix.length ? [...prefix, ...path] : path) ?? line),
});

/** The whole text as one document (JSON files), or no document when it is blank. */
const single = (text: string): SplitResult => {
  const first = text.search(/\S/);
  if (first < 0) return { chunks: [], documentCount: 0, tooMany: false };
  let contentLine = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < first; i = text.indexOf('\n', i + 1)) contentLine++;
  return { chunks: [{ text, firstLine: 1, contentLine, index: 0 }], documentCount: 1, tooMany: false };
};

/** Parses one document with js-yaml, then runs the safety walk. */
const loadChunk = (
  chunk: DocumentChunk,
  file: string,
  limits: LoadLimits,
  json: boolean,
  out: LoadResult,
  reread: TextSource | undefined,
) => {
  // Depth and alias limits are enforced by the safety walk after parsing (and a RangeError from
  // js-yaml's recursion on absurd nesting is reported as LD007).
  const options: LoadOptions = { schema: CORE_SCHEMA, json: false };
  let value: unknown;
  try {
    value = load(chunk.text, options);
  } catch (err) {
    out.issues.push(parseErrorToIssue(err, chunk, file, limits, json));
    return;
  }
  const line = chunk.contentLine;
  if (!isMapping(value)) {
    out.issues.push(
      loaderIssue(
        'LD009',
        file,
        line,
        `${OBJECT_HINT} ${describeValue(value)}. Each document must be a mapping; separate objects ` +
          'with "---" lines (or wrap them in "apiVersion: v1, kind: List, items: [...]").',
      ),
    );
    return;
  }
  const locator = createLocator(chunk.text, chunk.firstLine);
  const anchored = chunk.text.includes('&');
  // The walk sees container aliases by identity; scalar aliases leave no trace, so count alias
  // tokens in the text too (only when the document defines anchors at all).
  const aliasTokens = anchored ? (chunk.text.match(ALIAS_TOKEN) ?? []).length : 0;
  if (aliasTokens > limits.maxAliases) {
    const message =
      `more than ${limits.maxAliases} alias uses (*name) in one document (maxAliases): found ${aliasTokens}. ` +
      'Aliases can expand into huge documents (an "alias bomb"); write the values out instead.';
    out.issues.push(loaderIssue('LD003', file, line, message, []));
    return;
  }
  const report = inspectDocument(value, limits, anchored);
  if (report.findings.length > 0) {
    const issues = report.findings.map((f) =>
      loaderIssue(f.code, file, locator.lineOf(f.path) ?? line, f.message, f.code === 'LD004' ? f.path : []),
    );
    out.issues.push(...issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
    return;
  }
  // With a source to read again, the documents keep no text: a line is found by reading it again.
  const later = reread ? relocator(reread, json, chunk.index) : () => locator;
  let object = report.shared ? expandAliases(value) : value;
  // Without its text, a document must not keep it through its strings either: js-yaml's strings
  // are slices of the text. A copy through JSON has strings of its own and takes half the memory.
  if (reread && report.jsonSafe) object = JSON.parse(JSON.stringify(object)) as Record<string, unknown>;
  addObject(object, chunk, file, later, out);
};

/** Adds a safe mapping as a document, or, for a v1 List, each of its items. */
const addObject = (
  object: Record<string, unknown>,
  chunk: DocumentChunk,
  file: string,
  locator: () => Locator | undefined,
  out: LoadResult,
) => {
  const line = chunk.contentLine;
  const { items } = object;
  if (object.kind !== 'List' || object.apiVersion !== 'v1' || !Array.isArray(items)) {
    out.documents.push(makeDocument(object, file, line, chunk.index, locator, []));
    return;
  }
  items.forEach((item: unknown, i) => {
    const itemLine = locator()?.lineOf(['items', i]) ?? line;
    if (isMapping(item)) {
      out.documents.push(makeDocument(item, file, itemLine, chunk.index, locator, ['items', i]));
    } else {
      const message = `${OBJECT_HINT} ${describeValue(item)} in items[${i}] of a List. Make every item a mapping.`;
      out.issues.push(loaderIssue('LD009', file, itemLine, message, ['items', i]));
    }
  });
};

/**
 * Loads already-decoded text into `out` (documents and issues; it does not touch `out.files`).
 * Strips a BOM, normalises CRLF and CR to LF, splits YAML into documents (a `.json` file is one
 * document) and parses each one independently, so an error in one does not hide the others.
 * @internal shared by {@link loadText} and `loadFiles`.
 */
export const loadDecoded = (
  raw: string,
  file: string,
  limits: LoadLimits,
  out: LoadResult,
  reread?: TextSource,
): void => {
  const json = /\.json$/i.test(file);
  const split = splitText(raw, json, limits);
  if (split.tooMany) {
    const message =
      `the file holds more than ${limits.maxDocuments} documents (maxDocuments); none were loaded. ` +
      'Split it into several files, or raise maxDocuments if it really needs that many.';
    out.issues.push(loaderIssue('LD008', file, undefined, message));
    return;
  }
  for (const chunk of split.chunks) loadChunk(chunk, file, limits, json, out, reread);
};

/** Strips a BOM, normalises CRLF and CR to LF and cuts the text into documents (JSON: one). */
const splitText = (raw: string, json: boolean, limits: LoadLimits): SplitResult => {
  let text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  return json ? single(text) : splitDocuments(text, limits.maxDocuments);
};

/**
 * Gives the raw text of a file again, when a line inside one of its documents is asked after the
 * load dropped the text (undefined when it cannot be read any more).
 */
export type TextSource = () => string | undefined;

/**
 * A document's way to its locator through a text read again. Made here, apart from the load's
 * own variables: a closure made in `loadChunk` would keep the chunk's text alive (closures of one
 * scope share what they capture).
 */
const relocator =
  (source: TextSource, json: boolean, index: number): (() => Locator | undefined) =>
  () =>
    relocate(source, json, index);

/** A text read again was loaded once already: every document of it is wanted. */
const REREAD_LIMITS = resolveLimits({ maxDocuments: Infinity });

/** The last text read again, split: issues are located object after object, file after file. */
let lastReread: { source: TextSource; chunks: Map<number, DocumentChunk>; locators: Map<number, Locator> } = {
  source: () => undefined,
  chunks: new Map(),
  locators: new Map(),
};

/** The locator of document `index` of a text read again from `source` (one text cached). */
const relocate = (source: TextSource, json: boolean, index: number): Locator | undefined => {
  if (lastReread.source !== source) {
    const raw = source();
    const chunks = raw === undefined ? [] : splitText(raw, json, REREAD_LIMITS).chunks;
    lastReread = { source, chunks: new Map(chunks.map((c) => [c.index, c])), locators: new Map() };
  }
  let locator = lastReread.locators.get(index);
  const chunk = lastReread.chunks.get(index);
  if (!locator && chunk)
    lastReread.locators.set(index, (locator = createLocator(chunk.text, chunk.firstLine)));
  return locator;
};

/** The LD006 issue for a file of `size` bytes over the cap. */
export const tooLargeIssue = (file: string, size: number, limits: LoadLimits) =>
  loaderIssue(
    'LD006',
    file,
    undefined,
    `the file is ${formatBytes(size)} (${size} bytes), over the ${formatBytes(limits.maxFileBytes)} ` +
      'limit (maxFileBytes); it was not loaded. Split it into smaller files, or raise maxFileBytes.',
  );

/**
 * Loads YAML (or, when `file` ends in `.json`, JSON) manifests from a string, synchronously.
 * `file` is only used to label documents and issues. Never throws for bad input: every problem is
 * an `LD…` issue in the result, and a bad document does not stop the others from loading. Text
 * over `maxFileBytes` (UTF-8 bytes) is not parsed (LD006). With `reread` (which gives the same text
 * again) the documents keep no text: `lineOf` reads it again when a line is asked.
 */
export const loadText = (
  text: string,
  file: string,
  limits?: Partial<LoadLimits>,
  reread?: TextSource,
): LoadResult => {
  const resolved = resolveLimits(limits);
  const out: LoadResult = { documents: [], issues: [], files: [file] };
  if (text.length * 3 > resolved.maxFileBytes) {
    const size = Buffer.byteLength(text, 'utf8');
    if (size > resolved.maxFileBytes) {
      out.issues.push(tooLargeIssue(file, size, resolved));
      return out;
    }
  }
  loadDecoded(text, file, resolved, out, reread);
  return out;
};

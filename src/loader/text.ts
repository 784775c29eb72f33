import { CORE_SCHEMA, load, type LoadOptions } from 'js-yaml';
import type { FieldPath, Issue } from '../model/index.js';
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
  item: number | undefined,
): LoadedDocument => {
  const prefix: FieldPath = item === undefined ? [] : ['items', item];
  return {
    object,
    file,
    line,
    index,
    ...(item !== undefined ? { item } : {}),
    lineOf: (path) =>
      path.length === 0 ? line : (locator()?.lineOf(prefix.length ? [...prefix, ...path] : path) ?? line),
  };
};

/** The whole text as one document (JSON files), or no document when it is blank. */
const single = (text: string): SplitResult => {
  const first = text.search(/\S/);
  if (first < 0) return { chunks: [], documentCount: 0, tooMany: false };
  let contentLine = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < first; i = text.indexOf('\n', i + 1)) contentLine++;
  return { chunks: [{ text, firstLine: 1, contentLine, index: 0 }], documentCount: 1, tooMany: false };
};

/**
 * Where {@link loadChunk} puts what it found: issues, and each object (a document, or with `item`
 * an item of a v1 List) with the locator of its document's text.
 */
interface Sink {
  issues: Issue[];
  add(
    object: Record<string, unknown>,
    line: number,
    index: number,
    item: number | undefined,
    locator: Locator,
    jsonSafe: boolean,
  ): void;
}

/** Parses one document with js-yaml, then runs the safety walk. */
const loadChunk = (chunk: DocumentChunk, file: string, limits: LoadLimits, json: boolean, out: Sink) => {
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
  const object = report.shared ? expandAliases(value) : value;
  addObject(object, chunk, file, locator, report.jsonSafe, out);
};

/** Adds a safe mapping as a document, or, for a v1 List, each of its items. */
const addObject = (
  object: Record<string, unknown>,
  chunk: DocumentChunk,
  file: string,
  locator: Locator,
  jsonSafe: boolean,
  out: Sink,
) => {
  const line = chunk.contentLine;
  const { items } = object;
  if (object.kind !== 'List' || object.apiVersion !== 'v1' || !Array.isArray(items)) {
    out.add(object, line, chunk.index, undefined, locator, jsonSafe);
    return;
  }
  items.forEach((item: unknown, i) => {
    const itemLine = locator.lineOf(['items', i]) ?? line;
    if (isMapping(item)) {
      out.add(item, itemLine, chunk.index, i, locator, jsonSafe);
    } else {
      const message = `${OBJECT_HINT} ${describeValue(item)} in items[${i}] of a List. Make every item a mapping.`;
      out.issues.push(loaderIssue('LD009', file, itemLine, message, ['items', i]));
    }
  });
};

/**
 * A loaded object without its text or closures, as a parse worker hands it over (the loader's
 * `dropText` mode makes these too, then attaches them, so both ways give the same documents).
 */
export interface DetachedDocument {
  /**
   * The object as JSON text: js-yaml's strings are slices of the document's text, and an object
   * that keeps them keeps the text. Parsed again, the strings are its own (and take half the memory).
   */
  json?: string;
  /** The object itself when JSON cannot carry it (a `.inf` or `.nan` number). */
  object?: Record<string, unknown>;
  line: number;
  index: number;
  /** For an item of a v1 List: its index in `items`. */
  item?: number;
}

/** The issues and detached documents of one file. */
export interface DetachedLoad {
  documents: DetachedDocument[];
  issues: Issue[];
}

/**
 * Loads already-decoded text as {@link loadDecoded} does, but into {@link DetachedDocument}s with
 * no closures (for a worker to send, or to be attached with a way to read the text again). They
 * keep nothing of the text either: JSON-safe objects become JSON text (js-yaml's strings are slices
 * of the text and would keep it alive).
 */
export const loadDetached = (raw: string, file: string, limits: LoadLimits): DetachedLoad => {
  const out: DetachedLoad = { documents: [], issues: [] };
  loadSplit(raw, file, limits, {
    issues: out.issues,
    add: (object, line, index, item, _locator, jsonSafe) =>
      out.documents.push({
        ...(jsonSafe ? { json: JSON.stringify(object) } : { object }),
        line,
        index,
        ...(item !== undefined ? { item } : {}),
      }),
  });
  return out;
};

/**
 * The document of a detached one from `file`: its `lineOf` reads the file again through `reread`
 * (issues are rare; most objects never need a line).
 */
export const attachDocument = (d: DetachedDocument, file: string, reread: TextSource): LoadedDocument => {
  const object = d.json !== undefined ? (JSON.parse(d.json) as Record<string, unknown>) : d.object!;
  const locator = relocator(reread, /\.json$/i.test(file), d.index);
  return makeDocument(object, file, d.line, d.index, locator, d.item);
};

/** Splits and loads every document of a text into `out` (or the one LD008 issue when there are too many). */
const loadSplit = (raw: string, file: string, limits: LoadLimits, out: Sink): void => {
  const json = /\.json$/i.test(file);
  const split = splitText(raw, json, limits);
  if (split.tooMany) {
    const message =
      `the file holds more than ${limits.maxDocuments} documents (maxDocuments); none were loaded. ` +
      'Split it into several files, or raise maxDocuments if it really needs that many.';
    out.issues.push(loaderIssue('LD008', file, undefined, message));
    return;
  }
  for (const chunk of split.chunks) loadChunk(chunk, file, limits, json, out);
};

/**
 * Loads already-decoded text into `out` (documents and issues; it does not touch `out.files`).
 * Strips a BOM, normalises CRLF and CR to LF, splits YAML into documents (a `.json` file is one
 * document) and parses each one independently, so an error in one does not hide the others.
 * With `reread`, the documents keep no text, positions or strings of it (`lineOf` reads the text
 * again; see {@link loadDetached}).
 * @internal shared by {@link loadText} and `loadFiles`.
 */
export const loadDecoded = (
  raw: string,
  file: string,
  limits: LoadLimits,
  out: LoadResult,
  reread?: TextSource,
): void => {
  if (reread) {
    // the documents keep no text: a line is found by reading the file again
    const detached = loadDetached(raw, file, limits);
    out.issues.push(...detached.issues);
    for (const d of detached.documents) out.documents.push(attachDocument(d, file, reread));
    return;
  }
  loadEach(raw, file, limits, out.issues, (d) => out.documents.push(d));
};

/**
 * {@link loadDecoded} without `reread`, handing each document to `each` as soon as it is parsed
 * (before the next one is): a caller that keeps nothing of it lets its objects die young.
 * @internal shared by `loadDecoded` and `loadFiles`.
 */
export const loadEach = (
  raw: string,
  file: string,
  limits: LoadLimits,
  issues: Issue[],
  each: (document: LoadedDocument) => void,
): void =>
  loadSplit(raw, file, limits, {
    issues,
    add: (object, line, index, item, locator) =>
      each(makeDocument(object, file, line, index, () => locator, item)),
  });

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

/** The documents of a text read again, by {@link LoadedDocument.index}. */
const chunksByIndex = (raw: string | undefined, json: boolean): Map<number, DocumentChunk> =>
  new Map(raw === undefined ? [] : splitText(raw, json, REREAD_LIMITS).chunks.map((c) => [c.index, c]));

/** The last text read again, split: issues are located object after object, file after file. */
let lastReread: { source: TextSource; chunks: Map<number, DocumentChunk>; locators: Map<number, Locator> } = {
  source: () => undefined,
  chunks: new Map(),
  locators: new Map(),
};

/** The locator of document `index` of a text read again from `source` (one text cached). */
const relocate = (source: TextSource, json: boolean, index: number): Locator | undefined => {
  if (lastReread.source !== source) {
    lastReread = { source, chunks: chunksByIndex(source(), json), locators: new Map() };
  }
  let locator = lastReread.locators.get(index);
  const chunk = lastReread.chunks.get(index);
  if (!locator && chunk)
    lastReread.locators.set(index, (locator = createLocator(chunk.text, chunk.firstLine)));
  return locator;
};

/** One document of a text loaded alone (see {@link documentsOfText}). */
export interface DocumentAt {
  /** Its objects, as {@link loadText} gives them: one, or the items of a v1 List. */
  documents: LoadedDocument[];
  /** Its `LD…` issues. */
  issues: Issue[];
}

/**
 * A text cut into its documents once, each then loaded alone on request, exactly as
 * {@link loadText} loads it (objects, `lineOf`, issues) but without parsing the others: for going
 * back to a few documents of a file loaded before (a line for an issue, an object a rule reads),
 * where loading the whole file again cost a parse of every document for each one asked.
 * `index` is the document's {@link LoadedDocument.index}. The loader's default limits apply, and
 * every document of the text is reachable (the text was loaded once already, within the limits).
 */
export const documentsOfText = (raw: string, file: string): { at(index: number): DocumentAt } => {
  const json = /\.json$/i.test(file);
  const chunks = chunksByIndex(raw, json);
  return {
    at(index) {
      const out: DocumentAt = { documents: [], issues: [] };
      const chunk = chunks.get(index);
      if (chunk)
        loadChunk(chunk, file, REREAD_LIMITS, json, {
          issues: out.issues,
          add: (object, line, i, item, locator) =>
            out.documents.push(makeDocument(object, file, line, i, () => locator, item)),
        });
      return out;
    },
  };
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

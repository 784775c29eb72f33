/** One non-empty YAML document cut out of a file's text. */
export interface DocumentChunk {
  /**
   * The document's text: from its first line (its `---` marker and any `%` directives before it
   * included) to its last (a closing `...` marker included), so that it parses on its own.
   */
  text: string;
  /** 1-based line in the file of the first line of `text`; add it to 0-based parser lines. */
  firstLine: number;
  /** 1-based line of the first line with content (not blank, a comment, a directive or a bare `---`). */
  contentLine: number;
  /** 0-based index of the document in the file, counting empty documents too. */
  index: number;
}

/** What {@link splitDocuments} found. */
export interface SplitResult {
  /** The documents that have content, in file order (empty documents are left out). */
  chunks: DocumentChunk[];
  /** How many documents the file holds, empty ones included (stops counting past the cap). */
  documentCount: number;
  /** True when the file holds more than `maxDocuments` documents; `chunks` is then incomplete. */
  tooMany: boolean;
}

const DASH = 45;
const DOT = 46;
const HASH = 35;
const PERCENT = 37;
const SPACE = 32;
const TAB = 9;
const NL = 10;

/** A `---` or `...` marker at `pos` (a line start), followed by a space, a tab, a line break or the end. */
const isMarker = (text: string, pos: number, ch: number): boolean => {
  if (text.charCodeAt(pos) !== ch || text.charCodeAt(pos + 1) !== ch || text.charCodeAt(pos + 2) !== ch) {
    return false;
  }
  const after = text.charCodeAt(pos + 3);
  return Number.isNaN(after) || after === SPACE || after === TAB || after === NL;
};

const skipBlanks = (text: string, pos: number, end: number): number => {
  let i = pos;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c !== SPACE && c !== TAB) break;
    i++;
  }
  return i;
};

/** Scans `text[start, end)` for its first content line; notes whether it holds `%` directives. */
const analyze = (text: string, start: number, end: number, firstLine: number) => {
  let pos = start;
  let line = firstLine;
  let hasDirective = false;
  while (pos < end) {
    const eol = text.indexOf('\n', pos);
    const lineEnd = eol === -1 || eol > end ? end : eol;
    let i = skipBlanks(text, pos, lineEnd);
    const c = text.charCodeAt(i);
    if (i < lineEnd && c !== HASH) {
      if (i === pos && c === PERCENT) hasDirective = true;
      else if (i === pos && isMarker(text, pos, DOT)) {
        // a closing marker has no content
      } else if (i === pos && isMarker(text, pos, DASH)) {
        i = skipBlanks(text, pos + 3, lineEnd);
        if (i < lineEnd && text.charCodeAt(i) !== HASH) return { contentLine: line, hasDirective };
      } else return { contentLine: line, hasDirective };
    }
    pos = lineEnd + 1;
    line++;
  }
  return { contentLine: 0, hasDirective };
};

/**
 * Splits a YAML stream into documents at lines that are a document marker: `---` or `...` at
 * column 0 followed by a space, a tab or the line end. A `---` line may carry content (`--- {a: 1}`);
 * it stays the first line of its document. Expects `\n` line breaks and no BOM. Linear in the text
 * length; stops as soon as more than `maxDocuments` documents are seen.
 *
 * A document counts when it was opened by `---` or has content, as in YAML itself: a comment-only
 * preamble is not a document, `---` followed by nothing is an empty one.
 */
export const splitDocuments = (text: string, maxDocuments: number): SplitResult => {
  const chunks: DocumentChunk[] = [];
  let count = 0;
  let start = 0;
  let firstLine = 1;
  let explicit = false;

  /** Closes the document `text[start, end)`; false when it is over the cap. */
  const close = (end: number, contentLine: number): boolean => {
    count++;
    if (count > maxDocuments) return false;
    if (contentLine > 0) {
      chunks.push({ text: text.slice(start, end), firstLine, contentLine, index: count - 1 });
    }
    return true;
  };

  let pos = 0;
  let line = 1;
  const n = text.length;
  while (pos < n) {
    const eol = text.indexOf('\n', pos);
    const next = eol === -1 ? n : eol + 1;
    const c = text.charCodeAt(pos);
    if (c === DASH && isMarker(text, pos, DASH)) {
      const { contentLine, hasDirective } = analyze(text, start, pos, firstLine);
      if (contentLine > 0 || explicit) {
        if (!close(pos, contentLine)) return { chunks, documentCount: count, tooMany: true };
        start = pos;
        firstLine = line;
      } else if (!hasDirective) {
        start = pos;
        firstLine = line;
      } // else: directives belong to this document, keep them in its text
      explicit = true;
    } else if (c === DOT && isMarker(text, pos, DOT)) {
      const { contentLine } = analyze(text, start, next, firstLine);
      if (contentLine > 0 || explicit) {
        if (!close(next, contentLine)) return { chunks, documentCount: count, tooMany: true };
      }
      start = next;
      firstLine = line + 1;
      explicit = false;
    }
    pos = next;
    line++;
  }
  const { contentLine } = analyze(text, start, n, firstLine);
  if (contentLine > 0 || explicit) {
    if (!close(n, contentLine)) return { chunks, documentCount: count, tooMany: true };
  }
  return { chunks, documentCount: count, tooMany: false };
};

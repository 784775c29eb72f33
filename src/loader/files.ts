import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Issue } from '../model/index.js';
import { loaderIssue } from './issues.js';
import { resolveLimits, type LoadLimits } from './limits.js';
import { ParsePool, parseJob, parseWorkerCount, type ParseJob } from './parsePool.js';
import {
  attachDocument,
  loadDecoded,
  loadEach,
  tooLargeIssue,
  type DetachedLoad,
  type TextSource,
} from './text.js';
import type { LoadedDocument, LoadResult } from './types.js';

const MANIFEST = /\.(?:ya?ml|json)$/i;
/** Most files being read at once; reading runs ahead of parsing by up to this many files. */
const WINDOW = 64;
/**
 * With `parallel`, parse workers start once this much text was read: below it, starting them costs
 * more than they save.
 */
const PARALLEL_AFTER_CHARS = 1024 * 1024;

/** Strict UTF-8 (throws on invalid bytes); strips a UTF-8 BOM. Reusable: each decode starts afresh. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

type ReadOutcome = { file: string; id?: string; text?: string; issue?: Issue };

const errorCode = (err: unknown): string =>
  typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';

const unreadable = (file: string, err: unknown): Issue => {
  const code = errorCode(err);
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return loaderIssue(
      'LD010',
      file,
      undefined,
      'path does not exist. Check the spelling, and that relative paths are relative to the current folder.',
    );
  }
  const why =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied; make it readable'
      : code === 'ELOOP'
        ? 'it is a symbolic link loop; fix or remove the link'
        : `${code || 'error'}: ${err instanceof Error ? err.message : String(err)}`;
  return loaderIssue('LD010', file, undefined, `path cannot be read (${why}).`);
};

/** Line of the first invalid UTF-8 byte (0x0A never occurs inside a multi-byte sequence). */
const badUtf8Line = (buf: Uint8Array): number => {
  let start = 0;
  for (let line = 1; start <= buf.length; line++) {
    let end = buf.indexOf(0x0a, start);
    if (end < 0) end = buf.length;
    try {
      UTF8.decode(buf.subarray(start, end));
    } catch {
      return line;
    }
    start = end + 1;
  }
  return 0;
};

const decode = (file: string, buf: Uint8Array): ReadOutcome => {
  if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) {
    const message = 'the file is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8.';
    return { file, issue: loaderIssue('LD011', file, undefined, message) };
  }
  try {
    return { file, text: UTF8.decode(buf) };
  } catch {
    const line = badUtf8Line(buf);
    const message = 'the file is not valid UTF-8 (a byte sequence cannot be decoded). Save it as UTF-8.';
    return { file, issue: loaderIssue('LD011', file, line, message) };
  }
};

/** Opens, checks the size with fstat before reading, reads and decodes one file. Never rejects. */
const readOne = async (file: string, limits: LoadLimits): Promise<ReadOutcome> => {
  try {
    const handle = await open(file, 'r');
    try {
      const st = await handle.stat();
      const id = `${st.dev}:${st.ino}`;
      if (st.size > limits.maxFileBytes) return { file, id, issue: tooLargeIssue(file, st.size, limits) };
      // read exactly the size just checked (one read for a small file; a file that grows is cut there)
      const buf = Buffer.allocUnsafe(st.size);
      let n = 0;
      while (n < buf.length) {
        const { bytesRead } = await handle.read(buf, n, buf.length - n, n);
        if (bytesRead === 0) break;
        n += bytesRead;
      }
      return { ...decode(file, buf.subarray(0, n)), id };
    } finally {
      await handle.close();
    }
  } catch (err) {
    return { file, issue: unreadable(file, err) };
  }
};

/**
 * {@link readOne} with blocking calls, for a load that parses every file in this thread anyway: a
 * file in the page cache reads in microseconds, and the promises of an async read cost ~4× that.
 * The bytes go into `scratch`, one buffer grown as files need and used again for the next file
 * (decoding copies them into the text): a new buffer per file was fresh memory to fault in for
 * every read, 50-80 ms of a 10,000-object `validate`.
 */
const readOneSync = (file: string, limits: LoadLimits, scratch: { buf: Buffer }): ReadOutcome => {
  try {
    const fd = openSync(file, 'r');
    try {
      const st = fstatSync(fd);
      const id = `${st.dev}:${st.ino}`;
      if (st.size > limits.maxFileBytes) return { file, id, issue: tooLargeIssue(file, st.size, limits) };
      if (scratch.buf.length < st.size) scratch.buf = Buffer.allocUnsafe(st.size);
      const buf = scratch.buf.subarray(0, st.size);
      let n = 0;
      for (let got = 1; n < buf.length && got > 0; n += got) got = readSync(fd, buf, n, buf.length - n, n);
      return { ...decode(file, buf.subarray(0, n)), id };
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    return { file, issue: unreadable(file, err) };
  }
};

interface Walk {
  files: string[];
  issues: Issue[];
  dirs: Set<string>;
}

/** Adds the manifest files under `dir` in sorted order; follows symlinks to files and folders once. */
const walkDir = async (dir: string, dirId: string, walk: Walk): Promise<void> => {
  if (walk.dirs.has(dirId)) return; // a symlink back into a folder already walked
  walk.dirs.add(dirId);
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    walk.issues.push(unreadable(dir, err));
    return;
  }
  const names = entries
    .filter((e) => !e.name.startsWith('.') && e.name !== 'node_modules')
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // stat symlinks and folders together up front, then walk in order
  const stats = await Promise.all(
    names.map((e) =>
      e.isDirectory() || e.isSymbolicLink() ? stat(join(dir, e.name)).catch(() => undefined) : undefined,
    ),
  );
  for (const [i, e] of names.entries()) {
    const path = join(dir, e.name);
    const st = stats[i];
    if (e.isFile()) {
      if (MANIFEST.test(e.name)) walk.files.push(path);
    } else if (st?.isDirectory()) {
      await walkDir(path, `${st.dev}:${st.ino}`, walk);
    } else if (st?.isFile() && MANIFEST.test(e.name)) {
      walk.files.push(path);
    } else if (e.isSymbolicLink() && !st && MANIFEST.test(e.name)) {
      walk.issues.push(
        loaderIssue('LD010', path, undefined, 'broken symbolic link: its target does not exist.'),
      );
    }
  }
};

/** How `parallel` loads go (the defaults are what `true` means; tests pin them). */
export interface ParallelOptions {
  /** Worker threads (default: `parseWorkerCount()`). */
  workers?: number;
  /** Text read before the workers start (default 1 MiB). */
  afterChars?: number;
  /** Leave every file to the workers, even while they start (default: parse here meanwhile). */
  waitForWorkers?: boolean;
  /** Counts the files the workers parsed (set by the load). */
  parsedByWorkers?: number;
}

/** How {@link loadFiles} keeps what it read. */
export interface LoadFilesOptions {
  /**
   * Keep no text once a file is parsed: the documents hold their objects only, and `lineOf` reads
   * the file again when a line is asked (issues are rare; most objects never need one). Memory then
   * grows with the objects, not with the text and positions of every file.
   */
  dropText?: boolean;
  /**
   * With `dropText`: parse in worker threads (one per core, see `parseWorkerCount`) once the files
   * read add up to more than a little text. The result is the same as parsing here.
   */
  parallel?: boolean | ParallelOptions;
  /**
   * Called with each document as it is added, in file order, while later files are still read and
   * parsed: per-object work done here overlaps with the loading (the parse workers keep going).
   */
  onDocument?: (document: LoadedDocument) => void;
  /**
   * With `onDocument`: keep no document. Each document goes to `onDocument` as soon as it is parsed
   * (from a parse worker: once its file is) and is dropped after (`documents` of the result stays
   * empty), so that what the caller does not keep dies young; objects are not
   * copied (js-yaml's strings are slices of the file's text, which lives as long as the caller keeps
   * any of them) and `lineOf` reads the text the document still holds. Memory then stays flat in the
   * number of files, if the caller keeps only copies of what it needs.
   */
  stream?: boolean;
}

/** The text of a file read again (for a line asked after the load); undefined once it cannot be. */
export const readAgain =
  (file: string): TextSource =>
  () => {
    try {
      return UTF8.decode(readFileSync(file));
    } catch {
      return undefined;
    }
  };

/**
 * Loads manifests from files and folders. Folders are walked recursively, entries in sorted order
 * (by code unit, so the result is the same everywhere), taking `.yaml`, `.yml` and `.json` files and
 * skipping hidden entries (`.name`) and `node_modules`; symlinks are followed when they lead to a
 * regular file or a folder, each folder walked once (no loops). A file named explicitly is read
 * whatever its extension (as YAML unless it ends in `.json`). A file reached twice (named twice, or
 * through a link) is loaded once. Sizes are checked before reading (LD006). Never rejects for bad
 * input: a missing or unreadable path is an LD010 issue, and the other paths still load.
 */
export const loadFiles = async (
  paths: string[],
  limits?: Partial<LoadLimits>,
  options: LoadFilesOptions = {},
): Promise<LoadResult> => {
  const resolved = resolveLimits(limits);
  const out: LoadResult = { documents: [], issues: [], files: [] };
  const walk: Walk = { files: [], issues: out.issues, dirs: new Set() };
  for (const path of paths) {
    try {
      const st = await stat(path);
      if (st.isDirectory()) await walkDir(path, `${st.dev}:${st.ino}`, walk);
      else if (st.isFile()) walk.files.push(path);
      else out.issues.push(loaderIssue('LD010', path, undefined, 'not a regular file or a folder.'));
    } catch (err) {
      out.issues.push(unreadable(path, err));
    }
  }

  // Keep up to WINDOW reads in flight ahead of the (synchronous) parsing, in file order. With
  // `parallel`, a file read becomes a job that workers take in order; while none is ready (they
  // start after PARALLEL_AFTER_CHARS, and take a moment), files are parsed here. Documents are
  // added in file order either way.
  const reads: (Promise<ReadOutcome> | undefined)[] = [];
  const jobs: (ParseJob | undefined)[] = [];
  const settled: boolean[] = [];
  const parallel: ParallelOptions | undefined =
    options.dropText && options.parallel ? (options.parallel === true ? {} : options.parallel) : undefined;
  if (parallel) parallel.parsedByWorkers = 0;
  let pool: ParsePool | undefined;
  let chars = 0;
  let cursor = 0; // the next file workers may take
  const take = (): ParseJob | undefined => {
    for (; cursor < reads.length && settled[cursor]; cursor++) {
      const job = jobs[cursor];
      if (job && !job.taken) return job;
    }
    return undefined; // nothing read and untaken yet
  };
  // streaming without parse workers: every file is parsed here, one after the other
  const blocking = options.stream && !(parallel && (parallel.workers ?? parseWorkerCount()) > 0);
  const scratch = { buf: Buffer.alloc(0) }; // the blocking reads' buffer, dropped with this call
  const issue = (j: number) => {
    const read = readOne(walk.files[j]!, resolved);
    reads.push(read);
    if (!parallel) return;
    void read.then((r) => {
      settled[j] = true;
      if (r.text === undefined) return;
      jobs[j] = parseJob(r.file, r.text);
      if (!pool && (chars += r.text.length) >= (parallel.afterChars ?? PARALLEL_AFTER_CHARS))
        pool = ParsePool.open(resolved, take, parallel.workers, () => {
          // the last worker died: a job awaited but never taken is parsed here after all
          for (const job of jobs) if (job && !job.taken) job.answer(undefined);
        });
      pool?.wake();
    });
  };
  const seen = new Set<string>();
  let announced = 0; // documents handed to onDocument so far
  try {
    for (let k = 0; k < walk.files.length; k++) {
      if (!blocking) for (let j = reads.length; j < walk.files.length && j < k + WINDOW; j++) issue(j);
      const read = blocking ? readOneSync(walk.files[k]!, resolved, scratch) : await reads[k]!;
      const job = jobs[k];
      let detached: DetachedLoad | undefined;
      let starting = false; // parsed here while the workers start: let their messages in after
      const here = !pool?.alive() || (!parallel?.waitForWorkers && !pool.working());
      if (job && !job.taken && here) starting = job.taken = true;
      else if (job) detached = await job.result;
      if (detached) parallel!.parsedByWorkers!++;
      reads[k] = jobs[k] = undefined;
      if (read.id !== undefined) {
        if (seen.has(read.id)) continue;
        seen.add(read.id);
      }
      out.files.push(read.file);
      if (read.issue) out.issues.push(read.issue);
      else if (read.text === undefined) continue;
      // a stack overflow depends on the thread's stack: a worker's LD007 is checked here again
      else if (detached && !detached.issues.some((i) => i.code === 'LD007')) {
        out.issues.push(...detached.issues);
        const reread = readAgain(read.file);
        for (const d of detached.documents) out.documents.push(attachDocument(d, read.file, reread));
      } else if (options.stream && options.onDocument)
        loadEach(read.text, read.file, resolved, out.issues, options.onDocument);
      else if (!options.dropText) loadDecoded(read.text, read.file, resolved, out);
      // Every object is copied out of the text (keeping js-yaml's strings, slices of the text, for
      // the first 16 MiB saved ~4 % at 10,000 objects and cost 30-90 MiB at 100,000).
      else loadDecoded(read.text, read.file, resolved, out, readAgain(read.file));
      if (options.onDocument)
        while (announced < out.documents.length) options.onDocument(out.documents[announced++]!);
      if (options.stream && options.onDocument) out.documents.length = announced = 0;
      // reads resolve as microtasks: without a turn of the event loop a worker's "ready" would wait
      if (starting && pool) await new Promise(setImmediate);
    }
  } finally {
    pool?.close();
  }
  return out;
};

import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Where a command writes: stdout for results, stderr for progress, logs and errors. */
export interface Io {
  out: Writable;
  err: Writable;
}

export const defaultIo = (): Io => ({ out: process.stdout, err: process.stderr });

/** `n` and its noun, plural unless one: `1 error`, `2 errors`, `0 warnings`. */
export const counted = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** Prints rows as columns aligned under an upper-case header, as kubectl does (3 spaces between). */
export const printColumns = (io: Io, header: readonly string[], rows: readonly string[][]): void => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const line of [header, ...rows])
    io.out.write(
      `${line
        .map((c, i) => c.padEnd(widths[i]!))
        .join('   ')
        .trimEnd()}\n`,
    );
};

export const printJson = (io: Io, value: unknown): void => {
  io.out.write(`${JSON.stringify(value, null, 2)}\n`);
};

/**
 * A long output written in pieces of about `pieceChars` characters, waiting whenever the stream's
 * buffer is full: stdout to a pipe is asynchronous, and a reader slower than the writer (`| jq`, a
 * parent process collecting it) would otherwise have the whole output queued in memory (~90 MiB for
 * `validate -o json` of 100,000 objects). Use: `if (w.add(text)) await w.flush();`, then `await
 * w.flush()` at the end.
 */
export class PieceWriter {
  private text = '';

  constructor(
    private readonly out: Writable,
    private readonly pieceChars = 64 * 1024,
  ) {}

  /** Adds `text` to the piece; true when the piece is full and should be flushed. */
  add(text: string): boolean {
    this.text += text;
    return this.full;
  }

  /** Whether the piece is full and should be flushed. */
  get full(): boolean {
    return this.text.length >= this.pieceChars;
  }

  /** Writes the piece, and waits until the stream has room again when its buffer is full. */
  async flush(): Promise<void> {
    const text = this.text;
    this.text = '';
    if (text !== '' && !this.out.write(text)) await once(this.out, 'drain');
  }
}

import type { Writable } from 'node:stream';

/** Where a command writes: stdout for results, stderr for progress, logs and errors. */
export interface Io {
  out: Writable;
  err: Writable;
}

export const defaultIo = (): Io => ({ out: process.stdout, err: process.stderr });

export const printJson = (io: Io, value: unknown): void => {
  io.out.write(`${JSON.stringify(value, null, 2)}\n`);
};

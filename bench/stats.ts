/** Runs `fn` `runs` times (after one warm-up) and returns the median wall time in milliseconds. */
export const medianMs = async (
  runs: number,
  fn: () => unknown | Promise<unknown>,
): Promise<{ median: number; all: number[] }> => {
  await fn();
  const all: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await fn();
    all.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return { median: median(all), all };
};

/** The middle value of `xs` (the upper one of the two middles for an even count). */
export const median = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Prints an aligned table of rows to stdout. */
export const table = (header: string[], rows: string[][]): void => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
};

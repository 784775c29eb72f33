/**
 * Bodies too big or too binary to keep as files: a corpus case describes them in a few words
 * (`{"kind": "deepArray", "depth": 10000}`) and this module builds the bytes at test time,
 * deterministically. Hostile archives reuse the raw tar builder of the reader's own tests.
 */
import { gzipSync } from 'node:zlib';
import { rawHeader, rawTar, rawTarGz, type RawEntry } from '../../src/studio/testArchives.js';

/** One archive entry as a corpus file writes it (`data` is text; `dataBase64` for bytes). */
export interface EntrySpec extends Omit<RawEntry, 'data'> {
  data?: string;
  dataBase64?: string;
}

/** What to build. Every variant is deterministic: the same description, the same bytes. */
export type Generate =
  /** `[[[…]]]`, `depth` levels. */
  | { kind: 'deepArray'; depth: number }
  /** `{"a":{"a":…1…}}`, `depth` levels. */
  | { kind: 'deepObject'; depth: number }
  /** `prefix + unit × times + suffix`. */
  | { kind: 'repeat'; prefix?: string; unit: string; times: number; suffix?: string }
  /** `prefix` + `"k0":value,"k1":value,…` (`count` distinct keys) + `suffix`: a very wide object. */
  | { kind: 'wideObject'; prefix: string; value: string; count: number; suffix: string }
  /** A YAML "billion laughs": `levels` anchors, each aliasing the one before `width` times. */
  | { kind: 'yamlBomb'; levels: number; width: number }
  /** A JSON patch: the `first` operations, then `count` copies of `op` (`{i}` in it: the copy's number). */
  | { kind: 'jsonPatch'; first?: unknown[]; op: unknown; count: number }
  /** A `.tar.gz` of raw (possibly hostile) entries; `end: false` leaves out the end marker. */
  | { kind: 'tarGz'; entries: EntrySpec[]; end?: boolean }
  /** The same entries as a plain tar (not gzipped). */
  | { kind: 'tar'; entries: EntrySpec[] }
  /** The first `keep` bytes of a `.tar.gz` of the entries. */
  | { kind: 'truncatedTarGz'; entries: EntrySpec[]; keep: number }
  /** A file header claiming 4 MiB, then `mebibytes` MiB of gzipped zeros (a few hundred KiB sent). */
  | { kind: 'gzipBomb'; mebibytes: number }
  /** `count` empty files `f0`, `f1`, … in one `.tar.gz`. */
  | { kind: 'manyEntries'; count: number }
  /** `text` gzipped (not a tar inside). */
  | { kind: 'gzipText'; text: string };

const entries = (specs: EntrySpec[]): RawEntry[] =>
  specs.map(({ dataBase64, data, ...rest }) => ({
    ...rest,
    ...(dataBase64 !== undefined
      ? { data: Buffer.from(dataBase64, 'base64') }
      : data !== undefined
        ? { data }
        : {}),
  }));

const yamlBomb = (levels: number, width: number): string => {
  const lines = ['a0: &a0 ["lol"]'];
  for (let i = 1; i < levels; i++)
    lines.push(`a${i}: &a${i} [${Array.from({ length: width }, () => `*a${i - 1}`).join(', ')}]`);
  return lines.join('\n') + '\n';
};

/** The bytes a {@link Generate} describes. */
export const generate = (g: Generate): Buffer => {
  switch (g.kind) {
    case 'deepArray':
      return Buffer.from('['.repeat(g.depth) + ']'.repeat(g.depth));
    case 'deepObject':
      return Buffer.from('{"a":'.repeat(g.depth) + '1' + '}'.repeat(g.depth));
    case 'repeat':
      return Buffer.from((g.prefix ?? '') + g.unit.repeat(g.times) + (g.suffix ?? ''));
    case 'wideObject':
      return Buffer.from(
        g.prefix + Array.from({ length: g.count }, (_, i) => `"k${i}":${g.value}`).join(',') + g.suffix,
      );
    case 'yamlBomb':
      return Buffer.from(yamlBomb(g.levels, g.width));
    case 'jsonPatch': {
      const op = JSON.stringify(g.op);
      const ops = Array.from({ length: g.count }, (_, i) => op.replaceAll('{i}', String(i)));
      return Buffer.from(`[${[...(g.first ?? []).map((o) => JSON.stringify(o)), ...ops].join(',')}]`);
    }
    case 'tarGz':
      return rawTarGz(entries(g.entries), { end: g.end !== false });
    case 'tar':
      return rawTar(entries(g.entries));
    case 'truncatedTarGz':
      return rawTarGz(entries(g.entries)).subarray(0, g.keep);
    case 'gzipBomb': {
      const header = gzipSync(rawHeader({ name: 'bomb.yaml', type: '0', size: 4 * 1024 * 1024 }));
      const zeros = gzipSync(Buffer.alloc(1024 * 1024), { level: 9 });
      return Buffer.concat([header, ...Array.from({ length: g.mebibytes }, () => zeros)]);
    }
    case 'manyEntries': {
      const blocks = Array.from({ length: g.count }, (_, i) =>
        rawHeader({ name: `f${i}`, type: '0', size: 0 }),
      );
      return gzipSync(Buffer.concat([...blocks, Buffer.alloc(1024)]), { level: 1 });
    }
    case 'gzipText':
      return gzipSync(Buffer.from(g.text));
  }
};

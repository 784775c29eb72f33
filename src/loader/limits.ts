/**
 * Caps that keep loading safe on hostile input. Every cap is checked before the work it guards
 * (the size before reading, the document count before parsing, depth and aliases while parsing),
 * and exceeding one is an issue for that file or document, never a crash.
 */
export interface LoadLimits {
  /** Largest file read, in bytes (default 8 MiB). A bigger file is skipped with `LD006`. */
  maxFileBytes: number;
  /** Most documents in one file (default 20,000). More skips the whole file with `LD008`. */
  maxDocuments: number;
  /** Deepest nesting of maps and sequences, the document root being level 1 (default 64) → `LD007`. */
  maxDepth: number;
  /** Most alias uses (`*name`) in one document (default 100) → `LD003`. */
  maxAliases: number;
  /** Most nodes in one document once aliases are expanded (default 1,000,000) → `LD003`. */
  maxNodes: number;
}

/** The limits used when the caller gives none; callers override single fields with `Partial<LoadLimits>`. */
export const DEFAULT_LOAD_LIMITS: Readonly<LoadLimits> = Object.freeze({
  maxFileBytes: 8 * 1024 * 1024,
  maxDocuments: 20_000,
  maxDepth: 64,
  maxAliases: 100,
  maxNodes: 1_000_000,
});

/**
 * Fills the fields the caller left out (or set to `undefined`) from {@link DEFAULT_LOAD_LIMITS}.
 * A negative or NaN value is treated as 0; `Infinity` means no cap.
 */
export const resolveLimits = (limits: Partial<LoadLimits> = {}): LoadLimits => {
  const pick = (key: keyof LoadLimits): number => {
    const v = limits[key];
    if (v === undefined) return DEFAULT_LOAD_LIMITS[key];
    return Number.isNaN(v) || v < 0 ? 0 : v;
  };
  return {
    maxFileBytes: pick('maxFileBytes'),
    maxDocuments: pick('maxDocuments'),
    maxDepth: pick('maxDepth'),
    maxAliases: pick('maxAliases'),
    maxNodes: pick('maxNodes'),
  };
};

/** Formats a byte count for messages: `812 bytes`, `12.0 KiB`, `9.3 MiB`. */
export const formatBytes = (n: number): string => {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
};

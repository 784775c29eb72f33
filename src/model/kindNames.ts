const KIND_NAMES = new Map<string, string>();

/**
 * One string per kind name: a kind read from JSON or from another thread is a string of its own,
 * and what keeps one per object (50,000 of an import's objects, a big transaction's changes) kept
 * 50,000 copies of "WorkloadProfile". At most 1,024 names are remembered (kinds are few; a hostile stream of them is not kept).
 */
export const internKind = (kind: string): string => {
  const known = KIND_NAMES.get(kind);
  if (known !== undefined) return known;
  if (KIND_NAMES.size < 1024) KIND_NAMES.set(kind, kind);
  return kind;
};

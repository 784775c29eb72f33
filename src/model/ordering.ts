import semver from 'semver';

/**
 * Plain UTF-16 code-unit order (what `<` does on strings): the same on every machine and in every
 * locale, unlike `localeCompare`. Use it wherever an order is shown or decides something.
 */
export const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The one version order of the product (Model as a Service, the newest cluster profile, the
 * catalog's newest bundle): valid semantic versions (a leading `v` is accepted) by semver
 * precedence, so `1.10.0` is above `1.2.0` and `1.0.0-rc.1` below `1.0.0`; versions that are not
 * valid semver (`1.0`, `latest`) sort below every valid one, and among themselves by code units.
 * Returns 0 for versions of equal precedence (`1.0.0` and `v1.0.0`): callers break that tie
 * themselves (Model as a Service by bundle name).
 */
export const compareVersions = (a: string, b: string): number => {
  const [va, vb] = [semver.valid(a), semver.valid(b)];
  if (va && vb) return semver.compare(va, vb);
  if (va) return 1;
  if (vb) return -1;
  return byCodeUnits(a, b);
};

/**
 * The greatest item of `list` by `compare` (e.g. the newest version by {@link compareVersions}),
 * the first of equals — what a stable sort, greatest first, puts first — or undefined for none.
 * One pass, no copy: every reference a rule resolves asks it.
 */
export const greatest = <T>(list: readonly T[], compare: (a: T, b: T) => number): T | undefined => {
  let best = list[0];
  for (let i = 1; i < list.length; i++) if (compare(list[i]!, best!) > 0) best = list[i];
  return best;
};

import {
  compareVersions,
  LABEL_PROFILE_BUNDLE,
  type AffectedObject,
  type ProfileBundle,
} from '../../model/index.js';
import type { ObjectKey, Transaction } from '../../storage/store.js';

const CHANGES_BUNDLES = new Set([
  'WorkloadProfile',
  'ClusterProfile',
  'ComponentDefinition',
  'HelmRepository',
  'OCIRepository',
]);

/**
 * What replacing `updates` changes beyond the archive's own bundle, read inside the import's
 * transaction before any replacement (objects new to the namespace may be written already: they
 * come before the first replacement in write order, so none of them refers to a replaced object): the other bundles that use a replaced object (through the store's
 * references, followed upwards: a repository → the profiles that name it → their bundles), the
 * VariableSets' bundles (an unlabelled set applies to every bundle of the namespace), and the pools
 * and deployments built on each affected bundle — and on the archive's bundle when its version drops —
 * including model deployments whose bundle Model as a Service chose.
 */
export const sharedImpact = async (
  tx: Transaction,
  namespace: string,
  bundle: ProfileBundle,
  updates: { kind: string; name: string }[],
): Promise<{ affected: AffectedObject[]; downgrade?: { from: string; to: string } }> => {
  const own = bundle.metadata.name;
  const bundles = new Map<string, string>(); // affected bundle → via
  const usersOf = async (start: ObjectKey): Promise<string[]> => {
    const found = new Set<string>();
    const seen = new Set<string>();
    const queue = [start];
    while (queue.length) {
      const key = queue.shift()!;
      for (const d of await tx.dependents(key)) {
        const id = `${d.kind}/${d.name}`;
        if (seen.has(id) || d.namespace !== namespace) continue;
        seen.add(id);
        if (d.kind === 'ProfileBundle') found.add(d.name);
        else if (CHANGES_BUNDLES.has(d.kind)) queue.push(d);
      }
    }
    return [...found];
  };
  for (const u of updates) {
    const via = `${u.kind} ${u.name}`;
    let users: string[] = [];
    if (CHANGES_BUNDLES.has(u.kind)) users = await usersOf({ kind: u.kind, namespace, name: u.name });
    else if (u.kind === 'VariableSet') {
      const stored = await tx.get({ kind: u.kind, namespace, name: u.name });
      const owner = stored?.metadata.labels?.[LABEL_PROFILE_BUNDLE];
      users =
        owner !== undefined
          ? [owner]
          : (await tx.list('ProfileBundle', { namespace })).items.map((b) => b.metadata.name);
    }
    for (const name of users) if (name !== own && !bundles.has(name)) bundles.set(name, via);
  }
  let downgrade: { from: string; to: string } | undefined;
  const stored = (await tx.get({ kind: 'ProfileBundle', namespace, name: own })) as unknown as
    ProfileBundle | undefined;
  const from = stored?.spec.version;
  if (from && compareVersions(bundle.spec.version, from) < 0) downgrade = { from, to: bundle.spec.version };

  const affected: AffectedObject[] = [...bundles]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, via]) => ({ kind: 'ProfileBundle', name, via }));
  const builtOn = [...bundles.keys()].sort();
  if (downgrade) builtOn.push(own);
  const seen = new Set<string>();
  for (const name of builtOn) {
    const via = `ProfileBundle ${name}`;
    for (const d of await tx.dependents({ kind: 'ProfileBundle', namespace, name })) {
      if (d.namespace !== namespace || (d.kind !== 'ComputePool' && d.kind !== 'AIWorkload')) continue;
      if (seen.has(`${d.kind}/${d.name}`)) continue;
      seen.add(`${d.kind}/${d.name}`);
      affected.push({ kind: d.kind, name: d.name, via });
      if (d.kind === 'ComputePool')
        for (const wl of await tx.dependents(d))
          if (wl.kind === 'AIWorkload' && !seen.has(`AIWorkload/${wl.name}`)) {
            seen.add(`AIWorkload/${wl.name}`);
            affected.push({ kind: 'AIWorkload', name: wl.name, via: `ComputePool ${d.name}` });
          }
    }
  }
  // A model deployment without bundle references depends on whichever bundle Model as a Service
  // chose (its status.selection), not on a reference the store indexes: read them.
  if (builtOn.length)
    for (const w of (await tx.list('AIWorkload', { namespace })).items) {
      const chosen = (w.status as { selection?: { chosen?: string | null } } | undefined)?.selection?.chosen;
      if (!chosen || !builtOn.includes(chosen) || seen.has(`AIWorkload/${w.metadata.name}`)) continue;
      seen.add(`AIWorkload/${w.metadata.name}`);
      affected.push({
        kind: 'AIWorkload',
        name: w.metadata.name,
        via: `ProfileBundle ${chosen} (chosen by Model as a Service)`,
      });
    }
  return { affected, ...(downgrade ? { downgrade } : {}) };
};

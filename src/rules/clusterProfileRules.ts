import { INFRA_LAYER_ORDER, withArticle, type ClusterProfile, type Issue } from '../model/index.js';
import { issue } from './issues.js';

const INFRA = INFRA_LAYER_ORDER.join(', ');

/** Layer rules of a ClusterProfile (CP001–CP004), mirroring how Palette builds a cluster. */
export const checkClusterProfile = (cp: ClusterProfile): Issue[] => {
  const issues: Issue[] = [];
  const layers = cp.spec.layers;
  const types = layers.map((l) => l.type);
  const infraPart = types.filter((t) => t !== 'addon');
  if (cp.spec.type === 'Add-on') {
    layers.forEach((l, i) => {
      if (l.type !== 'addon') {
        issues.push(
          issue(
            'CP002',
            ['spec', 'layers', i, 'type'],
            `an Add-on profile holds only addon layers; "${l.pack.name}" is ${withArticle(l.type)} layer. Move it to an Infrastructure or Full profile.`,
          ),
        );
      }
    });
  } else {
    const code = cp.spec.type === 'Infrastructure' ? 'CP001' : 'CP003';
    const expected = cp.spec.type === 'Infrastructure' ? INFRA : `${INFRA}, then any addon layers`;
    const prefixOk = infraPart.length === 4 && INFRA_LAYER_ORDER.every((t, i) => types[i] === t);
    const addonsOk =
      cp.spec.type === 'Full' ? types.slice(4).every((t) => t === 'addon') : types.length === 4;
    if (!prefixOk || !addonsOk) {
      issues.push(
        issue(
          code,
          ['spec', 'layers'],
          `${withArticle(cp.spec.type)} profile needs layers ${expected}; found ${types.join(', ')}. Reorder or add the missing layers.`,
        ),
      );
    }
  }
  const seen = new Map<string, number>();
  layers.forEach((l, i) => {
    const first = seen.get(l.pack.name);
    if (first !== undefined)
      issues.push(
        issue(
          'CP004',
          ['spec', 'layers', i, 'pack', 'name'],
          `pack "${l.pack.name}" appears twice (also layers[${first}]); keep one.`,
        ),
      );
    else seen.set(l.pack.name, i);
  });
  return issues;
};

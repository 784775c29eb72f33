import { LABEL_INFERENCE_ENGINE, type ProfileBundle } from '../model/index.js';
import type { Check } from './types.js';

const engineOf = (b: ProfileBundle): string | undefined => b.metadata.labels?.[LABEL_INFERENCE_ENGINE];

/**
 * The inference-engine check of SPEC §3 (IE…). `target` is the pool's bundle, or the Infrastructure
 * bundle of an Infrastructure + Application pair; `targetWords` names it in messages.
 */
export const checkCompatibility = (
  kind: 'app' | 'model',
  bundle: ProfileBundle,
  target: ProfileBundle,
  targetWords: string,
): Check => {
  const want = engineOf(bundle);
  const have = engineOf(target);
  const b = `bundle "${bundle.metadata.name}"`;
  const t = `${targetWords} "${target.metadata.name}"`;
  if (kind === 'model') {
    if (want === undefined) {
      return {
        code: 'IE003',
        path: 'bundles',
        result: 'skip',
        message: `${b} carries no ${LABEL_INFERENCE_ENGINE} label, so pool compatibility is not checked; add the label (e.g. vllm) to have it checked.`,
      };
    }
    if (have === undefined) {
      return {
        code: 'IE002',
        path: 'bundles',
        result: 'fail',
        message: `${b} needs inference engine ${JSON.stringify(want)} but ${t} carries no ${LABEL_INFERENCE_ENGINE} label; label it ${want} if it provides that engine, or pick another pool.`,
      };
    }
  } else if (want === undefined || have === undefined) {
    return {
      code: 'IE001',
      path: 'bundles',
      result: 'skip',
      message: `app deployments are checked only when both ${b} and ${t} carry the ${LABEL_INFERENCE_ENGINE} label.`,
    };
  }
  if (want !== have) {
    return {
      code: 'IE001',
      path: 'bundles',
      result: 'fail',
      message: `${b} needs inference engine ${JSON.stringify(want)} but ${t} provides ${JSON.stringify(have)} (labels compare exactly, case included); pick a matching pool or bundle.`,
    };
  }
  return {
    code: 'IE001',
    path: 'bundles',
    result: 'pass',
    message: `${b} and ${t} both use inference engine ${JSON.stringify(want)}.`,
  };
};

import { LABEL_AIWORKLOAD_TYPE, type AIWorkload, type ComputePool, type Issue } from '../model/index.js';
import { issue, missingReference } from './issues.js';
import { namespaceOf, type Resolver } from './resolver.js';

/** Structural rules of a ComputePool (the workflow rules come from the planner). */
export const checkComputePool = (pool: ComputePool, resolver: Resolver): Issue[] => {
  const issues: Issue[] = [];
  const v = pool.spec.clusterVariant;
  if ((v.shared !== undefined) === (v.dedicated !== undefined)) {
    issues.push(
      issue(
        'CPL001',
        ['spec', 'clusterVariant'],
        'clusterVariant needs exactly one of shared: {} or dedicated: {}; it cannot be changed later.',
      ),
    );
  }
  const ns = namespaceOf(pool);
  if (!resolver.profileBundle(ns, pool.spec.profileBundleRef.name)) {
    issues.push(
      missingReference(
        'REF001',
        ['spec', 'profileBundleRef', 'name'],
        `ProfileBundle "${pool.spec.profileBundleRef.name}" not found in namespace ${ns}; create it or fix the name.`,
      ),
    );
  }
  return issues;
};

/** Structural rules of an AIWorkload: its type label, pool choice, model and bundle fields. */
export const checkAIWorkload = (w: AIWorkload): Issue[] => {
  const issues: Issue[] = [];
  const type = w.metadata.labels?.[LABEL_AIWORKLOAD_TYPE];
  if (type !== 'app' && type !== 'model') {
    issues.push(
      issue(
        'AIW001',
        ['metadata', 'labels', LABEL_AIWORKLOAD_TYPE],
        `label ${LABEL_AIWORKLOAD_TYPE} must be "app" or "model", found ${type === undefined ? 'nothing' : JSON.stringify(type)}.`,
      ),
    );
  }
  if ((w.spec.computePoolRef !== undefined) === (w.spec.dedicatedComputePool !== undefined)) {
    issues.push(
      issue(
        'AIW002',
        ['spec'],
        'give exactly one of computePoolRef (an existing pool: shared, or dedicated and not claimed yet) or dedicatedComputePool: {} (a new pool for this deployment).',
      ),
    );
  }
  if (type === 'model' && !w.spec.model) {
    issues.push(
      issue(
        'AIW003',
        ['spec', 'model'],
        'a model deployment needs spec.model (source and id), e.g. { source: huggingface, id: meta-llama/Llama-3.1-8B-Instruct }.',
      ),
    );
  }
  if (type === 'app' && !w.spec.profileBundleRefs?.length) {
    issues.push(
      issue(
        'AIW003',
        ['spec', 'profileBundleRefs'],
        'an app deployment needs spec.profileBundleRefs (Model as a Service chooses bundles for models only).',
      ),
    );
  }
  if (type === 'app' && w.spec.model) {
    issues.push(
      issue(
        'AIW003',
        ['spec', 'model'],
        'spec.model is read by model deployments only; remove it or set the label to model.',
        'warning',
      ),
    );
  }
  return issues;
};

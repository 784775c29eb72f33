export * from './registry.js';
export * from './types.js';
export { condition, evaluatedStatus, kubeTime } from './status.js';
export { AIWORKLOAD_PLAN_FIELDS } from './aiWorkload.js';

export * from './registry.js';
export * from './types.js';
export { condition, evaluatedStatus, withReady } from './status.js';
export { AIWORKLOAD_PLAN_FIELDS } from './aiWorkload.js';
export { fieldAt } from './columns.js';
export { deliveredArtifact, type DeliveredArtifact } from './others.js';
export { fromView, selectableFields, toView } from './views.js';

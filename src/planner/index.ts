export * from './compatibility.js';
export * from './labelSelector.js';
export * from './maas.js';
export * from './objectPlans.js';
export * from './plan.js';
export * from './types.js';
export * from './variables.js';
export * from './workflow.js';

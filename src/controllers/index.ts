export { aiWorkloadReconciler, LABEL_OWNER_AIWORKLOAD } from './aiWorkloadController.js';
export { computePoolReconciler, LABEL_COMPUTE_POOL } from './computePoolController.js';
export { startControllers, type Controllers } from './controllers.js';
export { ControllerLoop, type Reconciler } from './runtime/controllerLoop.js';
export { LeaseElector, type LeaseOptions } from './runtime/lease.js';
export { WorkQueue, type WorkQueueOptions } from './runtime/workQueue.js';
export { statusReconciler } from './statusController.js';
export {
  spokeManifests,
  workloadDeploymentReconciler,
  type SpokeOptions,
} from './workloadDeploymentController.js';

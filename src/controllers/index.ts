export { StatusController } from './statusController.js';
export { startControllers, type Controllers } from './controllers.js';
export { LeaseElector, type LeaseOptions } from './runtime/lease.js';
export { WorkQueue, type WorkQueueOptions } from './runtime/workQueue.js';

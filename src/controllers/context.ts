/** What every controller is given: the store to read, the pipeline to write through, and more. */
import type { WritePipeline } from '../apiserver/index.js';
import type { Store } from '../storage/store.js';
import type { ControllerReads } from './runtime/controllerReads.js';

export interface ControllerContext {
  store: Store;
  /**
   * The reads that find what a change concerns, shared by the controllers and kept while true;
   * what a reconcile decides on it reads from `store`.
   */
  reads: ControllerReads;
  /** Every write a controller makes goes through it, as an API client's does. */
  pipeline: WritePipeline;
  /** Server log (stderr); never receives Secret values. */
  log: (message: string) => void;
  /** The clock (tests set it). */
  now: () => Date;
  /**
   * The server's data directory: rendered artifacts go into the OCI image layout under
   * `<dataDir>/artifacts` when Settings name no registry. Absent: the controllers that need it
   * report that they cannot deliver.
   */
  dataDir?: string;
  /**
   * Told how long each delivery step of a WorkloadDeployment took (the benchmark splits the time
   * per deployment with it). Absent: nothing is measured.
   */
  timing?: (step: DeliveryStep, ms: number) => void;
}

/** The steps of delivering one WorkloadDeployment. */
export type DeliveryStep = 'render' | 'pack' | 'push';

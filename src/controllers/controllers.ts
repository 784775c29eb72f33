/**
 * The controllers of one server process: they run only while this process holds the controllers'
 * lease in the store, so one process per database acts however many serve the API.
 */
import { hostname } from 'node:os';
import type { WritePipeline } from '../apiserver/index.js';
import type { Store } from '../storage/store.js';
import { LeaseElector } from './runtime/lease.js';
import { StatusController } from './statusController.js';

export interface Controllers {
  /** Whether this process runs the controllers now. */
  readonly leading: boolean;
  /**
   * How the running controllers started: from the checkpoint the previous leader left in the
   * lease, or by re-reading every object that waits (first start, or history too short).
   */
  readonly startedFrom: 'checkpoint' | 'resync' | undefined;
  /** Resolves when the controllers have handled every change seen so far. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the lease elector; the controllers start when this process wins the lease. */
export const startControllers = async (
  store: Store,
  pipeline: WritePipeline,
  log: (message: string) => void,
  options: { identity?: string; leaseDurationSeconds?: number; retryMs?: number } = {},
): Promise<Controllers> => {
  let status: StatusController | undefined;
  /** The checkpoint of the last controller this process ran, for the lease it releases. */
  let last: string | undefined;
  let startedFrom: Controllers['startedFrom'];
  let starting: Promise<void> = Promise.resolve();
  const elector = new LeaseElector(
    store,
    {
      identity: options.identity ?? `${hostname()}/${process.pid}`,
      ...(options.leaseDurationSeconds ? { leaseDurationSeconds: options.leaseDurationSeconds } : {}),
      ...(options.retryMs ? { retryMs: options.retryMs } : {}),
      checkpoint: () => status?.checkpoint() ?? last,
    },
    () => {
      status = new StatusController(store, pipeline, log);
      startedFrom = undefined;
      starting = status
        .start(elector.inheritedCheckpoint)
        .then((how) => void (startedFrom = how))
        .catch((e: unknown) => log(`controllers could not start: ${String(e)}`));
    },
    () => {
      last = status?.checkpoint();
      status?.stop();
      status = undefined;
    },
  );
  await elector.start();
  await starting;
  return {
    get leading() {
      return elector.isLeader;
    },
    get startedFrom() {
      return startedFrom;
    },
    idle: async () => {
      await starting;
      await status?.idle();
    },
    stop: async () => {
      await elector.stop();
      status?.stop();
    },
  };
};

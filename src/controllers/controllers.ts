/**
 * The controllers of one server process: they run only while this process holds the controllers'
 * lease in the store, so one process per database acts however many serve the API.
 */
import { hostname } from 'node:os';
import type { WritePipeline } from '../apiserver/index.js';
import type { Store } from '../storage/store.js';
import { aiWorkloadReconciler } from './aiWorkloadController.js';
import { computePoolReconciler } from './computePoolController.js';
import { DEFAULT_EVENT_TTL_MS, startEventExpiry, type EventExpiry } from './eventExpiry.js';
import { projectReconciler } from './projectController.js';
import type { ControllerContext } from './context.js';
import { ControllerLoop, type Reconciler } from './runtime/controllerLoop.js';
import { ControllerReads } from './runtime/controllerReads.js';
import { LeaseElector } from './runtime/lease.js';
import { statusReconciler } from './statusController.js';
import { workloadDeploymentReconciler } from './workloadDeploymentController.js';

export interface Controllers {
  /** Whether this process runs the controllers now. */
  readonly leading: boolean;
  /**
   * How the running controllers started: from the checkpoint the previous leader left in the
   * lease, or by a resync (first start, or history too short).
   */
  readonly startedFrom: 'checkpoint' | 'resync' | undefined;
  /** Resolves when the controllers have handled every change seen so far (and Event expiry rests). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Every controller, as the reconcilers its loops run. Each writes as its own field manager
 * (`paletteai-compute-pool-controller`…), so managedFields say which controller set a field and a
 * server-side apply of a field a controller owns is a conflict naming it, as in Kubernetes.
 */
const reconcilers = (ctx: ControllerContext): Reconciler[] => {
  const as = (name: string): ControllerContext => ({
    ...ctx,
    pipeline: ctx.pipeline.as(`paletteai-${name}-controller`),
  });
  return [
    statusReconciler(as('status')),
    computePoolReconciler(as('compute-pool')),
    projectReconciler(as('project')),
    workloadDeploymentReconciler(as('workload-deployment')),
    aiWorkloadReconciler(as('aiworkload')),
  ];
};

/** The kinds whose lists the controllers look up per change (see {@link ControllerReads}). */
const LIST_KINDS = ['Project', 'WorkloadDeployment'];

/** The lowest of the loops' checkpoints: every change up to it is handled by all of them. */
const lowest = (rvs: (string | undefined)[]): string | undefined => {
  if (rvs.some((rv) => rv === undefined)) return undefined;
  return rvs.reduce<string | undefined>(
    (a, b) => (a === undefined || Number(b) < Number(a) ? b : a),
    undefined,
  );
};

/** Starts the lease elector; the controllers start when this process wins the lease. */
export const startControllers = async (
  store: Store,
  pipeline: WritePipeline,
  log: (message: string) => void,
  options: {
    identity?: string;
    leaseDurationSeconds?: number;
    retryMs?: number;
    /** The server's data directory (see {@link ControllerContext.dataDir}). */
    dataDir?: string;
    now?: () => Date;
    /** See {@link ControllerContext.timing}. */
    timing?: ControllerContext['timing'];
    /** No other process can use the store: see `LeaseOptions.exclusive`. */
    exclusive?: boolean;
    /**
     * How long an Event is kept after it last happened (kube-apiserver's `--event-ttl`); 0 keeps
     * them for good. @default one hour
     */
    eventTtlMs?: number;
  } = {},
): Promise<Controllers> => {
  const ctx: ControllerContext = {
    store,
    reads: new ControllerReads(store, { listKinds: LIST_KINDS }),
    pipeline,
    log,
    now: options.now ?? (() => new Date()),
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.timing ? { timing: options.timing } : {}),
  };
  let loops: ControllerLoop[] = [];
  const noExpiry: EventExpiry = { idle: async () => undefined, stop: async () => undefined };
  let expiry = noExpiry;
  const eventTtlMs = options.eventTtlMs ?? DEFAULT_EVENT_TTL_MS;
  let starting: Promise<void> = Promise.resolve();
  /** The checkpoint of the last controllers this process ran, for the lease it releases. */
  let last: string | undefined;
  let startedFrom: Controllers['startedFrom'];
  const elector = new LeaseElector(
    store,
    {
      identity: options.identity ?? `${hostname()}/${process.pid}`,
      ...(options.leaseDurationSeconds ? { leaseDurationSeconds: options.leaseDurationSeconds } : {}),
      ...(options.retryMs ? { retryMs: options.retryMs } : {}),
      ...(options.exclusive ? { exclusive: true } : {}),
      checkpoint: () => (loops.length ? lowest(loops.map((l) => l.checkpoint())) : last),
    },
    () => {
      loops = reconcilers(ctx).map((r) => new ControllerLoop(store, r, log));
      expiry = startEventExpiry({ ...ctx, pipeline: pipeline.as('paletteai-event-expiry') }, eventTtlMs);
      startedFrom = undefined;
      const checkpoint = elector.inheritedCheckpoint;
      starting = ctx.reads
        .start()
        .then(() => Promise.all(loops.map((l) => l.start(checkpoint))))
        .then((how) => void (startedFrom = how.every((h) => h === 'checkpoint') ? 'checkpoint' : 'resync'))
        .catch((e: unknown) => log(`controllers could not start: ${String(e)}`));
    },
    () => {
      last = lowest(loops.map((l) => l.checkpoint()));
      void expiry.stop();
      expiry = noExpiry;
      for (const l of loops) l.stop();
      loops = [];
      ctx.reads.stop();
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
      // Controllers feed each other (a pool's status write re-checks its referrers): until all rest.
      for (let round = 0; round < 3; round++) for (const l of loops) await l.idle();
      await expiry.idle();
    },
    stop: async () => {
      await elector.stop();
      await expiry.stop();
      for (const l of loops) l.stop();
      ctx.reads.stop();
    },
  };
};

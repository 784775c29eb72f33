/**
 * Bounds on requests in flight, in the spirit of kube-apiserver's `--max-requests-inflight` and
 * `--max-mutating-requests-inflight` (API Priority and Fairness in its simplest form): past a
 * bound, a request is answered 429 with `Retry-After` at once instead of queueing without end, so
 * an overloaded server stays responsive and clients back off (client-go retries 429 by itself).
 * Watches are long-running and not counted (they are bounded per watcher instead); health checks
 * are public routes and never refused.
 */
import { TooManyRequestsError } from '../../model/index.js';

/** The classes of requests counted separately. */
export type FlowClass = 'readonly' | 'mutating' | 'import';

/** How many requests of each class may run at once. */
export type InflightLimits = Record<FlowClass, number>;

/**
 * kube-apiserver's defaults for reads (400) and writes (200); Studio imports are heavy (a worker
 * thread and one long transaction each), so only a few run at once.
 */
export const DEFAULT_INFLIGHT: InflightLimits = { readonly: 400, mutating: 200, import: 2 };

/** Counts requests in flight per class; `enter` refuses past the bound. */
export class Inflight {
  private readonly running: Record<FlowClass, number> = { readonly: 0, mutating: 0, import: 0 };

  constructor(private readonly limits: InflightLimits = DEFAULT_INFLIGHT) {}

  /** Takes a slot, or throws 429; the returned function gives it back (call it once). */
  enter(flow: FlowClass): () => void {
    if (this.running[flow] >= this.limits[flow])
      throw new TooManyRequestsError(
        flow === 'import'
          ? `the server is already running ${this.limits.import} Studio imports; try again in a second`
          : `the server has ${this.limits[flow]} ${flow === 'mutating' ? 'writes' : 'reads'} in flight, its limit; try again in a second`,
      );
    this.running[flow]++;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.running[flow]--;
    };
  }

  /** Requests of a class in flight now. */
  count(flow: FlowClass): number {
    return this.running[flow];
  }
}

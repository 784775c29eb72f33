/**
 * Leader election through the store, so that one process per database runs the controllers: a
 * `coordination.k8s.io/v1` Lease object (cluster-scoped, not served by the API) that its holder
 * renews; another process takes it over once it has not been renewed for its duration. Every
 * change is an optimistic write (resourceVersion), so two processes never both hold it.
 *
 * Timing (SPEC §7: another replica takes over within 15 s of the holder's death): the holder
 * renews every `retryMs` (2 s) and the lease lasts 10 s, so a candidate retrying every 2 s wins it
 * at most 12 s after the last renewal. A holder that cannot renew for two thirds of the duration
 * (database unreachable, a renewal hung) stops its controllers before anyone may take over, so
 * two processes never act at once. Expiry compares the holder's `renewTime` with the candidate's
 * clock: the replicas' clocks must agree to well under the duration (NTP).
 */
import { ConflictError, type KubeObject } from '../../model/index.js';
import type { Store, StoredObject } from '../../storage/store.js';

/** Options of {@link LeaseElector}. */
export interface LeaseOptions {
  /** The lease's name. @default 'paletteai-controllers' */
  name?: string;
  /** Who this process is (shown as `holderIdentity`). */
  identity: string;
  /** A lease not renewed for this long may be taken over. @default 10 */
  leaseDurationSeconds?: number;
  /** How often the holder renews and others retry. @default 2_000 */
  retryMs?: number;
  now?: () => Date;
  /**
   * The resourceVersion up to which the holder has handled every change, written with each
   * renewal so that the next holder can carry on from there instead of re-reading everything.
   */
  checkpoint?: () => string | undefined;
  /**
   * No other process can use the store (the embedded SQLite file: its data directory is locked):
   * a renewal that is late does not stop the controllers. A large import holds the store's writes,
   * the renewal among them, for seconds; stopping then only made the controllers start again
   * from their checkpoint and replay everything the import wrote (issue #11).
   */
  exclusive?: boolean;
}

interface LeaseSpec {
  holderIdentity: string;
  leaseDurationSeconds: number;
  renewTime: string;
  acquireTime: string;
  /** See {@link LeaseOptions.checkpoint}. */
  checkpointRv?: string;
}

const KEY = (name: string) => ({ kind: 'Lease', namespace: '', name });

/** Holds a lease while it can; calls `onStart` when it wins it and `onStop` when it loses it. */
export class LeaseElector {
  private timer: NodeJS.Timeout | undefined;
  /** Stops the controllers when no renewal has succeeded for the renew deadline. */
  private deadline: NodeJS.Timeout | undefined;
  private leading = false;
  private stopped = false;
  private inflight: Promise<void> = Promise.resolve();
  /** The checkpoint the lease held when this process won it (absent: none was ever written). */
  private inherited: string | undefined;
  private readonly name: string;
  private readonly duration: number;

  constructor(
    private readonly store: Store,
    private readonly options: LeaseOptions,
    private readonly onStart: () => void,
    private readonly onStop: () => void,
  ) {
    this.name = options.name ?? 'paletteai-controllers';
    this.duration = options.leaseDurationSeconds ?? 10;
  }

  /** The checkpoint the previous holder left (read when this process won the lease). */
  get inheritedCheckpoint(): string | undefined {
    return this.inherited;
  }

  /** Whether this process holds the lease now. */
  get isLeader(): boolean {
    return this.leading;
  }

  /** Tries at once, then every `retryMs`. */
  async start(): Promise<void> {
    await this.tick();
  }

  /** Stops renewing; a held lease is released so another process can take over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.deadline);
    // A renewal under way would write the lease after the release below: let it finish first.
    await this.inflight;
    this.setLeading(false);
    // Released even when a renewal won it just as this stop began (this process never acted on it).
    const current = await this.store.get(KEY(this.name)).catch(() => undefined);
    if (current && this.specOf(current).holderIdentity === this.options.identity) {
      const checkpoint = this.options.checkpoint?.();
      const spec = {
        ...this.specOf(current),
        holderIdentity: '',
        renewTime: new Date(0).toISOString(),
        ...(checkpoint ? { checkpointRv: checkpoint } : {}),
      };
      await this.store
        .update({ ...current, spec } as KubeObject, current.metadata.resourceVersion)
        .catch(() => {});
    }
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      const attempt = this.tryAcquireOrRenew();
      this.inflight = attempt.then(
        () => undefined,
        () => undefined,
      );
      const won = await attempt;
      if (!this.stopped) {
        this.setLeading(won);
        if (won) this.armDeadline();
      }
    } catch {
      // The store is unreachable or closing: not leading until a renewal succeeds.
      this.setLeading(false);
    }
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), this.options.retryMs ?? 2_000);
    this.timer.unref();
  }

  /**
   * After a successful acquire or renewal: unless another one succeeds within two thirds of the
   * duration, stop leading. Another process may take the lease once the duration has passed since
   * that renewal; by then this one has stopped acting (measured from before the write was sent,
   * so it errs on the early side).
   */
  private armDeadline(): void {
    clearTimeout(this.deadline);
    if (this.options.exclusive) return; // nobody else can take it over
    const ms = (this.duration * 1000 * 2) / 3 - (performance.now() - this.attemptStarted);
    this.deadline = setTimeout(
      () => {
        if (!this.stopped) this.setLeading(false);
      },
      Math.max(0, ms),
    );
    this.deadline.unref();
  }

  /** When the current attempt began (performance.now()). */
  private attemptStarted = 0;

  private async tryAcquireOrRenew(): Promise<boolean> {
    this.attemptStarted = performance.now();
    const now = (this.options.now ?? (() => new Date()))();
    const current = await this.store.get(KEY(this.name));
    const checkpoint = this.leading ? this.options.checkpoint?.() : undefined;
    const mine: LeaseSpec = {
      holderIdentity: this.options.identity,
      leaseDurationSeconds: this.duration,
      renewTime: now.toISOString(),
      acquireTime: now.toISOString(),
    };
    try {
      if (!current) {
        await this.store.create({
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name: this.name },
          spec: mine,
        } as unknown as KubeObject);
        this.inherited = undefined;
        return true;
      }
      const spec = this.specOf(current);
      const expired = Date.parse(spec.renewTime) + spec.leaseDurationSeconds * 1000 < now.getTime();
      const held = spec.holderIdentity === this.options.identity;
      if (!held && !expired && spec.holderIdentity !== '') return false;
      const next: LeaseSpec = held
        ? { ...spec, renewTime: mine.renewTime, ...(checkpoint ? { checkpointRv: checkpoint } : {}) }
        : { ...mine, ...(spec.checkpointRv ? { checkpointRv: spec.checkpointRv } : {}) };
      await this.store.update(
        { ...current, spec: next } as unknown as KubeObject,
        current.metadata.resourceVersion,
      );
      if (!this.leading) this.inherited = spec.checkpointRv;
      return true;
    } catch (e) {
      if (e instanceof ConflictError) return false; // another process wrote it first
      throw e;
    }
  }

  private specOf(o: StoredObject): LeaseSpec {
    return o.spec as unknown as LeaseSpec;
  }

  private setLeading(leading: boolean): void {
    if (leading === this.leading) return;
    this.leading = leading;
    if (leading) this.onStart();
    else this.onStop();
  }
}

/**
 * The one write pipeline: decode (the caller) → authorize (the caller) → admit → bookkeeping
 * (generation, revision, immutable fields) → persist in one store transaction → publish (the store,
 * after the commit). The HTTP handlers, the Studio import and the controllers all write through it,
 * so an object is checked and counted the same way whichever path wrote it. Admission reads through
 * the write's own transaction: what it saw is what the write commits against (a referenced profile
 * cannot be deleted between the check and the write).
 */
import type { KubeObject } from '../model/index.js';
import type { ObjectKey, Store, StoredObject, Transaction } from '../storage/store.js';
import type { FieldValidation } from './admission.js';
import { PipelineTransaction, type Authorize, type DeletePreconditions } from './pipelineTransaction.js';

/** How a write is carried out. */
export interface WriteOptions {
  /** Check and compute everything, then roll back: nothing is stored. @default false */
  dryRun?: boolean;
  /** Unknown fields: Strict (422), Warn (dropped, warned) or Ignore (dropped). @default 'Strict' */
  fieldValidation?: FieldValidation;
  /** Whether the author may write the object (see {@link Authorize}). */
  authorize?: Authorize;
}

/** What a write answers: the HTTP code, the object as stored (or as it would be) and warnings. */
export interface WriteResult {
  code: number;
  object: StoredObject;
  warnings: string[];
}

/** Thrown inside a dry-run transaction to roll it back while carrying the result out. */
class DryRunRollback<T> extends Error {
  constructor(readonly result: T) {
    super('dry run: rolled back');
  }
}

/** The write pipeline over one store. */
export class WritePipeline {
  constructor(
    readonly store: Store,
    private readonly clock: () => Date = () => new Date(),
    /**
     * The field manager every create and replace of this pipeline is recorded for (an `Update`
     * entry of `metadata.managedFields`), as kube-apiserver records every writer: set by
     * {@link WritePipeline.as} for a controller. Left out by the HTTP handlers, which record their
     * own (they tell an apply from an update).
     */
    private readonly manager?: string,
  ) {}

  /** The same pipeline, its writes recorded in managedFields as `manager`'s (a controller's name). */
  as(manager: string): WritePipeline {
    return new WritePipeline(this.store, this.clock, manager);
  }

  /**
   * Runs `fn` in one store transaction with pipeline writes; a dry run rolls everything back and
   * still returns what `fn` returned.
   */
  async transaction<T>(options: WriteOptions, fn: (w: PipelineTransaction) => Promise<T>): Promise<T> {
    const run = (tx: Transaction) =>
      fn(
        new PipelineTransaction(
          tx,
          this.clock(),
          options.fieldValidation ?? 'Strict',
          options.authorize,
          this.manager,
        ),
      );
    if (!options.dryRun) return this.store.transaction(run);
    try {
      await this.store.transaction(async (tx) => {
        throw new DryRunRollback(await run(tx));
      });
    } catch (e) {
      if (e instanceof DryRunRollback) return e.result as T;
      throw e;
    }
    throw new Error('unreachable: a dry-run transaction always rolls back');
  }

  /** Creates one object (201). */
  create(object: KubeObject, options: WriteOptions = {}): Promise<WriteResult> {
    return this.transaction(options, async (w) => ({
      code: 201,
      object: await w.create(object),
      warnings: w.warnings,
    }));
  }

  /** Replaces one object (200); see {@link PipelineTransaction.replace}. */
  replace(
    key: ObjectKey,
    next: (current: StoredObject) => KubeObject,
    options: WriteOptions & { subresource?: 'status' } = {},
  ): Promise<WriteResult> {
    return this.transaction(options, async (w) => ({
      code: 200,
      object: await w.replace(key, next, options.subresource),
      warnings: w.warnings,
    }));
  }

  /** Deletes one object (200); see {@link PipelineTransaction.delete}. */
  delete(
    key: ObjectKey,
    options: WriteOptions & { preconditions?: DeletePreconditions } = {},
  ): Promise<WriteResult> {
    return this.transaction(options, async (w) => ({
      code: 200,
      object: await w.delete(key, options.preconditions),
      warnings: [],
    }));
  }

  /** Re-checks one object's status; see {@link PipelineTransaction.recheck}. */
  recheck(key: ObjectKey): Promise<StoredObject | undefined> {
    return this.transaction({}, (w) => w.recheck(key));
  }
}

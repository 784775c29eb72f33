/**
 * The steps of the one write pipeline inside one store transaction (see `writePipeline.ts`): admit,
 * bookkeeping (generation, revision, immutable fields), persist. Admission reads through the
 * write's own transaction, so what it saw is what the write commits against.
 */
import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import {
  BadRequestError,
  ConflictError,
  findKind,
  ForbiddenError,
  InvalidError,
  NotFoundError,
  type KubeObject,
} from '../model/index.js';
import { fieldAt, kindModule, withReady, type Evaluation } from '../kinds/index.js';
import { recordUpdate } from './fields/index.js';
import { checkSchema } from '../rules/index.js';
import { keyOf } from '../storage/objectDocs.js';
import { notFound, qualifiedResource, staleResourceVersion } from '../storage/storageErrors.js';
import type { ObjectKey, StoredObject, StoreReader, Transaction } from '../storage/store.js';
import {
  evaluate,
  invalidError,
  warningHeaders,
  type CreateOptions,
  type FieldValidation,
} from './admission.js';

/**
 * Checks that the author may write this object, beyond the namespace the request named (the kind's
 * `authorityOver`); called before admission reads anything. Throws ForbiddenError.
 */
export type Authorize = (object: KubeObject, namespaces: string[]) => void;

/** Preconditions of a delete, as Kubernetes `DeleteOptions.preconditions`. */
export interface DeletePreconditions {
  uid?: string;
  resourceVersion?: string;
}

/**
 * Writes of one transaction through the pipeline: each is admitted against what the transaction
 * sees (the stored objects plus its own earlier writes).
 */
export class PipelineTransaction {
  /** Warnings of every write so far (admission, `fieldValidation`). */
  readonly warnings: string[] = [];

  constructor(
    /** The store transaction: reads see this transaction's writes. */
    readonly tx: Transaction,
    private readonly now: Date,
    private readonly fieldValidation: FieldValidation,
    private readonly authorize?: Authorize,
    private readonly manager?: string,
  ) {}

  /** Reads of admission, which only reads: through the engine's shared reads when it has them. */
  private get reads(): StoreReader {
    return this.tx.sharedReads ?? this.tx;
  }

  /** Admits a new object and creates it, with the objects its kind makes along (when missing). */
  async create(given: KubeObject, options: CreateOptions = {}): Promise<StoredObject> {
    const input = this.manager
      ? recordUpdate(undefined, given, { manager: this.manager, now: this.now })
      : given;
    // `input` is left as it is: its top level and metadata are copied, and admission changes
    // nested fields only when it drops unknown ones (fieldValidation Warn/Ignore): then it works on
    // a deep copy. (A deep copy of every create cost a tenth of a 10,000-object import.)
    const object: KubeObject =
      this.fieldValidation === 'Strict'
        ? { ...input, metadata: { ...input.metadata } }
        : structuredClone(input);
    const meta = object.metadata as KubeObject['metadata'] & { generateName?: string };
    if (!meta.name) {
      if (!meta.generateName) throw new BadRequestError('metadata.name or metadata.generateName is required');
      meta.name = `${meta.generateName}${randomBytes(3).toString('hex').slice(0, 5)}`;
    }
    // The server owns these: what a client sends is ignored, as kube-apiserver does.
    for (const f of ['uid', 'resourceVersion', 'creationTimestamp'] as const) delete meta[f];
    // A new object is at generation 1 (the store writes it so): the status admission computes
    // observes that generation, so a later re-check finds nothing to change.
    meta.generation = 1;
    delete object.status;
    await this.namespaceAccepts(object);
    const module = kindModule(object.kind);
    const admitted = await this.admit(object, options.checkedAlone && this.fieldValidation === 'Strict');
    module.bookkeeping?.(admitted, undefined, true);
    const stored = await this.tx.create(admitted);
    // "created in the namespace if missing" (SPEC §2.1): the same pipeline, so they are admitted too.
    for (const companion of module.companions?.(stored) ?? []) {
      if (!(await this.tx.get(keyOf(companion)))) await this.create(companion);
    }
    return stored;
  }

  /**
   * Replaces an object with what `next` makes of the current one: optimistic concurrency on
   * `metadata.resourceVersion` (when `next` carries one), immutable fields, `generation` counted on
   * spec changes, the status recomputed by admission. On the `status` subresource only the status
   * changes, and it is taken as given.
   */
  async replace(
    key: ObjectKey,
    next: (current: StoredObject) => KubeObject,
    subresource?: 'status',
  ): Promise<StoredObject> {
    const current = await this.tx.get(key);
    if (!current) throw notFound(key);
    const proposed = next(structuredClone(current));
    const wanted = this.manager
      ? recordUpdate(current, proposed, {
          manager: this.manager,
          now: this.now,
          ...(subresource ? { subresource } : {}),
        })
      : proposed;
    const expectedRv = wanted.metadata.resourceVersion || current.metadata.resourceVersion;
    if (expectedRv !== current.metadata.resourceVersion) throw staleResourceVersion(key);
    if (subresource === 'status') {
      // The kind's Ready follows the phase a controller (or a client) writes.
      const { readyPhases } = kindModule(key.kind);
      if (readyPhases && wanted.status)
        wanted.status = withReady(current, wanted.status as Record<string, unknown>, this.now, readyPhases);
      if (isDeepStrictEqual(wanted.status, current.status)) return current; // a no-op keeps its rv
      // Only the status changes, and the field ownership the caller recorded for it.
      const managedFields = wanted.metadata.managedFields;
      const withStatus = {
        ...current,
        ...(managedFields !== undefined ? { metadata: { ...current.metadata, managedFields } } : {}),
        status: wanted.status,
      } as KubeObject;
      // Status is the kind's schema too: a status write cannot store what no controller would.
      const shape = checkSchema(withStatus as unknown as Record<string, unknown>).issues.filter(
        (i) => i.severity === 'error',
      );
      if (shape.length) throw invalidError(withStatus, shape);
      return this.tx.update(withStatus, expectedRv);
    }
    const { status: _theirs, ...given } = wanted;
    const object: KubeObject = {
      ...given,
      metadata: {
        ...wanted.metadata,
        name: current.metadata.name,
        uid: current.metadata.uid,
        creationTimestamp: current.metadata.creationTimestamp,
      },
      // A kind without a status keeps none: `status: undefined` made every write of a Secret differ
      // from the stored one, so an unchanged apply was written again (a new resourceVersion, an event).
      ...(current.status !== undefined ? { status: current.status } : {}),
    };
    const module = kindModule(key.kind);
    for (const path of module.immutableFields ?? []) {
      if (!isDeepStrictEqual(fieldAt(current, ...path), fieldAt(object, ...path))) {
        const field = path.join('.');
        throw new InvalidError(
          `${key.kind} "${key.name}" is invalid: ${field}: field is immutable; create a new ${key.kind} instead`,
          {
            kind: key.kind,
            name: key.name,
            causes: [{ reason: 'FieldValueForbidden', message: 'field is immutable', field }],
          },
        );
      }
    }
    const specChanged = !isDeepStrictEqual(current.spec, object.spec);
    object.metadata.generation = current.metadata.generation + (specChanged ? 1 : 0);
    const admitted = await this.admit(object);
    module.bookkeeping?.(admitted, current, specChanged);
    // A write that changes nothing is not a write: same resourceVersion, no event (as kube-apiserver).
    if (sameExceptVersion(admitted, current)) return current;
    if (module.replaceWarnings) {
      const dependents = async () => {
        const found = await Promise.all((await this.tx.dependents(key)).map((k) => this.tx.get(k)));
        return found.filter((o): o is StoredObject => o !== undefined);
      };
      this.warnings.push(...warningHeaders(await module.replaceWarnings(admitted, current, dependents)));
    }
    return this.tx.update(admitted, expectedRv);
  }

  /**
   * Deletes an object unless others refer to it (409 naming them), with what its kind takes along
   * (a namespace: everything it holds), all decided inside the transaction.
   */
  async delete(key: ObjectKey, preconditions: DeletePreconditions = {}): Promise<StoredObject> {
    const current = await this.tx.get(key);
    if (!current) throw notFound(key);
    if (preconditions.uid !== undefined && preconditions.uid !== current.metadata.uid) {
      throw new ConflictError(
        `Precondition failed: UID in precondition: ${preconditions.uid}, UID in object meta: ${current.metadata.uid}`,
        { kind: qualifiedResource(key.kind).resource, name: key.name },
      );
    }
    if (
      preconditions.resourceVersion !== undefined &&
      preconditions.resourceVersion !== current.metadata.resourceVersion
    )
      throw staleResourceVersion(key);
    const dependents = await this.tx.dependents(key);
    if (dependents.length) {
      const names = dependents.map((d) => `${d.kind} ${d.name}`).join(', ');
      throw new ConflictError(
        `${key.kind} "${key.name}" is referenced by ${names}; delete or change those first`,
        {
          kind: qualifiedResource(key.kind).resource,
          name: key.name,
          causes: dependents.map((d) => ({
            reason: 'Dependent',
            message: `${d.kind} ${d.namespace}/${d.name}`,
          })),
        },
      );
    }
    const beforeDelete = kindModule(key.kind).beforeDelete;
    if (!beforeDelete) return this.tx.delete(key, current.metadata.resourceVersion);
    await beforeDelete(current, {
      names: async (kind, namespace) =>
        (await this.tx.list(kind, { namespace })).items.map((o) => o.metadata.name),
      delete: async (kind, namespace, name) => void (await this.tx.delete({ kind, namespace, name })),
      setStatus: async (status) => {
        const now = (await this.tx.get(key)) ?? current;
        await this.tx.update({ ...now, status } as KubeObject, now.metadata.resourceVersion);
      },
    });
    // beforeDelete may have written the object (its status): delete the version it left.
    const last = (await this.tx.get(key)) ?? current;
    return this.tx.delete(key, last.metadata.resourceVersion);
  }

  /**
   * Re-checks a stored object against what it refers to now and stores the status it earns, when
   * that differs (a bundle waiting for its profile turns Ready). Returns the object as stored.
   */
  async recheck(key: ObjectKey): Promise<StoredObject | undefined> {
    const current = await this.tx.get(key);
    const module = kindModule(key.kind);
    if (!current || !module.status) return current;
    // Strict admission reads the object and changes nothing in it: no copy needed.
    const e = await evaluate(current, this.reads, 'Strict');
    const status = this.earnedStatus(current, e);
    if (isDeepStrictEqual(status, current.status)) return current;
    return this.tx.update({ ...current, status } as KubeObject, current.metadata.resourceVersion);
  }

  /**
   * A namespaced object goes into a namespace that exists and is not being deleted, as in
   * Kubernetes: otherwise objects would land in namespaces `kubectl get ns` never shows, and a
   * namespace being torn down would fill up again behind its own deletion.
   */
  private async namespaceAccepts(object: KubeObject): Promise<void> {
    const ns = object.metadata.namespace;
    if (!ns || !findKind(object.kind)?.namespaced) return;
    const namespace = await this.reads.get({ kind: 'Namespace', namespace: '', name: ns });
    if (!namespace)
      throw new NotFoundError(
        `namespaces "${ns}" not found: create it first (kubectl create namespace ${ns}, or apply its Namespace object before what goes into it)`,
        { kind: 'namespaces', name: ns },
      );
    if (fieldAt(namespace, 'status', 'phase') === 'Terminating')
      throw new ForbiddenError(
        `${object.kind} "${object.metadata.name}" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`,
        { kind: qualifiedResource(object.kind).resource, name: object.metadata.name },
      );
  }

  /** Runs admission; throws 422 on rule violations; returns the object with the status it earns. */
  private async admit(object: KubeObject, checkedAlone = false): Promise<KubeObject> {
    const claimed = kindModule(object.kind).authorityOver?.(object) ?? [];
    if (claimed.length) this.authorize?.(object, claimed);
    const e = await evaluate(object, this.reads, this.fieldValidation, checkedAlone);
    if (e.errors.length) throw invalidError(object, e.errors);
    this.warnings.push(...warningHeaders(e.warnings));
    const status = this.earnedStatus(object, e);
    return status ? { ...object, status } : object;
  }

  /** The status admission gives `object`: its kind's, with Ready following a workflow's phase. */
  private earnedStatus(object: KubeObject, e: Evaluation): Record<string, unknown> | undefined {
    const { status, readyPhases } = kindModule(object.kind);
    const earned = status?.(object, e, this.now);
    return earned && readyPhases ? withReady(object, earned, this.now, readyPhases) : earned;
  }
}

/** Equal but for `metadata.resourceVersion`. */
const sameExceptVersion = (a: KubeObject, b: KubeObject): boolean =>
  isDeepStrictEqual(
    { ...a, metadata: { ...a.metadata, resourceVersion: undefined } },
    { ...b, metadata: { ...b.metadata, resourceVersion: undefined } },
  );

/**
 * What the product knows of one kind, in one place: its schema (through {@link KindInfo}), what it
 * refers to, what admission reads for it, its checks, the status the server keeps, its immutable
 * fields, what a write of it does to its bookkeeping, the objects made with it and its printer
 * columns. The rules, planner and renderer stay pure libraries; a kind module only wires them.
 */
import type { Issue, KindInfo, KubeObject } from '../model/index.js';
import type { PlanRequest } from '../planner/index.js';
import type { Resolver } from '../rules/index.js';

/** A reference to another object by kind and name, in `namespace` (the referrer's when absent). */
export interface KindReference {
  /** The kinds the name may be (a helm `repository` is a HelmRepository or an OCIRepository). */
  kinds: string[];
  /** The name; `*` for every object of the kinds in the namespace. */
  name: string;
  namespace?: string;
}

/** Reads a kind's admission may make beyond its references (ADR 0002: rules do no I/O). */
export interface AdmissionReader {
  get(kind: string, namespace: string, name: string): Promise<KubeObject | undefined>;
  list(kind: string, namespace?: string, labels?: Record<string, string>): Promise<KubeObject[]>;
  /** Adds an object to what the rules will see; returns it. */
  add<T extends KubeObject | undefined>(object: T): T;
  /** Reads (and adds) what `object` refers to. */
  referencesOf(object: KubeObject): Promise<void>;
  /** Reads (and adds) a bundle and what it refers to. */
  bundle(namespace: string, name: string): Promise<KubeObject | undefined>;
  /** Reads (and adds) the VariableSets of a namespace and of the system namespace. */
  variableSets(namespace: string): Promise<void>;
}

/** What a kind's `beforeDelete` may do inside the delete's transaction. */
export interface DeleteScope {
  /** The names of the objects of `kind` in `namespace`. */
  names(kind: string, namespace: string): Promise<string[]>;
  /** Deletes one object along with the one being deleted (references to it are not checked). */
  delete(kind: string, namespace: string, name: string): Promise<void>;
  /**
   * Stores the status the object shows while it goes (a namespace: `Terminating`): watchers see it
   * before its contents' deletions, and the DELETE answers the object in that state.
   */
  setStatus(status: Record<string, unknown>): Promise<void>;
}

/** What the rules said of an object checked against the store. */
export interface Evaluation {
  /** Errors that reject a write (422). */
  errors: Issue[];
  /** Missing references: the object is stored, Pending until they appear. */
  missing: Issue[];
  warnings: Issue[];
  resolver?: Resolver;
}

/** A Kubernetes-style condition. */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}

/** One column of `kubectl get` (besides NAME first and AGE last). */
export interface Column {
  name: string;
  /** OpenAPI type of the cells. */
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format?: string;
  description: string;
  /** 0: always shown; higher: only with `-o wide`. */
  priority?: number;
  value: (o: KubeObject) => string | number | boolean | null;
  /**
   * The same cell as a simple JSONPath (`.spec.version`), for the CustomResourceDefinition's
   * `additionalPrinterColumns`; absent when the cell is computed (a count, a joined list), which a
   * CRD column cannot show: such a column is left out of the CRD.
   */
  jsonPath?: string;
}

/** The behaviour of one kind. Every member but `info` is optional: absent means "nothing". */
export interface KindModule {
  info: KindInfo;
  /**
   * The kinds admission of this kind reads: what `references` may name plus what `prefetch` reads
   * (so `validate --server` knows what to fetch). A test holds `references` to it.
   */
  reads?: readonly string[];
  /** Objects this one refers to (for admission reads, dependents and refusing deletes). */
  references?(object: KubeObject): KindReference[];
  /**
   * The namespace whose referrers a change of this object concerns; the object's own by default.
   * (A Project serves the namespace named in its spec, not the one it lives in.)
   */
  servedNamespace?(object: KubeObject): string;
  /**
   * How a reference to an object of this kind is read (a ClusterProfile named by its versions'
   * label); a plain get when absent.
   */
  fetchReferenced?(namespace: string, name: string, reader: AdmissionReader): Promise<void>;
  /** Reads admission needs beyond the references (VariableSets, a pool's bundle, …). */
  prefetch?(object: KubeObject, reader: AdmissionReader): Promise<void>;
  /** The kind's rules (those that need other objects among them), for a schema-valid object. */
  check?(object: KubeObject, resolver: Resolver): Issue[];
  /**
   * The rules of {@link check} that read other objects, alone: admission runs only these when the
   * caller has run the object-alone checks on this very object (a Studio import's worker checks
   * every archive object whole before it is written). Absent, admission runs `check` whole.
   */
  checkReferences?(object: KubeObject, resolver: Resolver): Issue[];
  /**
   * The planner's checks of a deployment (workflow, compatibility, Model as a Service, variables).
   * Admission lets them wait with the object while its references are missing.
   */
  workflowChecks?(object: KubeObject, resolver: Resolver): Issue[];
  /** The workflow a pool or a deployment stands for (what its controller plans); none when unusable. */
  planRequest?(object: KubeObject, resolver: Resolver): PlanRequest | undefined;
  /**
   * Checks against the whole store that no reference names (one Project per namespace); run by
   * admission inside the write's transaction.
   */
  checkStored?(object: KubeObject, reader: AdmissionReader): Promise<Issue[]>;
  /**
   * Namespaces whose admin the author of this object must be, besides the namespace it is written
   * in (a Project claims the namespace of its spec and its Model-as-a-Service mappings).
   */
  authorityOver?(object: KubeObject): string[];
  /** The status the server keeps from an evaluation; absent: the kind keeps no status. */
  status?(object: KubeObject, evaluation: Evaluation, now: Date): Record<string, unknown>;
  /**
   * For a kind whose controller carries out a workflow: the phases in which it has done what it is
   * for (a pool Planned or Running, a deployment Delivered). Its `Ready` condition is True only in
   * those, besides resolved and valid, so `kubectl wait --for=condition=Ready` waits for the
   * workflow and fails on a Failed one. Absent: Ready is resolved and valid.
   */
  readyPhases?: readonly string[];
  /** Field paths that cannot change after creation. */
  immutableFields?: readonly (readonly string[])[];
  /**
   * Server bookkeeping of a write, after admission: e.g. a WorkloadProfile's `status.revision`
   * counts its spec changes. `current` is absent on create.
   */
  bookkeeping?(next: KubeObject, current: KubeObject | undefined, specChanged: boolean): void;
  /**
   * Warnings for a replace that shows only in what refers to the object (a WorkloadProfile change
   * that no longer keeps a revision a bundle pins), after bookkeeping; `dependents` reads the
   * objects that refer to it. The client gets them as Warning headers.
   */
  replaceWarnings?(
    next: KubeObject,
    current: KubeObject,
    dependents: () => Promise<KubeObject[]>,
  ): Promise<Issue[]>;
  /** Objects created with this one when missing (a bundle's dependency repositories). */
  companions?(object: KubeObject): KubeObject[];
  /**
   * What deleting an object of this kind takes with it (a namespace: everything it holds, as
   * Kubernetes does), or a refusal (throw); runs inside the delete's transaction.
   */
  beforeDelete?(object: KubeObject, tx: DeleteScope): Promise<void>;
  /**
   * The kind's other group-versions (registry `VIEWS`), each as the pairs (stored field, field of
   * that version) whose names differ; every other field keeps its name.
   */
  viewFields?: Readonly<Record<string, ReadonlyArray<readonly [stored: string, view: string]>>>;
  /**
   * Fields of the stored object its lists select on besides `metadata.name` and
   * `metadata.namespace` (kube-apiserver's field selectors), each with its path in the object; a
   * view selects on them under its own field names too.
   */
  selectableFields?: Readonly<Record<string, readonly string[]>>;
  /** Middle columns of `kubectl get`. */
  columns?: readonly Column[];
}

/**
 * One `AdmissionReview` (admission.k8s.io/v1) answered with the server's own admission: the
 * function the write pipeline validates with (`evaluate`: the kind's schema and every rule of its
 * kind module), plus the kind's immutable fields on UPDATE.
 *
 * What the webhook sees is the object alone (and the old one on UPDATE); it holds no store and reads
 * nothing from the cluster. So:
 * - checked: the schema (unknown fields, types, enums, patterns), names and labels, and every rule
 *   about the object itself (a bundle's own contents, a profile's components and variables, a
 *   pool's shape, a project's mappings…), and immutable fields against `oldObject`;
 * - not checked: whatever needs other objects: references (a bundle naming a profile that does not
 *   exist is let through, as this server lets it through as Pending), the workflow checks of a
 *   deployment against its bundles and pool, "one Project per namespace", "delete refused while
 *   referenced" (DELETE is always allowed), and who may claim a namespace (cluster RBAC decides).
 */
import { isDeepStrictEqual } from 'node:util';
import { evaluate, invalidError, type FieldValidation } from '../../apiserver/index.js';
import { fieldAt, kindModule } from '../../kinds/index.js';
import {
  BadRequestError,
  InvalidError,
  type Issue,
  type KubeObject,
  type StatusCause,
  quote,
} from '../../model/index.js';
import type { StoreReader } from '../../storage/store.js';
import { toStatus } from '../status.js';
import { crdKinds } from '../crds/customResourceDefinitions.js';

/** The `apiVersion` of the reviews this webhook answers (the only one it registers). */
export const ADMISSION_REVIEW_VERSION = 'admission.k8s.io/v1';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `request` of an AdmissionReview, as far as this webhook reads it. */
export interface AdmissionRequest {
  uid: string;
  kind: { group: string; version: string; kind: string };
  operation: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  namespace?: string;
  name?: string;
  subResource?: string;
  object?: KubeObject;
  oldObject?: KubeObject;
  dryRun?: boolean;
  options?: { fieldValidation?: string };
  userInfo?: { username?: string };
}

/** `response` of an AdmissionReview. */
export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  status?: { code: number; reason: string; message: string; details?: unknown };
  warnings?: string[];
}

/** What a review answered, with what the log says of it. */
export interface Reviewed {
  review: { apiVersion: string; kind: 'AdmissionReview'; response: AdmissionResponse };
  request: AdmissionRequest;
}

/** At most this many warnings go back (kube-apiserver passes each to the client as a header). */
const MAX_WARNINGS = 50;

/** The webhook keeps no store: every read finds nothing (see the module comment). */
const NOTHING_STORED: StoreReader = {
  get: async () => undefined,
  list: async () => ({ items: [], resourceVersion: '0' }),
  dependents: async () => [],
};

const OPERATIONS = new Set(['CREATE', 'UPDATE', 'DELETE', 'CONNECT']);

const bad = (field: string, problem: string): BadRequestError =>
  new BadRequestError(`malformed AdmissionReview: ${field} ${problem}`);

/**
 * Checks the review's envelope and returns its request; a review no API server would send is a
 * 400 naming the field.
 */
export const parseReview = (body: unknown): AdmissionRequest => {
  if (!isObj(body)) throw bad('body', 'must be a JSON object (an AdmissionReview)');
  if (body['kind'] !== 'AdmissionReview')
    throw bad('kind', `must be AdmissionReview, found ${JSON.stringify(body['kind'])}`);
  if (body['apiVersion'] !== ADMISSION_REVIEW_VERSION)
    throw bad(
      'apiVersion',
      `must be ${ADMISSION_REVIEW_VERSION}, found ${JSON.stringify(body['apiVersion'])}; list only v1 in the configuration's admissionReviewVersions`,
    );
  const r = body['request'];
  if (!isObj(r)) throw bad('request', 'is required (an object)');
  if (typeof r['uid'] !== 'string' || r['uid'] === '') throw bad('request.uid', 'is required (a string)');
  const kind = r['kind'];
  if (!isObj(kind) || typeof kind['kind'] !== 'string' || typeof kind['version'] !== 'string')
    throw bad('request.kind', 'is required ({group, version, kind})');
  if (typeof r['operation'] !== 'string' || !OPERATIONS.has(r['operation']))
    throw bad('request.operation', `must be one of ${[...OPERATIONS].join(', ')}`);
  const needs = r['operation'] === 'CREATE' || r['operation'] === 'UPDATE' ? ['object'] : [];
  if (r['operation'] === 'UPDATE') needs.push('oldObject');
  for (const field of needs) {
    const o = r[field];
    if (!isObj(o) || !isObj(o['metadata']))
      throw bad(`request.${field}`, `is required for ${String(r['operation'])} (an object with metadata)`);
  }
  return r as unknown as AdmissionRequest;
};

/** The immutable fields an UPDATE changes, as the `causes` of a Status. */
const immutableChanges = (object: KubeObject, old: KubeObject): StatusCause[] =>
  (kindModule(object.kind).immutableFields ?? [])
    .filter((path) => !isDeepStrictEqual(fieldAt(old, ...path), fieldAt(object, ...path)))
    .map((path) => ({
      reason: 'FieldValueForbidden',
      field: path.join('.'),
      message: `field is immutable; create a new ${object.kind} instead`,
    }));

const fieldValidationOf = (r: AdmissionRequest): FieldValidation => {
  const v = r.options?.fieldValidation;
  // The API server has applied it already (unknown fields are pruned or refused before admission);
  // what is left is checked the same way. Kubernetes' default is Warn.
  return v === 'Strict' || v === 'Ignore' ? v : 'Warn';
};

/** An issue about another object (REF001, or one that waits for it). */
const aboutReference = (i: Issue): boolean => i.reason === 'MissingReference' || i.code === 'REF001';

const warningText = (i: Issue): string => `${i.code} ${i.path ? `${i.path}: ` : ''}${i.message}`;

const boundWarnings = (list: string[]): string[] =>
  list.length <= MAX_WARNINGS
    ? list
    : [...list.slice(0, MAX_WARNINGS), `${list.length - MAX_WARNINGS} more warnings are not listed`];

/** The Status of a refusal, as the API server passes it on (it prefixes the message). */
const refusal = (err: InvalidError): AdmissionResponse['status'] => {
  const { code, reason, message, details } = toStatus(err);
  return { code, reason, message, ...(details ? { details } : {}) };
};

/** Whether the webhook knows the kind the request is about. */
const served = (r: AdmissionRequest): boolean =>
  crdKinds({ flux: true }).some(
    (k) => k.group === (r.kind.group ?? '') && k.version === r.kind.version && k.kind === r.kind.kind,
  );

/** Answers one review (see the module comment for what is checked). */
export const answerReview = async (body: unknown): Promise<Reviewed> => {
  const request = parseReview(body);
  const answer = (response: Omit<AdmissionResponse, 'uid'>): Reviewed => ({
    request,
    review: {
      apiVersion: ADMISSION_REVIEW_VERSION,
      kind: 'AdmissionReview',
      response: { uid: request.uid, ...response },
    },
  });
  // Deletes need the store ("refused while referenced"); status writes are the controllers'.
  if (request.operation === 'DELETE' || request.operation === 'CONNECT' || request.subResource)
    return answer({ allowed: true });
  if (!served(request)) {
    const gvk = `${request.kind.group ? `${request.kind.group}/` : ''}${request.kind.version} ${request.kind.kind}`;
    return answer({
      allowed: true,
      warnings: [
        `the paletteai webhook does not check ${gvk}; leave it out of the ValidatingWebhookConfiguration's rules`,
      ],
    });
  }
  const object = structuredClone(request.object as KubeObject);
  // The API server sets the namespace before admission; a hand-written review may leave it out.
  if (request.namespace && !object.metadata.namespace) object.metadata.namespace = request.namespace;
  const evaluation = await evaluate(object, NOTHING_STORED, fieldValidationOf(request));
  // With no store every reference "does not resolve": such warnings would be about nothing.
  const warnings = boundWarnings(evaluation.warnings.filter((i) => !aboutReference(i)).map(warningText));
  const changed =
    request.operation === 'UPDATE' ? immutableChanges(object, request.oldObject as KubeObject) : [];
  if (!evaluation.errors.length && !changed.length)
    return answer({ allowed: true, ...(warnings.length ? { warnings } : {}) });
  const err = evaluation.errors.length ? invalidError(object, evaluation.errors) : undefined;
  const causes = [...(err?.details.causes ?? []), ...changed];
  const immutable = changed.map((c) => `${c.field}: ${c.message}`).join('; ');
  const message =
    err && immutable
      ? `${err.message}; ${immutable}`
      : (err?.message ?? `${object.kind} ${quote(object.metadata.name)} is invalid: ${immutable}`);
  return answer({
    allowed: false,
    status: refusal(new InvalidError(message, { kind: object.kind, name: object.metadata.name, causes })),
    ...(warnings.length ? { warnings } : {}),
  });
};

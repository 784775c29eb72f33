/**
 * The DeleteOptions body of a DELETE, checked before anything is deleted. A malformed one is 400,
 * as kube-apiserver answers when it cannot decode it: ignoring it would delete without the
 * preconditions or the dry run the client asked for. Found by the fuzz corpus
 * (test/fuzz/corpus/body/delete-options-*.json).
 */
import { BadRequestError } from '../../model/index.js';

/** What a DELETE's body asks for, once checked. */
export interface DeleteOptions {
  preconditions?: { resourceVersion?: string; uid?: string };
  dryRun?: string[];
}

const POLICIES = ['Orphan', 'Background', 'Foreground'];

const bad = (field: string, expected: string, found: unknown) =>
  new BadRequestError(
    `DeleteOptions ${field} must be ${expected}, found ${Array.isArray(found) ? 'a list' : found === null ? 'null' : typeof found}`,
    { causes: [{ reason: 'FieldValueInvalid', message: `expected ${expected}`, field }] },
  );

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Checks the parsed body of a DELETE (absent or `null`: no options) and returns its options. */
export const checkDeleteOptions = (body: unknown): DeleteOptions => {
  if (body === undefined || body === null) return {};
  if (!isObject(body)) throw bad('(the body)', 'an object', body);
  const { preconditions, dryRun, propagationPolicy, gracePeriodSeconds, orphanDependents } = body;
  if (preconditions !== undefined && preconditions !== null && !isObject(preconditions))
    throw bad('preconditions', 'an object', preconditions);
  for (const key of ['uid', 'resourceVersion'] as const) {
    const v = isObject(preconditions) ? preconditions[key] : undefined;
    if (v !== undefined && v !== null && typeof v !== 'string')
      throw bad(`preconditions.${key}`, 'a string', v);
  }
  if (
    dryRun !== undefined &&
    dryRun !== null &&
    !(Array.isArray(dryRun) && dryRun.every((d) => typeof d === 'string'))
  )
    throw bad('dryRun', 'a list of strings (["All"])', dryRun);
  if (
    propagationPolicy !== undefined &&
    propagationPolicy !== null &&
    !POLICIES.includes(propagationPolicy as string)
  )
    throw new BadRequestError(`DeleteOptions propagationPolicy must be one of ${POLICIES.join(', ')}`, {
      causes: [
        { reason: 'FieldValueNotSupported', message: 'unsupported value', field: 'propagationPolicy' },
      ],
    });
  if (
    gracePeriodSeconds !== undefined &&
    gracePeriodSeconds !== null &&
    !Number.isInteger(gracePeriodSeconds)
  )
    throw bad('gracePeriodSeconds', 'a whole number', gracePeriodSeconds);
  if (orphanDependents !== undefined && orphanDependents !== null && typeof orphanDependents !== 'boolean')
    throw bad('orphanDependents', 'true or false', orphanDependents);
  const pre = isObject(preconditions) ? preconditions : {};
  return {
    preconditions: {
      ...(typeof pre.uid === 'string' && pre.uid ? { uid: pre.uid } : {}),
      ...(typeof pre.resourceVersion === 'string' && pre.resourceVersion
        ? { resourceVersion: pre.resourceVersion }
        : {}),
    },
    ...(Array.isArray(dryRun) ? { dryRun: dryRun as string[] } : {}),
  };
};

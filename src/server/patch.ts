import fastJsonPatch from 'fast-json-patch';
import { BadRequestError, InvalidError, quote } from '../model/index.js';
import { guardedValidator, jsonPatchProblem } from './jsonPatchGuard.js';

const { applyPatch } = fastJsonPatch;
const UNSAFE = new Set(['__proto__', 'constructor', 'prototype']);
const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** kube-apiserver caps JSON patches at 10,000 operations. */
export const MAX_JSON_PATCH_OPS = 10_000;

/** RFC 7386 JSON merge patch: objects merge, `null` deletes, everything else replaces. */
export const mergePatch = (target: unknown, patch: unknown): unknown => {
  if (!isObject(patch)) return patch;
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (UNSAFE.has(key)) throw new BadRequestError(`patch key ${quote(key)} is not allowed`);
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
};

/** RFC 6902 JSON patch, refusing prototype changes and more than 10,000 operations. */
export const jsonPatch = (target: unknown, ops: unknown): unknown => {
  if (!Array.isArray(ops)) throw new BadRequestError('a JSON patch is a list of operations');
  if (ops.length > MAX_JSON_PATCH_OPS)
    throw new BadRequestError(
      `a JSON patch holds at most ${MAX_JSON_PATCH_OPS} operations, found ${ops.length}`,
    );
  try {
    return applyPatch(structuredClone(target), ops, guardedValidator(), true, true).newDocument;
  } catch (e) {
    throw new InvalidError(`the JSON patch cannot be applied: ${jsonPatchProblem(e)}`);
  }
};

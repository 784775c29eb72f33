/**
 * The checks fast-json-patch makes of each operation, without their cost, and kube-apiserver's
 * bound on what `copy` operations may add. The library checks a `move` or `copy` by applying a
 * `_get` to a deep clone of the whole document, so 10,000 copies clone a growing document 10,000
 * times (a 660 KB patch held the event loop for 9 minutes), and copies may double a value each time
 * (40 copies of a value into itself: 2^40 values, the process runs out of memory). Found by the
 * fuzz suite (test/fuzz/corpus/patch/json-copy-*.json).
 */
import fastJsonPatch, { type Operation, type Validator } from 'fast-json-patch';

const { validator, JsonPatchError } = fastJsonPatch;

/** kube-apiserver's JSONPatchMaxCopyBytes: the most the copy operations of one patch may add. */
export const MAX_JSON_PATCH_COPY_BYTES = 3 * 1024 * 1024;

/** The value at a JSON pointer, found without cloning anything. */
const lookUp = (document: unknown, pointer: string): { found: boolean; value?: unknown } => {
  if (pointer === '') return { found: true, value: document };
  if (!pointer.startsWith('/')) return { found: false };
  let v = document;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, key)) return { found: false };
    v = (v as Record<string, unknown>)[key];
  }
  return { found: true, value: v };
};

/**
 * A validator for one patch's `applyPatch` (it counts the bytes that patch's copies add): the
 * library's own checks for every operation but `move` and `copy`, and for those the same checks
 * done in place, plus the copy budget. Errors are the library's JsonPatchError, without the
 * document in their text.
 */
export const guardedValidator = (limit = MAX_JSON_PATCH_COPY_BYTES): Validator<unknown> => {
  let copied = 0;
  return (operation: Operation, index: number, document: unknown, existingPath: string) => {
    if (operation.op !== 'move' && operation.op !== 'copy')
      return validator(operation, index, document, existingPath);
    validator(operation, index); // the shape: op, path, from
    const from: unknown = operation.from;
    if (typeof from !== 'string')
      throw new JsonPatchError('Operation `from` property is not a string', 'OPERATION_FROM_REQUIRED', index);
    const source = lookUp(document, from);
    if (!source.found)
      throw new JsonPatchError(
        'Cannot perform the operation from a path that does not exist',
        'OPERATION_FROM_UNRESOLVABLE',
        index,
      );
    // The target is added as by an `add`: its parent must exist.
    validator({ op: 'add', path: operation.path, value: null }, index, document, existingPath);
    if (operation.op === 'move' && operation.path.startsWith(`${from}/`))
      throw new JsonPatchError(
        'a value cannot be moved into one of its own children',
        'OPERATION_PATH_CANNOT_ADD',
        index,
      );
    if (operation.op === 'copy') {
      copied += JSON.stringify(source.value)?.length ?? 0;
      if (copied > limit)
        throw new JsonPatchError(
          `the copy operations add more than ${limit} bytes (kube-apiserver's limit); copy less, or send the values themselves`,
          'OPERATION_VALUE_OUT_OF_BOUNDS',
          index,
        );
    }
  };
};

/**
 * What went wrong in a JSON patch, in words for the client: the library's error without the lines
 * that dump the document, and never the text of a JavaScript TypeError thrown from inside it.
 */
export const jsonPatchProblem = (e: unknown): string => {
  if (e instanceof JsonPatchError) return e.message.split('\n')[0]!;
  if (e instanceof Error && e.message.startsWith('JSON-Patch: modifying'))
    return 'a path goes through __proto__, constructor or prototype; these keys are not allowed';
  // e.g. a move whose target's parent disappears with the move
  return 'an operation moves a value into itself or into a value that is not an object or a list';
};

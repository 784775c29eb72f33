import { loadFiles } from '../loader/index.js';
import { InvalidInputError } from './errors.js';

/**
 * Reads `--values` files: YAML or JSON mappings of variable name to a plain value (string, number,
 * boolean), later files winning. Nested values are refused with file:line.
 */
export const readValues = async (
  files: readonly string[],
): Promise<Record<string, string | number | boolean>> => {
  const out = Object.create(null) as Record<string, string | number | boolean>;
  if (!files.length) return out;
  const load = await loadFiles([...files]);
  const problem = load.issues[0];
  if (problem)
    throw new InvalidInputError(`${problem.file}:${problem.line ?? 1}: ${problem.code} ${problem.message}`);
  for (const d of load.documents) {
    for (const [k, v] of Object.entries(d.object)) {
      if (v === null || typeof v === 'object') {
        throw new InvalidInputError(
          `${d.file}:${d.lineOf([k])}: value of "${k}" must be a string, number or boolean; a values file maps variable names to plain values.`,
        );
      }
      out[k] = v as string | number | boolean;
    }
  }
  return out;
};

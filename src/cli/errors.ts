/** A mistake in how the command was called (wrong or missing flags): exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The input is invalid or the operation was refused: exit code 1, message already actionable. */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';
}

export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

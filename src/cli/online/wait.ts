/**
 * `--wait`: follows an object's phase on the server until it reaches one of the phases asked for,
 * printing each new phase (with its conditions' reasons) to stderr as progress.
 */
import type { ApiClient } from '../../client/apiClient.js';
import type { KubeObject } from '../../model/index.js';
import { InvalidInputError } from '../errors.js';
import type { Io } from '../io.js';
import { expectOk } from './session.js';

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

const statusOf = (o: KubeObject) => (o.status ?? {}) as { phase?: string; conditions?: Condition[] };

/** One line of progress: the phase and what the conditions that are not True say. */
const progressLine = (o: KubeObject): string => {
  const s = statusOf(o);
  const waiting = (s.conditions ?? [])
    .filter((c) => c.status !== 'True')
    .map((c) => `${c.type}: ${c.reason ?? c.status}`);
  return `${o.kind.toLowerCase()}/${o.metadata.name}: ${s.phase ?? 'Pending'}${waiting.length ? ` (${waiting.join('; ')})` : ''}`;
};

/**
 * Polls `path` every `intervalMs` until its phase is one of `done` (returns the object) or one of
 * `failed` (throws with the failing conditions' messages), for at most `timeoutMs`.
 */
export const waitForPhase = async (
  io: Io,
  client: ApiClient,
  path: string,
  opts: {
    done: readonly string[];
    failed: readonly string[];
    timeoutMs: number;
    intervalMs?: number;
    /**
     * After an update: the phase counts only once the controller that owns the condition `type`
     * has written it for this generation (admission sets the others at once).
     */
    observed?: { type: string; generation: number };
  },
): Promise<KubeObject> => {
  const until = Date.now() + opts.timeoutMs;
  let last = '';
  for (;;) {
    const o = expectOk(await client.request('GET', path), `read ${path}`).json as KubeObject;
    const line = progressLine(o);
    if (line !== last) io.err.write(`${line}\n`);
    last = line;
    const phase = statusOf(o).phase ?? 'Pending';
    const mark = opts.observed
      ? (statusOf(o).conditions ?? []).find((c) => c.type === opts.observed!.type)
      : undefined;
    const seen =
      !opts.observed ||
      ((mark as { observedGeneration?: number } | undefined)?.observedGeneration ?? 0) >=
        opts.observed.generation;
    if (seen && opts.done.includes(phase)) return o;
    if (seen && opts.failed.includes(phase)) {
      const why = (statusOf(o).conditions ?? [])
        .filter((c) => c.status === 'False' && c.message)
        .map((c) => `${c.type}: ${c.message}`);
      throw new InvalidInputError(
        `${o.kind} ${o.metadata.name} is ${phase}: ${why.join('; ') || 'see its conditions'}`,
      );
    }
    if (Date.now() > until)
      throw new InvalidInputError(
        `${o.kind} ${o.metadata.name} is still ${phase} after ${Math.round(opts.timeoutMs / 1000)} s; ` +
          `follow it with \`kubectl get ${o.kind.toLowerCase()} ${o.metadata.name} -n ${o.metadata.namespace} -w\``,
      );
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 500));
  }
};

/**
 * The server's verdict on an object while a form edits it: a dry-run write (nothing is stored) a
 * moment after the last change, so the form shows the server's own issues at its fields. One hook
 * for every form (a create, or a replace when the object exists).
 */
import { useEffect, useState } from 'react';
import type { KubeObject } from '../../../src/model/index.js';
import { api, ApiError, type Cause } from './client';

export interface DryRun<T = KubeObject> {
  checking: boolean;
  /** Whether a dry run has answered for the current object. */
  checked: boolean;
  /** The server's causes (empty: it accepts the object). */
  causes: Cause[];
  /** The refusal the causes come from (4xx). */
  refusal?: ApiError;
  /** A failure that is not about the object (connection lost, 5xx). */
  error?: Error;
  /** The object as the server would store it (its evaluated status included). */
  result?: T;
}

/** Turns a refused write into causes a form can place; a taken name is a cause at metadata.name. */
export const causesOf = (e: ApiError): Cause[] =>
  e.causes.length
    ? e.causes
    : [
        {
          reason: e.reason,
          message: e.message,
          ...(e.reason === 'AlreadyExists' ? { field: 'metadata.name' } : {}),
        },
      ];

const IDLE = { checking: false, checked: false, causes: [] };

/** Dry-runs `object` (a replace when `exists`, else a create) `delay` ms after it last changed. */
export const useDryRun = <T extends KubeObject = KubeObject>(
  object: T | undefined,
  { exists = false, delay = 400 }: { exists?: boolean; delay?: number } = {},
): DryRun<T> => {
  const [state, setState] = useState<DryRun<T>>(IDLE);
  // The object is compared by content: a re-render with an equal copy does not ask again.
  const key = object ? JSON.stringify(object) : '';
  useEffect(() => {
    if (!object) {
      setState(IDLE);
      return;
    }
    let live = true;
    setState((s) => ({ ...s, checking: true, checked: false }));
    const timer = setTimeout(() => {
      (exists ? api.replace<T>(object, true) : api.create<T>(object, true)).then(
        (result) => live && setState({ checking: false, checked: true, causes: [], result }),
        (e: Error) => {
          if (!live) return;
          if (e instanceof ApiError && e.status < 500)
            setState({ checking: false, checked: true, causes: causesOf(e), refusal: e });
          else setState({ checking: false, checked: false, causes: [], error: e });
        },
      );
    }, delay);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key, exists, delay]);
  return state;
};

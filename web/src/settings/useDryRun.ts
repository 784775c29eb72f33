/**
 * The server's check of an edited object while it is being edited: a dry-run write (nothing is
 * stored) a moment after the last change, so the form shows the server's own issues at its fields.
 */
import { useEffect, useState } from 'react';
import type { KubeObject } from '../../../src/model/index.js';
import { api } from '../api/client';

export interface DryRun<T> {
  checking: boolean;
  /** The server's refusal (its causes name the fields). */
  error?: Error;
  /** The object as the server would store it (its evaluated status included). */
  result?: T;
}

/** Dry-runs `object` (a replace when `exists`, else a create) 400 ms after it last changed. */
export const useDryRun = <T extends KubeObject>(
  object: T | undefined,
  exists: boolean,
  delay = 400,
): DryRun<T> => {
  const [state, setState] = useState<DryRun<T>>({ checking: false });
  const key = object ? JSON.stringify(object) : '';
  useEffect(() => {
    if (!object) {
      setState({ checking: false });
      return;
    }
    let live = true;
    setState((s) => ({ ...s, checking: true }));
    const timer = setTimeout(() => {
      (exists ? api.replace<T>(object, true) : api.create<T>(object, true)).then(
        (result) => live && setState({ checking: false, result }),
        (error: Error) => live && setState({ checking: false, error }),
      );
    }, delay);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // The object is compared by content: a re-render with an equal copy does not ask again.
  }, [key, exists, delay]);
  return state;
};

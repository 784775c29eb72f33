/**
 * The server's verdict on a draft object, kept live: a dry-run create (nothing stored) a moment
 * after the last change. A refusal becomes its causes; a refusal without causes (e.g. the name is
 * taken: 409 AlreadyExists) becomes one cause at the field it is about.
 */
import { useEffect, useState } from 'react';
import type { KubeObject } from '../../../src/model/index.js';
import { api, ApiError, type Cause } from '../api/client';

export interface DryRun {
  checking: boolean;
  /** The server's causes (empty: it accepts the object). */
  causes: Cause[];
  /** A failure that is not about the object (connection lost, 5xx). */
  error?: Error;
  /** Whether a dry run has answered for the current object. */
  checked: boolean;
}

/** Turns a refused write into causes the form can place. */
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

export const useDryRun = (object: KubeObject | undefined, delay = 400): DryRun => {
  const [state, setState] = useState<DryRun>({ checking: false, causes: [], checked: false });
  const key = object ? JSON.stringify(object) : '';
  useEffect(() => {
    if (!object) {
      setState({ checking: false, causes: [], checked: false });
      return;
    }
    let live = true;
    setState((s) => ({ ...s, checking: true, checked: false }));
    const timer = setTimeout(() => {
      api.create(object, true).then(
        () => live && setState({ checking: false, causes: [], checked: true }),
        (e: Error) => {
          if (!live) return;
          if (e instanceof ApiError && e.status < 500)
            setState({ checking: false, causes: causesOf(e), checked: true });
          else setState({ checking: false, causes: [], error: e, checked: false });
        },
      );
    }, delay);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key]);
  return state;
};

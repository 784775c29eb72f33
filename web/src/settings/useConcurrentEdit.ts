/**
 * Guards a save against overwriting someone else's change: the spec as it was when editing began is
 * kept, and a save whose live spec has moved on since is stopped once with a message (a second save
 * overwrites knowingly). Status writes by the controllers change the resourceVersion without
 * changing the spec, so comparing resourceVersions would refuse saves for nothing.
 */
import { useRef } from 'react';

export interface ConcurrentEdit {
  /** Call on every edit: the first one of a round records the spec it started from. */
  began: () => void;
  /** An error to show when the spec changed under the edit (then the next save goes through). */
  check: () => Error | undefined;
  /** Call after a save or a discard: the next edit starts a new round. */
  done: () => void;
}

export const useConcurrentEdit = (liveSpec: unknown): ConcurrentEdit => {
  const start = useRef<string | undefined>(undefined);
  const live = JSON.stringify(liveSpec ?? null);
  return {
    began: () => {
      if (start.current === undefined) start.current = live;
    },
    check: () => {
      if (start.current === undefined || start.current === live) return undefined;
      start.current = live;
      return new Error(
        'Someone else changed this object while you were editing. Discard your changes to see theirs, or save again to replace them with yours.',
      );
    },
    done: () => {
      start.current = undefined;
    },
  };
};

import type { WritePipeline } from '../apiserver/index.js';
import type { Store } from '../storage/store.js';
import type { AuditSink } from './audit.js';
import type { TokenStore } from './auth/tokens.js';
import type { InflightLimits } from './http/inflight.js';

/**
 * What request handlers share. The server keeps no state of its own but the store: every write
 * goes through `pipeline`, references live in the store, and status follow-ups are the
 * controllers' work.
 */
export interface ServerContext {
  store: Store;
  /** The one write pipeline (admission, bookkeeping, one transaction). */
  pipeline: WritePipeline;
  tokens: TokenStore;
  audit: AuditSink;
  /** Server log (stderr); never receives request bodies or Secret data. */
  log: (message: string) => void;
  /**
   * True once start-up is complete (the kubeconfig written): `/healthz` and `/readyz` answer 503
   * before, so that whoever waits for health can read the kubeconfig next.
   */
  ready: () => boolean;
  /**
   * How often a watch that allows bookmarks gets a BOOKMARK with the resourceVersion it has reached
   * (so a client resumes from there, not from an old version the history may no longer hold).
   * @default 60_000, about what kube-apiserver does
   */
  watchBookmarkMs?: number;
  /** Bounds on requests in flight per class (429 past them). @default DEFAULT_INFLIGHT */
  inflightLimits?: InflightLimits;
}

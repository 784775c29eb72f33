import type { KindInfo } from '../model/index.js';
import type { WritePipeline } from '../apiserver/index.js';
import type { Store } from '../storage/store.js';
import type { AuditLog } from './audit.js';
import type { FileTokenStore } from './auth/tokens.js';

/**
 * What request handlers share. The server keeps no state of its own but the store: every write
 * goes through `pipeline`, references live in the store, and status follow-ups are the
 * controllers' work.
 */
export interface ServerContext {
  store: Store;
  /** The one write pipeline (admission, bookkeeping, one transaction). */
  pipeline: WritePipeline;
  tokens: FileTokenStore;
  audit: AuditLog;
  /** Server log (stderr); never receives request bodies or Secret data. */
  log: (message: string) => void;
}

/** `profilebundles.spectrocloud.com`, as Kubernetes names a resource in messages. */
export const qualifiedResource = (info: KindInfo): string =>
  info.group ? `${info.plural}.${info.group}` : info.plural;

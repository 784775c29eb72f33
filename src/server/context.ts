import type { KindInfo } from '../model/index.js';
import { KINDS } from '../model/index.js';
import type { Store } from '../storage/store.js';
import type { ListCache } from './admission/listCache.js';
import type { ReferenceIndex } from './admission/references.js';
import type { AuditSink } from './audit.js';
import type { TokenStore } from './auth/tokens.js';

/** What request handlers share: the store, tokens, audit log and the reference index. */
export interface ServerContext {
  store: Store;
  tokens: TokenStore;
  audit: AuditSink;
  refs: ReferenceIndex;
  /** Lists admission reads on every write, cached until their kind is written. */
  lists: ListCache;
  /** Server log (stderr); never receives request bodies or Secret data. */
  log: (message: string) => void;
  /**
   * True once start-up is complete (the kubeconfig written): `/healthz` and `/readyz` answer 503
   * before, so that whoever waits for health can read the kubeconfig next.
   */
  ready: () => boolean;
}

/** The kind served at `group/version/plural`, if any. */
export const kindAt = (group: string, version: string, plural: string): KindInfo | undefined =>
  KINDS.find((k) => k.group === group && k.version === version && k.plural === plural);

/** `profilebundles.spectrocloud.com`, as Kubernetes names a resource in messages. */
export const qualifiedResource = (info: KindInfo): string =>
  info.group ? `${info.plural}.${info.group}` : info.plural;

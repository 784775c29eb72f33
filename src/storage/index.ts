export type {
  LabelRequirement,
  ListOptions,
  ListResult,
  ObjectKey,
  Reference,
  Selection,
  Store,
  StoredObject,
  StoreOptions,
  StoreReader,
  Transaction,
  Watch,
  WatchCallback,
  WatchCloseReason,
  WatchEvent,
  WatchEventType,
  WatchLimits,
} from './store.js';
export { ANY_NAME } from './store.js';
export { SqliteStore, type SqliteStoreOptions } from './sqliteStore.js';
export { PostgresStore, type PostgresStoreOptions } from './postgresStore.js';
export { DEFAULT_HISTORY_LIMIT } from './history.js';
export { matchesLabels, matchesRequirement } from './labelSelector.js';
export { decodeContinue, encodeContinue, type ContinuePoint } from './continueToken.js';

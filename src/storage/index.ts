export type {
  LabelRequirement,
  ListOptions,
  ListResult,
  ObjectKey,
  Selection,
  Store,
  StoredObject,
  StoreReader,
  Transaction,
  Watch,
  WatchEvent,
  WatchEventType,
} from './store.js';
export { SqliteStore, type SqliteStoreOptions } from './sqliteStore.js';
export { DEFAULT_HISTORY_LIMIT } from './history.js';
export { matchesLabels, matchesRequirement } from './labelSelector.js';
export { decodeContinue, encodeContinue, type ContinuePoint } from './continueToken.js';

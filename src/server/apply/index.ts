export { applyConfiguration, recordUpdate, type FieldManagerOptions } from './fieldManager.js';
export {
  fieldManagerRequest,
  managerFromUserAgent,
  resolveManager,
  type FieldManagerRequest,
  type WriteKind,
} from './requestManager.js';
export { decodeManagedFields, encodeManagedFields, type ManagedFieldsEntry } from './managedFields.js';

/**
 * Which field manager an HTTP write names (`fieldManager`, `force`, the User-Agent); the field
 * ownership itself is recorded in the write path (src/apiserver/fields/).
 */
export { fieldManagerRequest, resolveManager, type FieldManagerRequest } from './requestManager.js';

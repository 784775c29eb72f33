/**
 * Field ownership (`metadata.managedFields`) and server-side apply, part of the write path: the
 * HTTP writes, the Studio import and the controllers record who set which field through it. ADR
 * 0005 says what it decides and where it differs from kube-apiserver.
 */
export { applyConfiguration, recordUpdate, type FieldManagerOptions } from './fieldManager.js';
export { FIELD_MANAGER_MAX_LENGTH, fieldManagerProblem } from './managedFields.js';

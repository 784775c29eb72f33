/**
 * Server-side apply and field ownership (`metadata.managedFields`) for the HTTP write handlers;
 * ADR 0005 says what it decides and where it differs from kube-apiserver.
 */
export { applyConfiguration, recordUpdate, type FieldManagerOptions } from './fieldManager.js';
export { fieldManagerRequest, resolveManager, type FieldManagerRequest } from './requestManager.js';

/**
 * Infrastructure providers (SPEC §6): what makes, follows and deletes a ComputePool's cluster, and
 * delivers Flux objects to it. Chosen by Settings `spec.infrastructureProvider` through
 * {@link providerFor}. This layer imports only the model.
 */
export * from './clusterPlan.js';
export * from './kubeconfigProvider.js';
export * from './noneProvider.js';
export * from './paletteClient.js';
export * from './paletteProvider.js';
export type * from './paletteTypes.js';
export * from './provider.js';
export * from './providerError.js';

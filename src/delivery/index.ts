export * from './fluxArtifact.js';
export * from './imageLayout.js';
export * from './registryClient.js';
export * from './registryErrors.js';
export { parseBearerChallenge, parseRegistryUrl, type RegistryLocation } from './registrySession.js';
export { TAR_MTIME, packTarGz } from './tarWriter.js';

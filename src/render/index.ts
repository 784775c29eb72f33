export * from './codes.js';
export * from './labels.js';
export * from './renderBundle.js';
export * from './repositories.js';
export * from './serialize.js';
export { CLUSTER_SCOPED_KINDS } from './components/manifests.js';
export { HELM_RELEASE_API_VERSION } from './components/helm.js';
export {
  DEFAULT_WEBSERVICE_PORT,
  DEFAULT_WEBSERVICE_REPLICAS,
  GPU_RESOURCE,
} from './components/webservice.js';

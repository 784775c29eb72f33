export { boundCauses, evaluate, invalidError, warningHeaders, type FieldValidation } from './admission.js';
export { prefetch, StoreAdmissionReader } from './admissionReader.js';
export {
  PipelineTransaction,
  WritePipeline,
  type DeletePreconditions,
  type WriteOptions,
  type WriteResult,
} from './writePipeline.js';
export { BUILT_IN_NAMESPACES, ensureNamespaces } from './namespaces.js';

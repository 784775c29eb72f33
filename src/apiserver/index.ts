export { boundCauses, evaluate, invalidError, warningHeaders, type FieldValidation } from './admission.js';
export { prefetch, StoreAdmissionReader } from './admissionReader.js';
export { PipelineTransaction, type DeletePreconditions } from './pipelineTransaction.js';
export { WritePipeline, type WriteOptions, type WriteResult } from './writePipeline.js';
export { BUILT_IN_NAMESPACES, ensureNamespaces } from './namespaces.js';

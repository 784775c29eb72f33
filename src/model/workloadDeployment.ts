import { Type, type Static } from '@sinclair/typebox';
import { ObjectMeta } from './metadata.js';
import { Conditions, FreeObject, StrictObject, StringEnum, envelope } from './schema.js';
import { VariableOverrides } from './variables.js';

/** One rendered workload profile of an AIWorkload or ComputePool; created by controllers. */
export const WorkloadDeployment = envelope(
  'spectrocloud.com/v1beta1',
  'WorkloadDeployment',
  ObjectMeta,
  StrictObject({
    owner: StrictObject({
      kind: StringEnum(['AIWorkload', 'ComputePool'] as const),
      name: Type.String({ minLength: 1 }),
    }),
    profileBundle: Type.String({ minLength: 1 }),
    workloadProfile: StrictObject({
      name: Type.String({ minLength: 1 }),
      revision: Type.Integer({ minimum: 1 }),
    }),
    computePool: Type.Optional(Type.String()),
    variables: Type.Optional(VariableOverrides),
  }),
  StrictObject({
    phase: Type.Optional(Type.String()),
    conditions: Type.Optional(Conditions),
    artifact: Type.Optional(FreeObject()),
  }),
  'One rendered workload profile of a deployment.',
);
export type WorkloadDeployment = Static<typeof WorkloadDeployment>;

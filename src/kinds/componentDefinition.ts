/** ComponentDefinition: a reusable component template; checked alone (Valid and Ready like every kind). */
import { findKind, type ComponentDefinition, type KindInfo } from '../model/index.js';
import { checkComponentDefinition } from '../rules/definitionRules.js';
import { evaluatedStatus } from './status.js';
import type { KindModule } from './types.js';

export const componentDefinitionKind: KindModule = {
  info: findKind('ComponentDefinition') as KindInfo,
  check: (o) => checkComponentDefinition(o as unknown as ComponentDefinition),
  checkReferences: () => [], // its rules read no other object
  // `kubectl wait --for=condition=Ready` works on every kind.
  status: (o, e, now) => evaluatedStatus(o, e, now),
};

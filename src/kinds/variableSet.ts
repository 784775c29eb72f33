/** VariableSet: typed variables of a namespace; checked alone (Valid and Ready like every kind). */
import { findKind, type KindInfo, type VariableSet } from '../model/index.js';
import { checkVariables } from '../rules/index.js';
import { evaluatedStatus } from './status.js';
import type { KindModule } from './types.js';

export const variableSetKind: KindModule = {
  info: findKind('VariableSet') as KindInfo,
  check: (o) => checkVariables((o as unknown as VariableSet).spec.variables, ['spec', 'variables']),
  // `kubectl wait --for=condition=Ready` works on every kind.
  status: (o, e, now) => evaluatedStatus(o, e, now),
};

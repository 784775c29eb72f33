/** VariableSet: typed variables of a namespace; checked alone, no status kept. */
import { findKind, type KindInfo, type VariableSet } from '../model/index.js';
import { checkVariables } from '../rules/index.js';
import type { KindModule } from './types.js';

export const variableSetKind: KindModule = {
  info: findKind('VariableSet') as KindInfo,
  check: (o) => checkVariables((o as unknown as VariableSet).spec.variables, ['spec', 'variables']),
};

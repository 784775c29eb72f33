/** ComponentDefinition: a reusable component template; checked alone, no status kept. */
import { findKind, type ComponentDefinition, type KindInfo } from '../model/index.js';
import { checkComponentDefinition } from '../rules/definitionRules.js';
import type { KindModule } from './types.js';

export const componentDefinitionKind: KindModule = {
  info: findKind('ComponentDefinition') as KindInfo,
  check: (o) => checkComponentDefinition(o as unknown as ComponentDefinition),
};

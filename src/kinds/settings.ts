/** Settings: integrations of a namespace; refers to the Secrets that hold their credentials. */
import { findKind, settingsSecretRefs, type KindInfo, type Settings } from '../model/index.js';
import { checkSettings } from '../rules/projectRules.js';
import { evaluatedStatus } from './status.js';
import type { KindModule } from './types.js';

export const settingsKind: KindModule = {
  info: findKind('Settings') as KindInfo,
  reads: ['Secret'],
  references: (o) =>
    settingsSecretRefs((o as unknown as Settings).spec).map(({ name }) => ({ kinds: ['Secret'], name })),
  check: (o, resolver) => checkSettings(o as unknown as Settings, resolver),
  status: (o, e, now) => evaluatedStatus(o, e, now),
};

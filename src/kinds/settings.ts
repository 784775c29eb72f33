/** Settings: integrations of a namespace; refers to the Secrets that hold their credentials. */
import { findKind, type KindInfo, type Settings } from '../model/index.js';
import { checkSettings } from '../rules/projectRules.js';
import { evaluatedStatus } from './status.js';
import type { KindModule } from './types.js';

export const settingsKind: KindModule = {
  info: findKind('Settings') as KindInfo,
  reads: ['Secret'],
  references: (o) => {
    const s = (o as unknown as Settings).spec;
    return [
      s.palette?.apiKeySecretRef.name,
      s.huggingFace?.tokenSecretRef.name,
      s.nvidiaNgc?.apiKeySecretRef.name,
      s.ociRegistry?.credentialsSecretRef?.name,
    ]
      .filter((n): n is string => typeof n === 'string')
      .map((name) => ({ kinds: ['Secret'], name }));
  },
  check: (o, resolver) => checkSettings(o as unknown as Settings, resolver),
  status: (o, e, now) => evaluatedStatus(o, e, now),
};

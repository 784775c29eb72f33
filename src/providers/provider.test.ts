import { describe, expect, it } from 'vitest';
import { KubeconfigProvider } from './kubeconfigProvider.js';
import { NoneProvider } from './noneProvider.js';
import { PaletteProvider } from './paletteProvider.js';
import { providerFor } from './provider.js';
import { ProviderError } from './providerError.js';
import { settings } from './testing/fixtures.js';

describe('providerFor', () => {
  const noSecrets = () => undefined;

  it('chooses none without Settings, without a choice, and when Settings say none', () => {
    expect(providerFor(undefined, noSecrets)).toBeInstanceOf(NoneProvider);
    expect(providerFor(settings(), noSecrets).name).toBe('none');
    expect(providerFor(settings('none'), noSecrets).name).toBe('none');
  });

  it('chooses palette from Settings spec.palette', () => {
    const provider = providerFor(settings('palette'), noSecrets);
    expect(provider).toBeInstanceOf(PaletteProvider);
    expect(provider.name).toBe('palette');
  });

  it('refuses palette when Settings have no spec.palette, saying what to add', () => {
    const s = settings('palette');
    delete s.spec.palette;
    expect(() => providerFor(s, noSecrets)).toThrow(ProviderError);
    expect(() => providerFor(s, noSecrets)).toThrow(/add endpoint, projectUid and apiKeySecretRef/);
  });

  it('chooses kubeconfig, which offers delivery', () => {
    const provider = providerFor(settings('kubeconfig'), noSecrets);
    expect(provider).toBeInstanceOf(KubeconfigProvider);
    expect(typeof provider.deliver).toBe('function');
  });

  it('reads no Secret until a request needs one', () => {
    let reads = 0;
    const counting = () => {
      reads += 1;
      return 'x';
    };
    providerFor(settings('palette'), counting);
    providerFor(settings('kubeconfig'), counting);
    expect(reads).toBe(0);
  });
});

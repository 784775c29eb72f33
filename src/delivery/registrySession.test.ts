import { describe, expect, it } from 'vitest';
import { parseBearerChallenge, parseRegistryUrl } from './registrySession.js';

describe('parseRegistryUrl', () => {
  it('reads Settings oci:// URLs as HTTPS, with a plain HTTP fallback only when insecure', () => {
    expect(parseRegistryUrl('oci://127.0.0.1:5000/paletteai')).toEqual({
      host: '127.0.0.1:5000',
      repository: 'paletteai',
      schemes: ['https'],
    });
    expect(parseRegistryUrl('oci://registry.example.com/team/paletteai/', true)).toEqual({
      host: 'registry.example.com',
      repository: 'team/paletteai',
      schemes: ['https', 'http'],
    });
    expect(parseRegistryUrl('http://127.0.0.1:5000/p', true).schemes).toEqual(['http']);
  });

  it('refuses other schemes, credentials in the URL, a missing or uppercase repository', () => {
    for (const url of [
      'ftp://h/p',
      'oci://user:pw@h/p',
      'oci://h',
      'oci://h/',
      'oci://h/Upper',
      'oci://h/a//b',
    ])
      expect(() => parseRegistryUrl(url, true)).toThrow(/fix Settings ociRegistry.url/);
  });
});

describe('parseBearerChallenge', () => {
  it('reads realm, service and scope of a Bearer challenge and ignores Basic ones', () => {
    expect(
      parseBearerChallenge(
        'Bearer realm="https://auth.example.com/token",service="registry.example.com",scope="repository:p:pull,push"',
      ),
    ).toEqual({
      realm: 'https://auth.example.com/token',
      service: 'registry.example.com',
      scope: 'repository:p:pull,push',
    });
    expect(parseBearerChallenge('Basic realm="registry"')).toBeUndefined();
    expect(parseBearerChallenge(null)).toBeUndefined();
  });
});

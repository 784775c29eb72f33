import { describe, expect, it } from 'vitest';
import type { ClusterProfile } from '../../../src/model/index.js';
import { clusterProfile } from '../../../src/testing/builders.js';
import { mergeOffered, profilesToCopy } from './paletteProfiles';

const withUid = (name: string, uid?: string): ClusterProfile => {
  const p = clusterProfile(name);
  return {
    ...p,
    spec: { ...p.spec, ...(uid ? { uid } : {}) },
    status: { source: 'palette' },
  } as ClusterProfile;
};

describe('the profiles the wizard offers on Palette', () => {
  it('are Palette’s, each replaced by the project’s copy with the same uid', () => {
    const palette = [withUid('edge-1-0-0', 'u1'), withUid('full-2-0-0', 'u2')];
    const local = [withUid('my-edge', 'u1'), withUid('unrelated')];
    const { items, paletteOnly } = mergeOffered(palette, local);
    expect(items.map((p) => p.metadata.name)).toEqual(['my-edge', 'full-2-0-0']);
    expect([...paletteOnly]).toEqual(['full-2-0-0']);
  });

  it('copy only the picked Palette-only ones, without status', () => {
    const palette = [withUid('edge-1-0-0', 'u1'), withUid('full-2-0-0', 'u2')];
    const merged = mergeOffered(palette, [withUid('my-edge', 'u1')]);
    const offered = { ...merged, source: { palette: 'p' }, loading: false } as const;
    const copies = profilesToCopy(['my-edge', 'full-2-0-0'], offered);
    expect(copies.map((p) => p.metadata.name)).toEqual(['full-2-0-0']);
    expect('status' in copies[0]!).toBe(false);
  });
});

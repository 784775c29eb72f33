import { describe, expect, it } from 'vitest';
import { UsageError } from './errors.js';
import { parseDuration } from './options.js';

describe('parseDuration (durations as Kubernetes flags write them)', () => {
  it('reads hours, minutes, seconds and milliseconds, alone or together, and 0', () => {
    expect(parseDuration('--event-ttl', '1h')).toBe(3_600_000);
    expect(parseDuration('--event-ttl', '1h30m0s')).toBe(5_400_000);
    expect(parseDuration('--event-ttl', '90s')).toBe(90_000);
    expect(parseDuration('--event-ttl', '1.5h')).toBe(5_400_000);
    expect(parseDuration('--event-ttl', '250ms')).toBe(250);
    expect(parseDuration('--event-ttl', '0')).toBe(0);
  });

  it('refuses anything else, naming the flag and how to write it', () => {
    for (const bad of ['soon', '', '1', '1d', '1h junk', '-1h', 'h'])
      expect(() => parseDuration('--event-ttl', bad)).toThrow(
        new UsageError(
          `--event-ttl: ${JSON.stringify(bad)} is not a duration; write it as 1h, 30m, 1h30m or 90s, or 0.`,
        ),
      );
  });
});

import { describe, expect, it } from 'vitest';
import { retryAfterMs } from '../../../../adapters/microsoft-graph/retry-after.js';

describe('Retry-After from Microsoft Graph', () => {
  const now = new Date('2026-01-15T09:00:00.000Z');

  it('reads delay-seconds', () => {
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP date as the time left until then, never negative', () => {
    expect(retryAfterMs('Thu, 15 Jan 2026 09:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('Thu, 15 Jan 2026 08:59:00 GMT', now)).toBe(0);
  });

  it('says nothing for an absent or unreadable header', () => {
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(retryAfterMs('', now)).toBeUndefined();
    expect(retryAfterMs('soon', now)).toBeUndefined();
  });
});

/**
 * How long Graph asked us to wait, from a `Retry-After` header: delay-seconds or an HTTP date.
 * Undefined when the header is absent or unreadable.
 */
export function retryAfterMs(header: string | null, now: Date): number | undefined {
  if (header === null || header.trim() === '') {
    return undefined;
  }
  const trimmed = header.trim();
  if (/^\d+$/u.test(trimmed)) {
    return Number(trimmed) * 1000;
  }
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

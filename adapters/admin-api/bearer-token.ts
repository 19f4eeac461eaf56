import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares the request's bearer token with the configured one in constant time. Both are hashed
 * first so the comparison takes the same time whatever their lengths, and so neither length leaks.
 */
export function createBearerCheck(
  expectedToken: string,
): (authorization: string | null) => 'ok' | 'missing' | 'wrong' {
  const expected = digest(expectedToken);
  return (authorization) => {
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization ?? '');
    if (match?.[1] === undefined) {
      return 'missing';
    }
    return timingSafeEqual(digest(match[1]), expected) ? 'ok' : 'wrong';
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

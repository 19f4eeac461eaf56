import { createHash, timingSafeEqual } from 'node:crypto';

export interface NamedToken {
  readonly name: string;
  readonly secret: string;
}

/**
 * Finds which configured token the request's bearer token is, comparing with every one in
 * constant time. Each is hashed first so the comparison takes the same time whatever the
 * lengths, and so no length leaks; every token is compared, so the time does not say which matched.
 */
export function createBearerCheck(
  tokens: readonly NamedToken[],
): (authorization: string | null) => { readonly token: string } | 'missing' | 'wrong' {
  const expected = tokens.map((token) => ({ name: token.name, digest: digest(token.secret) }));
  return (authorization) => {
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization ?? '');
    if (match?.[1] === undefined) {
      return 'missing';
    }
    const given = digest(match[1]);
    let found: string | undefined;
    for (const candidate of expected) {
      if (timingSafeEqual(given, candidate.digest)) {
        found ??= candidate.name;
      }
    }
    return found === undefined ? 'wrong' : { token: found };
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Names of configuration fields that hold a secret: the name ENDS in what the value is (a token,
 * a secret, a password, a key, credentials). Judging by the last word rather than by any word in
 * the name keeps numbers about tokens visible (`tokenBudget`, `summaryMaxTokens`) while every
 * `...Token`, `...Secret` or `...ApiKey` a new slice adds is still covered without being listed.
 */
const SECRET_NAME =
  /(token|tokens|secret|secrets|password|passwd|apikey|api_key|privatekey|private_key|credentials?)$/i;

/** A count or limit named after tokens ("max tokens", "token budget") is never a secret. */
const TOKEN_COUNT_NAME = /(max|min)tokens$/i;

export const REDACTED = '[redacted]';

/**
 * A copy of a parsed configuration with secret values replaced, for `config:check`. Secrets are
 * recognised by what they are: values of secret-named fields, and the password (and, for URLs
 * like `redis://user:pass@host`, the user too) embedded in any URL-shaped value, whatever its
 * field is called. Everything else is shown; unset values appear as `null` so an operator sees
 * every setting, not only those that happen to be set.
 */
export function redactSecrets(value: unknown, fieldName = ''): unknown {
  if (isSecretName(fieldName) && value !== undefined && value !== null && value !== '') {
    return REDACTED;
  }
  if (value === undefined) {
    return null;
  }
  if (typeof value === 'string') {
    return redactUrlCredentials(value);
  }
  if (value instanceof URL) {
    return redactUrlCredentials(value.href);
  }
  if (Array.isArray(value)) {
    return value.map((item) => redactSecrets(item));
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, redactSecrets(inner, key)]));
  }
  return value;
}

function isSecretName(fieldName: string): boolean {
  return SECRET_NAME.test(fieldName) && !TOKEN_COUNT_NAME.test(fieldName);
}

/**
 * `scheme://user:password@host/...` with the password replaced; other strings unchanged. A lone
 * `scheme://word@host` is redacted too: Redis URLs are often written with the password there.
 */
export function redactUrlCredentials(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)@/i, (_match, scheme: string, userInfo: string) => {
    const colon = userInfo.indexOf(':');
    return colon === -1 ? `${scheme}${REDACTED}@` : `${scheme}${userInfo.slice(0, colon)}:${REDACTED}@`;
  });
}

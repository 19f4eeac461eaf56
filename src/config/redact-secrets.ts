/** Names of configuration fields whose values must never be printed or logged. */
const SECRET_NAME = /(token|secret|password|apikey|api_key|privatekey|private_key|credential)/i;

/**
 * A copy of a parsed configuration with secret values replaced, for `config:check` and start-up
 * logs. Decided by field name, so a new slice's `...Token` or `...Secret` is covered without
 * anyone remembering to list it.
 */
export function redactSecrets(value: unknown, fieldName = ''): unknown {
  if (SECRET_NAME.test(fieldName) && value !== undefined && value !== null && value !== '') {
    return '[redacted]';
  }
  if (Array.isArray(value)) {
    return value.map((item) => redactSecrets(item));
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date) && !(value instanceof URL)) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, redactSecrets(inner, key)]));
  }
  return value;
}

export type Method = 'GET' | 'PUT' | 'PATCH' | 'DELETE' | 'POST';

export interface Endpoint<Context> {
  readonly method: Method;
  /** Segments after `/admin`, `:name` for a parameter, e.g. `channels/:platform/:tenantId/:channelId`. */
  readonly pattern: string;
  readonly handle: (
    request: Request,
    params: Readonly<Record<string, string>>,
    context: Context,
  ) => Promise<Response>;
}

export type RouteMatch<Context> =
  | { readonly kind: 'found'; readonly endpoint: Endpoint<Context>; readonly params: Record<string, string> }
  | { readonly kind: 'wrong-method'; readonly allowed: readonly Method[] }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'bad-path' };

/** Matches `/admin/...` paths against a handful of patterns; parameters are URI-decoded. */
export function matchRoute<Context>(
  endpoints: readonly Endpoint<Context>[],
  method: string,
  pathname: string,
): RouteMatch<Context> {
  const segments = pathname
    .replace(/^\/admin\/?/, '')
    .replace(/\/$/, '')
    .split('/');
  const allowed: Method[] = [];
  for (const endpoint of endpoints) {
    const pattern = endpoint.pattern.split('/');
    if (pattern.length !== segments.length) {
      continue;
    }
    const params: Record<string, string> = {};
    let matches = true;
    for (const [index, part] of pattern.entries()) {
      const segment = segments[index] ?? '';
      if (part.startsWith(':')) {
        let decoded: string;
        try {
          decoded = decodeURIComponent(segment);
        } catch {
          return { kind: 'bad-path' };
        }
        params[part.slice(1)] = decoded;
      } else if (part !== segment) {
        matches = false;
        break;
      }
    }
    if (!matches) {
      continue;
    }
    if (endpoint.method === method) {
      return { kind: 'found', endpoint, params };
    }
    allowed.push(endpoint.method);
  }
  return allowed.length > 0 ? { kind: 'wrong-method', allowed } : { kind: 'not-found' };
}

/**
 * An HTTP entry point a platform adapter serves (Slack events, Teams messages...). Fetch-style
 * Request/Response keep adapters independent of the HTTP server that hosts them. A path may end
 * in `/*` to receive everything below it (the admin API routes its own paths).
 */
export interface HttpRoute {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  handle(request: Request): Promise<Response>;
}

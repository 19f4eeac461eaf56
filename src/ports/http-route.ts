/**
 * An HTTP entry point a platform adapter serves (Slack events, Teams messages...). Fetch-style
 * Request/Response keep adapters independent of the HTTP server that hosts them.
 */
export interface HttpRoute {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  handle(request: Request): Promise<Response>;
}

import type { AdminUseCases } from '../../src/admin/admin-use-cases.js';
import type { ShowKnowledgeGaps } from '../../src/gaps/gap-report.js';
import type { Logger } from '../../src/logger.js';
import type { AuditActor } from '../../src/ports/audit-log.js';
import type { HttpRoute } from '../../src/ports/http-route.js';
import { createBearerCheck } from './bearer-token.js';
import { adminEndpoints } from './endpoints.js';
import { gapEndpoints } from './gap-endpoints.js';
import { createOpenApiDocument } from './openapi-document.js';
import { problem } from './responses.js';
import { matchRoute } from './route-table.js';

export interface AdminApiOptions {
  readonly useCases: AdminUseCases;
  /** The bearer token every request must carry; at least 32 characters. */
  readonly token: string;
  readonly logger: Logger;
  /** The knowledge-gap report (`GET /admin/gaps`); absent, the endpoint is not offered. */
  readonly knowledgeGaps?: ShowKnowledgeGaps;
}

/** Names a caller may give itself in X-Steward-Actor, recorded in the audit log as given. */
const ACTOR_NAME = /^[A-Za-z0-9][A-Za-z0-9_.:@ -]{0,63}$/;
const DEFAULT_ACTOR = 'api-token';
const METHODS = ['GET', 'PUT', 'PATCH', 'DELETE', 'POST'] as const;

/**
 * The admin HTTP API under /admin: JSON in and out, a bearer token compared in constant time,
 * described by /admin/openapi.json (served without the token: it holds no data). Served as one
 * route per method for `/admin/*`; the paths below it are routed here.
 */
export function createAdminApiRoutes(options: AdminApiOptions): HttpRoute[] {
  const checkToken = createBearerCheck(options.token);
  const endpoints = [
    ...adminEndpoints(options.useCases),
    ...(options.knowledgeGaps !== undefined ? gapEndpoints(options.knowledgeGaps) : []),
  ];
  const openApi = JSON.stringify(
    createOpenApiDocument({ knowledgeGaps: options.knowledgeGaps !== undefined }),
  );
  const logger = options.logger.child({ component: 'admin-api' });

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === '/admin/openapi.json' && request.method === 'GET') {
      return new Response(openApi, { headers: { 'content-type': 'application/json; charset=utf-8' } });
    }
    const verdict = checkToken(request.headers.get('authorization'));
    if (verdict !== 'ok') {
      logger.warn(
        { reason: verdict, method: request.method, path: url.pathname },
        'admin api request refused',
      );
      return problem(
        401,
        'UNAUTHORIZED',
        verdict === 'missing'
          ? 'Send the admin API token as "Authorization: Bearer <token>".'
          : 'The admin API token is not valid.',
        {},
        { 'www-authenticate': 'Bearer realm="steward-admin"' },
      );
    }
    const match = matchRoute(endpoints, request.method, url.pathname);
    switch (match.kind) {
      case 'found': {
        const response = await match.endpoint.handle(request, match.params, actorOf(request));
        logger.info(
          { method: request.method, path: url.pathname, status: response.status },
          'admin api request',
        );
        return response;
      }
      case 'wrong-method':
        return problem(
          405,
          'METHOD_NOT_ALLOWED',
          `Use ${match.allowed.join(', ')} on ${url.pathname}.`,
          {},
          { allow: match.allowed.join(', ') },
        );
      case 'bad-path':
        return problem(400, 'INVALID_PATH', 'The path is not validly URI-encoded.');
      case 'not-found':
        return problem(
          404,
          'NOT_FOUND',
          `No admin endpoint ${request.method} ${url.pathname}; see /admin/openapi.json.`,
        );
    }
  }

  return METHODS.map((method) => ({ method, path: '/admin/*', handle }));
}

function actorOf(request: Request): AuditActor {
  const named = request.headers.get('x-steward-actor')?.trim();
  return { kind: 'admin-api', id: named !== undefined && ACTOR_NAME.test(named) ? named : DEFAULT_ACTOR };
}

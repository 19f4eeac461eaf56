import type { AdminUseCases } from '../../src/admin/admin-use-cases.js';
import type { ReadUsageReport } from '../../src/budgets/usage-report.js';
import type { ShowKnowledgeGaps } from '../../src/gaps/gap-report.js';
import type { Logger } from '../../src/logger.js';
import type { AuditActor } from '../../src/ports/audit-log.js';
import type { HttpRoute } from '../../src/ports/http-route.js';
import { createBearerCheck, type NamedToken } from './bearer-token.js';
import { adminEndpoints } from './endpoints.js';
import { gapEndpoints } from './gap-endpoints.js';
import { usageEndpoints } from './usage-endpoints.js';
import { peopleEndpoints } from './people-endpoints.js';
import type { PersonalDataRights } from '../../src/privacy/personal-data-rights.js';
import { createOpenApiDocument } from './openapi-document.js';
import { problem } from './responses.js';
import { matchRoute } from './route-table.js';

export interface AdminApiOptions {
  readonly useCases: AdminUseCases;
  /** The bearer tokens a request may carry, each named; the name is the audited actor. */
  readonly tokens: readonly NamedToken[];
  readonly logger: Logger;
  /** The knowledge-gap report (`GET /admin/gaps`); absent, the endpoint is not offered. */
  readonly knowledgeGaps?: ShowKnowledgeGaps;
  /** The chargeback report (`GET /admin/usage`); absent, the endpoint is not offered. */
  readonly usageReport?: ReadUsageReport;
  /** A person's export and erasure (`/admin/people/...`); absent, the endpoints are not offered. */
  readonly personalData?: PersonalDataRights;
  /** The time that picks the current month when a usage request names none. */
  readonly now?: () => Date;
}

const METHODS = ['GET', 'PUT', 'PATCH', 'DELETE', 'POST'] as const;

/**
 * The admin HTTP API under /admin: JSON in and out, a bearer token compared in constant time,
 * described by /admin/openapi.json (served without the token: it holds no data). Served as one
 * route per method for `/admin/*`; the paths below it are routed here.
 */
export function createAdminApiRoutes(options: AdminApiOptions): HttpRoute[] {
  const checkToken = createBearerCheck(options.tokens);
  const endpoints = [
    ...adminEndpoints(options.useCases),
    ...(options.knowledgeGaps !== undefined ? gapEndpoints(options.knowledgeGaps) : []),
    ...(options.usageReport !== undefined ? usageEndpoints(options.usageReport, options.now ?? (() => new Date())) : []),
    ...(options.personalData !== undefined ? peopleEndpoints(options.personalData) : []),
  ];
  const openApi = JSON.stringify(
    createOpenApiDocument({
      knowledgeGaps: options.knowledgeGaps !== undefined,
      usage: options.usageReport !== undefined,
      people: options.personalData !== undefined,
    }),
  );
  const logger = options.logger.child({ component: 'admin-api' });

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === '/admin/openapi.json' && request.method === 'GET') {
      return new Response(openApi, { headers: { 'content-type': 'application/json; charset=utf-8' } });
    }
    const verdict = checkToken(request.headers.get('authorization'));
    if (typeof verdict === 'string') {
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
        // The audit log names the token that was presented: who holds it is known to whoever
        // issued it, while a name the caller gives itself proves nothing.
        const actor: AuditActor = { kind: 'admin-api', id: verdict.token };
        const response = await match.endpoint.handle(request, match.params, actor);
        logger.info(
          { method: request.method, path: url.pathname, status: response.status, token: verdict.token },
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

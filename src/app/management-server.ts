import type { CoreConfig } from '../config/core-config.js';
import type { Logger } from '../logger.js';
import type { HttpRoute } from '../ports/http-route.js';
import type { ReadinessCheck } from '../../adapters/http/readiness.js';
import { startHttpServer, type RunningHttpServer } from '../../adapters/http/http-server.js';

/**
 * The operators' HTTP server: `/healthz`, `/readyz` (which names internal hosts and says why a
 * dependency failed) and `/metrics` (usage and cost). It listens on MANAGEMENT_PORT, on loopback
 * unless MANAGEMENT_HOST says otherwise, so none of it is served to the internet next to the
 * platforms' webhooks on PORT.
 */
export function startManagementServer(
  config: Pick<CoreConfig, 'management'>,
  dependencies: { readonly readinessChecks: readonly ReadinessCheck[]; readonly metrics: HttpRoute; readonly logger: Logger },
): Promise<RunningHttpServer> {
  return startHttpServer({
    name: 'management',
    port: config.management.port,
    host: config.management.host,
    logger: dependencies.logger,
    readinessChecks: dependencies.readinessChecks,
    routes: [dependencies.metrics],
  });
}

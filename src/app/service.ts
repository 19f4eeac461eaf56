import { parseAppConfig } from '../config/app-config.js';
import { loadEnv } from '../config/environment.js';
import { createLogger } from '../logger.js';
import { runProcess } from './process-lifecycle.js';
import { startService } from './start-service.js';

/** `npm start`: validate configuration, start, and stop cleanly on SIGTERM/SIGINT. */
runProcess('Steward', async () => {
  const env = loadEnv();
  const config = parseAppConfig(env);
  const logger = createLogger({ level: config.core.logLevel });
  const service = await startService(config, { logger, approvals: { env } });
  logger.info({ url: `http://localhost:${service.http.port}`, nodeEnv: config.core.nodeEnv }, 'steward started');
  return { logger, stop: () => service.stop(), graceMs: config.core.shutdownGraceMs };
});

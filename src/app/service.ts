import { parseAppConfig } from '../config/app-config.js';
import { loadEnv } from '../config/environment.js';
import { createLogger } from '../logger.js';
import { runProcess } from './process-lifecycle.js';
import { startService } from './start-service.js';
import { startProcessTracing } from './tracing.js';
import { type SupervisedWorker, superviseAnswerWorker } from './worker-child.js';

/** `npm start`: validate configuration, start, and stop cleanly on SIGTERM/SIGINT. */
runProcess('Steward', async () => {
  const env = loadEnv();
  const config = parseAppConfig(env);
  const tracer = await startProcessTracing(config, 'web');
  const logger = createLogger({ level: config.core.logLevel, ...(tracer.enabled ? { traceIds: () => tracer.currentIds() } : {}) });
  // Answers run in a worker process, never on the event loop that acknowledges requests.
  const service = await startService(config, { logger, approvals: { env }, answerWorker: false, tracer });
  let worker: SupervisedWorker | undefined;
  if (service.answers?.mode === 'redis' && config.answers.worker === 'embedded') {
    worker = superviseAnswerWorker(logger, ['--answers-only']);
  }
  logger.info(
    {
      url: `http://localhost:${service.http.port}`,
      nodeEnv: config.core.nodeEnv,
      answers: service.answers?.mode ?? 'none',
      answerWorker: worker ? 'child process' : service.answers?.mode === 'in-process' ? 'this process' : 'elsewhere',
    },
    'steward started',
  );
  return {
    logger,
    graceMs: config.core.shutdownGraceMs,
    // Together: Ctrl-C reaches the child too, and its exit must not look like a crash to restart.
    stop: async () => {
      await Promise.all([service.stop(), worker?.stop()]);
      // Last: the spans of the requests that finished while stopping are sent too.
      await tracer.shutdown();
    },
  };
});

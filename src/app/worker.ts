import { systemClock } from '../clock.js';
import { parseAppConfig } from '../config/app-config.js';
import { loadEnv } from '../config/environment.js';
import { createLogger } from '../logger.js';
import { runProcess } from './process-lifecycle.js';
import { startWorker } from './start-service.js';
import { startProcessTracing } from './tracing.js';

/** Given by `npm start` to the answer worker it runs beside itself (worker-child.ts): the service runs the approval jobs. */
const ANSWERS_ONLY_FLAG = '--answers-only';

/**
 * `npm run worker`: answers queued questions and runs approved actions and expiries, for running
 * more of them than service instances (start several; job ids and the store's conditional
 * writes keep every answer and outcome single).
 */
runProcess('The worker', async () => {
  const answersOnly = process.argv.includes(ANSWERS_ONLY_FLAG);
  const env = loadEnv();
  const config = parseAppConfig(env);
  const tracer = await startProcessTracing(config, 'worker');
  const logger = createLogger({
    level: config.core.logLevel,
    ...(tracer.enabled ? { traceIds: () => tracer.currentIds() } : {}),
  }).child({
    process: answersOnly ? 'answer-worker' : 'worker',
  });
  const worker = await startWorker(config, {
    logger,
    clock: systemClock,
    approvals: { env },
    // Card updates need the chat platforms' connections: the service processes do them.
    approvalQueues: { work: !answersOnly, notices: false },
    tracer,
  });
  logger.info(
    {
      answers: worker.answers?.mode ?? 'none (no platform queues questions)',
      concurrency: config.answers.concurrency,
      approvals: !answersOnly,
    },
    'worker started',
  );
  if (process.send !== undefined) {
    // Started by `npm start`: a service that is gone (even killed) takes its worker with it.
    process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  }
  return {
    logger,
    stop: async () => {
      await worker.stop();
      // Last: the spans of the answers that finished while stopping are sent too.
      await tracer.shutdown();
    },
    graceMs: config.core.shutdownGraceMs,
  };
});

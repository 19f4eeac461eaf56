import { z } from 'zod';
import { positiveInt } from './environment.js';

/** Answers as durable jobs: the queue, the workers that take its jobs, and their limits. */
export const answersConfigSchema = z
  .object({
    /**
     * `embedded`: `npm start` also runs an answer worker, in a child process of its own so the
     * acknowledgements never wait behind answering; `off`: this process only acknowledges and
     * queues (run `npm run worker` elsewhere).
     */
    ANSWER_WORKER: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z.enum(['embedded', 'off']).default('embedded'),
    ),
    ANSWER_QUEUE_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or -')
      .default('steward'),
    /** Answers one worker process writes at once. */
    ANSWER_WORKER_CONCURRENCY: positiveInt(8, 500),
    /** Answers started per minute across every worker: the model's quota (Bedrock's is per account and region). */
    ANSWER_RATE_LIMIT_PER_MINUTE: positiveInt(600, 1_000_000),
    /** A question waiting longer than this shows a "queued" message until a worker takes it. */
    ANSWER_QUEUED_NOTICE_SECONDS: positiveInt(5, 600),
    /**
     * How long a worker holds a job without renewing its lock: a killed worker's answer is taken
     * over by another after about this long (and twice it at most).
     */
    ANSWER_JOB_LOCK_SECONDS: positiveInt(30, 600),
  })
  .transform((env) => ({
    worker: env.ANSWER_WORKER,
    queuePrefix: env.ANSWER_QUEUE_PREFIX,
    concurrency: env.ANSWER_WORKER_CONCURRENCY,
    ratePerMinute: env.ANSWER_RATE_LIMIT_PER_MINUTE,
    queuedNoticeMs: env.ANSWER_QUEUED_NOTICE_SECONDS * 1000,
    lockMs: env.ANSWER_JOB_LOCK_SECONDS * 1000,
  }));

export type AnswersConfig = z.output<typeof answersConfigSchema>;

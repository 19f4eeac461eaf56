import { z } from 'zod';
import { optionalString, positiveInt } from './environment.js';

/** The approval workflow: action catalogue, webhook signing, queue and worker. */
export const approvalsConfigSchema = z
  .object({
    NODE_ENV: z.string().optional(),
    ACTIONS_FILE: optionalString,
    ACTIONS_SIGNING_SECRET: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z.string().min(32, 'must be at least 32 characters').optional(),
    ),
    APPROVALS_WORKER: z.enum(['in-process', 'off']).default('in-process'),
    APPROVALS_QUEUE_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or -')
      .default('steward'),
    APPROVALS_CONCURRENCY: positiveInt(10, 100),
    APPROVALS_RECONCILE_SECONDS: positiveInt(60, 3600),
    APPROVALS_RETENTION_DAYS: positiveInt(400, 3650),
    APPROVAL_PROPOSAL_MINUTES: positiveInt(60, 7 * 24 * 60),
    ACTION_RETRY_BASE_MS: positiveInt(2000, 600_000),
  })
  .refine((env) => env.NODE_ENV !== 'production' || env.ACTIONS_SIGNING_SECRET !== undefined, {
    path: ['ACTIONS_SIGNING_SECRET'],
    message: 'is required in production: it signs every action webhook so receivers can verify it',
    // Checked even when other variables are invalid, so start-up lists this problem with theirs.
    when: (payload) => {
      const value = payload.value as { NODE_ENV?: unknown };
      return value.NODE_ENV === 'production';
    },
  })
  .transform((env) => ({
    actionsFile: env.ACTIONS_FILE,
    signingSecret: env.ACTIONS_SIGNING_SECRET,
    worker: env.APPROVALS_WORKER,
    queuePrefix: env.APPROVALS_QUEUE_PREFIX,
    concurrency: env.APPROVALS_CONCURRENCY,
    reconcileSeconds: env.APPROVALS_RECONCILE_SECONDS,
    retentionDays: env.APPROVALS_RETENTION_DAYS,
    proposalMinutes: env.APPROVAL_PROPOSAL_MINUTES,
    retryBaseMs: env.ACTION_RETRY_BASE_MS,
  }));

export type ApprovalsConfig = z.output<typeof approvalsConfigSchema>;

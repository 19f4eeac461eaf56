import { z } from 'zod';
import { actionIdSchema, approverSpecSchema } from '../../src/channels/channel-settings.js';

/** One action as written in the catalogue file (docs/actions.md describes every field). */
export const actionEntrySchema = z
  .object({
    id: actionIdSchema,
    title: z.string().trim().min(1).max(80),
    description: z.string().trim().min(1).max(1000),
    examples: z.array(z.string().trim().min(1).max(300)).max(50).default([]),
    risk: z.enum(['low', 'medium', 'high']),
    /** Distinct approvers needed; defaults to 0 for low risk and 1 otherwise. */
    quorum: z.number().int().min(0).max(10).optional(),
    approvers: approverSpecSchema.default({ users: [], groups: [] }),
    expiryHours: z
      .number()
      .positive()
      .max(24 * 30)
      .default(24),
    /** Executor attempts before a retryable failure (HTTP 5xx, 429, timeout) becomes final. */
    maxAttempts: z.number().int().min(1).max(20).default(5),
    /**
     * The receiver acts at most once per Idempotency-Key, so an attempt whose outcome is unknown
     * (a timeout, an interrupted worker) may be sent again. Otherwise such an attempt ends the
     * request as `unknown` for a person to check.
     */
    idempotent: z.boolean().default(false),
    /** A JSON Schema (draft 2020-12) for the parameters: an object schema. */
    parameters: z.record(z.string(), z.unknown()).default({ type: 'object', properties: {} }),
    executor: z.looseObject({ type: z.string().min(1) }),
  })
  .strict()
  .superRefine((entry, context) => {
    // Separation of duties: someone other than the requester approves anything not low-risk.
    if (entry.risk !== 'low' && entry.quorum === 0) {
      context.addIssue({
        code: 'custom',
        path: ['quorum'],
        message: `a ${entry.risk}-risk action needs at least one approver`,
      });
    }
  });

export const catalogueFileSchema = z
  .object({
    actions: z.array(z.unknown()).max(500),
  })
  .strict();

export type ActionEntry = z.output<typeof actionEntrySchema>;

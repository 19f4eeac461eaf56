import { z } from 'zod';

/*
 * How the bot behaves in one channel. Admins change these (in Slack, in Teams, by API or from a
 * YAML file); every part of the service reads them through ChannelSettingsReader. The schema is
 * the single source of validation: an invalid change is refused whole, with every problem named.
 */

const PLATFORM_ID = /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,199}$/;

/** Whether the schema takes `id` as a user, group or channel id of some platform (after trimming). */
export function isPlatformId(id: string): boolean {
  return PLATFORM_ID.test(id.trim());
}

const platformIdList = z
  .array(z.string().trim().regex(PLATFORM_ID, 'must be a platform id (letters, digits, _ . : @ -)'))
  .max(500);

/** Who may decide: user ids and, in Slack, user group ids (resolved when the button is clicked). */
export const approverSpecSchema = z
  .object({
    users: platformIdList.default([]),
    groups: platformIdList.default([]),
  })
  .strict();

export const actionIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be lower-case letters, digits, _ or -, at most 64 characters');

/** An action the channel allows, with optional overrides of the catalogue's defaults. */
export const allowedActionSchema = z
  .object({
    actionId: actionIdSchema,
    approvers: approverSpecSchema.optional(),
    /** Distinct approvers needed; 0 runs at once (still audited). */
    quorum: z.number().int().min(0).max(10).optional(),
    expiryHours: z
      .number()
      .positive()
      .max(24 * 30)
      .optional(),
  })
  .strict();

export const knowledgeSourceSchema = z.discriminatedUnion('kind', [
  /** Whatever the service is configured with (the local folder, or the configured Bedrock knowledge base). */
  z.object({ kind: z.literal('default') }).strict(),
  /** A sub-folder (collection) of the local knowledge folder; the whole folder when absent. */
  z
    .object({
      kind: z.literal('local'),
      collection: z
        .string()
        .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'must be a folder name (letters, digits, _ or -)')
        .optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('bedrock'),
      knowledgeBaseId: z
        .string()
        .regex(/^[0-9A-Za-z]{10}$/, 'must be a 10-character Bedrock knowledge base id'),
      /** A Bedrock RetrievalFilter (equals, in, andAll...), passed through as written. */
      filter: z.record(z.string(), z.unknown()).optional(),
      numberOfResults: z.number().int().min(1).max(100).optional(),
      searchType: z.enum(['HYBRID', 'SEMANTIC']).optional(),
    })
    .strict(),
]);

export const accessPolicySchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('everyone') }).strict(),
  z
    .object({
      mode: z.literal('listed'),
      users: platformIdList.default([]),
      groups: platformIdList.default([]),
    })
    .strict(),
]);

/** A cost centre's name as finance knows it ("finance", "HR-EMEA", "cc/4410"). */
export const costCentreSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9 _.:/-]{0,63}$/, 'must be 1-64 letters, digits, spaces or _ . : / -');

/** Monthly limits on model use; what happens once one is reached. */
export const budgetSchema = z
  .object({
    monthlyTokens: z.number().int().min(1).max(1_000_000_000_000).optional(),
    monthlyUsd: z.number().positive().max(10_000_000).optional(),
    /** `refuse`: a polite refusal until the month ends or an admin raises the budget; `local`: answer with the offline extractive answerer. */
    whenExceeded: z.enum(['refuse', 'local']).default('refuse'),
  })
  .strict();

export const channelSettingsSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** `mentions`: answer mentions, DMs and follow-ups in threads the bot is in; `all`: every message. */
    replyMode: z.enum(['mentions', 'all']).default('mentions'),
    knowledge: knowledgeSourceSchema.default({ kind: 'default' }),
    /** A Bedrock model id overriding the service's default model. */
    modelId: z.string().trim().min(1).max(256).optional(),
    guardrail: z
      .object({ id: z.string().trim().min(1).max(64), version: z.string().trim().min(1).max(16) })
      .strict()
      .optional(),
    /** Extra instructions for the model in this channel (tone, audience). */
    persona: z.string().trim().max(2000).optional(),
    actions: z.array(allowedActionSchema).max(50).default([]),
    /** Approvers for every allowed action that names none of its own. */
    approvers: approverSpecSchema.default({ users: [], groups: [] }),
    /** A channel (same platform and workspace) where approval cards are also posted. */
    approversChannelId: z.string().trim().regex(PLATFORM_ID, 'must be a channel id (letters, digits, _ . : @ -)').optional(),
    /** Overrides HISTORY_RETENTION_DAYS for conversations in this channel. */
    retentionDays: z.number().int().min(1).max(3650).optional(),
    access: accessPolicySchema.default({ mode: 'everyone' }),
    /** Messages one person may send the bot per minute in this channel. */
    userMessagesPerMinute: z.number().int().min(1).max(600).optional(),
    /**
     * Personal data people type (emails, card numbers, access keys...): `mask` replaces it before
     * it reaches a model or the history, `refuse` turns such a message away, `off` keeps it as typed.
     */
    personalData: z.enum(['mask', 'refuse', 'off']).default('mask'),
    /** Who pays for this channel's answers: usage is reported, and budgeted, per cost centre. */
    costCentre: costCentreSchema.optional(),
    /** This channel's own monthly limits (its cost centre may have others, see COST_CENTRE_BUDGETS). */
    budget: budgetSchema.optional(),
  })
  .strict()
  .superRefine((settings, context) => {
    const seen = new Set<string>();
    settings.actions.forEach((action, index) => {
      if (seen.has(action.actionId)) {
        context.addIssue({
          code: 'custom',
          path: ['actions', index, 'actionId'],
          message: `action ${action.actionId} is listed twice`,
        });
      }
      seen.add(action.actionId);
    });
  });

export type ChannelSettings = z.output<typeof channelSettingsSchema>;
export type ChannelSettingsInput = z.input<typeof channelSettingsSchema>;
export type ApproverSpec = z.output<typeof approverSpecSchema>;
export type AllowedAction = z.output<typeof allowedActionSchema>;
export type KnowledgeSource = z.output<typeof knowledgeSourceSchema>;
export type AccessPolicy = z.output<typeof accessPolicySchema>;
export type Budget = z.output<typeof budgetSchema>;

/** The settings of a channel nobody has configured. */
export function defaultChannelSettings(): ChannelSettings {
  return channelSettingsSchema.parse({});
}

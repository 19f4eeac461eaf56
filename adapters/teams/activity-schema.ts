import { z } from 'zod';

/*
 * What Steward reads from an inbound Bot Framework activity. Everything else an activity carries
 * is kept (loose objects) and handed to botbuilder untouched; these fields are checked because
 * the adapter relies on them, and an activity without them is rejected before anything runs.
 */

const channelAccountSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional(),
  aadObjectId: z.string().optional(),
  role: z.string().optional(),
  /** The person's home tenant, when Teams names it (a `TeamsChannelAccount` field). */
  tenantId: z.string().optional(),
});

const entitySchema = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  mentioned: z.looseObject({ id: z.string(), name: z.string().optional() }).optional(),
});

export const inboundActivitySchema = z.looseObject({
  type: z.string().min(1).max(64),
  id: z.string().min(1).max(512).optional(),
  name: z.string().max(256).optional(),
  channelId: z.string().min(1).max(64),
  serviceUrl: z.url({ protocol: /^https?$/ }),
  timestamp: z.string().optional(),
  from: channelAccountSchema,
  recipient: channelAccountSchema,
  conversation: z.looseObject({
    id: z.string().min(1).max(1024),
    conversationType: z.string().optional(),
    tenantId: z.string().optional(),
    isGroup: z.boolean().optional(),
    name: z.string().optional(),
  }),
  text: z.string().optional(),
  textFormat: z.string().optional(),
  locale: z.string().optional(),
  replyToId: z.string().optional(),
  entities: z.array(entitySchema).optional(),
  value: z.unknown().optional(),
  membersAdded: z.array(channelAccountSchema).optional(),
  channelData: z
    .looseObject({
      tenant: z.looseObject({ id: z.string() }).optional(),
      channel: z.looseObject({ id: z.string() }).optional(),
      team: z.looseObject({ id: z.string() }).optional(),
    })
    .optional(),
});

export type InboundActivity = z.output<typeof inboundActivitySchema>;

/** Field paths of the problems, never their values: an activity may carry message text. */
export function describeActivityProblems(error: z.ZodError): string[] {
  return error.issues
    .slice(0, 10)
    .map((issue) => `${issue.path.map(String).join('.') || '(activity)'}: ${issue.message}`);
}

import { z } from 'zod';
import type { ActionProposal, ApprovalRequest } from '../../src/approval-rules/approval-types.js';
import { StewardError } from '../../src/errors.js';
import type { PostedMessage } from '../../src/ports/chat-messenger.js';

/*
 * Proposals and requests are stored as one JSON attribute (`record`) beside the few top-level
 * attributes that conditions and indexes need (status, version, keys). JSON keeps the parameters
 * exactly as validated (numbers, nesting, key order), which the parameters hash depends on, and
 * every read is checked against these schemas so a hand-edited item cannot slip through.
 */

const date = z.iso.datetime().transform((value) => new Date(value));
const platform = z.enum(['slack', 'teams', 'cli']);

const person = z.object({
  platform,
  tenantId: z.string(),
  userId: z.string(),
  name: z.string().optional(),
  directoryId: z.string().optional(),
});

const conversationRef = z.object({
  platform,
  tenantId: z.string(),
  channelId: z.string(),
  threadId: z.string(),
});

const evidence = z.object({
  excerpt: z.array(z.object({ authorId: z.string(), authorName: z.string().optional(), text: z.string() })),
  citations: z.array(
    z.object({
      index: z.number(),
      source: z.string(),
      title: z.string(),
      snippet: z.string(),
      score: z.number(),
      url: z.string().optional(),
    }),
  ),
});

const action = z.object({
  actionId: z.string(),
  title: z.string(),
  target: z.string(),
  risk: z.enum(['low', 'medium', 'high']),
  parameters: z.record(z.string(), z.unknown()),
  parametersHash: z.string(),
});

const policy = z.object({
  quorum: z.number().int().min(0),
  approvers: z.object({ users: z.array(z.string()), groups: z.array(z.string()) }),
  expiryHours: z.number().positive(),
  approversChannelId: z.string().optional(),
});

/** Parameters the model took from retrieved documents (ParameterFlag). */
const flaggedParameters = z.array(z.object({ name: z.string(), foundIn: z.array(z.string()) })).optional();

/** People the reason or parameters quote (QuotedPerson). */
const quotes = z.array(z.object({ userId: z.string(), quotedAs: z.array(z.string()) })).optional();

const proposalSchema = z.object({
  id: z.string(),
  action,
  policy,
  requester: person,
  origin: conversationRef,
  reason: z.string(),
  evidence,
  source: z.enum(['command', 'suggestion', 'model']),
  missing: z.array(z.string()),
  flaggedParameters,
  quotes,
  createdAt: date,
  validUntil: date,
  signedValues: z.literal(true).optional(),
});

const requestSchema = z.object({
  id: z.string(),
  action,
  policy,
  requester: person,
  origin: conversationRef,
  reason: z.string(),
  evidence,
  flaggedParameters,
  quotes,
  status: z.enum([
    'pending',
    'approved',
    'executing',
    'succeeded',
    'failed',
    'unknown',
    'rejected',
    'expired',
    'cancelled',
  ]),
  decisions: z.array(
    z.object({ verdict: z.enum(['approve', 'reject']), by: person, at: date, reason: z.string().optional() }),
  ),
  createdAt: date,
  updatedAt: date,
  decideBy: date,
  cancelledBy: person.optional(),
  cancelledBecause: z.string().optional(),
  proposedByModel: z.boolean().optional(),
  attempts: z.number().int().min(0),
  attemptsFailed: z.number().int().min(0).optional(),
  outcome: z
    .object({
      ok: z.boolean(),
      unknown: z.boolean().optional(),
      summary: z.string(),
      at: date,
      attempts: z.number().int(),
    })
    .optional(),
  renewedAs: z.string().optional(),
  renewalOf: z.string().optional(),
  signedValues: z.literal(true).optional(),
  version: z.number().int().min(1),
});

const postedMessageSchema = z.object({
  address: z.object({
    platform,
    tenantId: z.string(),
    channelId: z.string(),
    threadId: z.string().optional(),
  }),
  messageId: z.string(),
  permalink: z.string().optional(),
});

export function recordJson(value: ActionProposal | ApprovalRequest | PostedMessage): string {
  return JSON.stringify(value);
}

export function proposalFromJson(json: unknown): ActionProposal {
  return parse(proposalSchema, json, 'proposal') as ActionProposal;
}

export function requestFromJson(json: unknown): ApprovalRequest {
  return parse(requestSchema, json, 'approval request') as ApprovalRequest;
}

export function postedMessageFromJson(json: unknown): PostedMessage {
  return parse(postedMessageSchema, json, 'approval card') as PostedMessage;
}

function parse(schema: z.ZodType, json: unknown, what: string): unknown {
  let value: unknown;
  try {
    value = typeof json === 'string' ? JSON.parse(json) : undefined;
  } catch (error) {
    throw new StewardError('INTERNAL', `Malformed ${what} in DynamoDB`, { cause: error });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new StewardError('INTERNAL', `Malformed ${what} in DynamoDB`, { cause: parsed.error });
  }
  return withoutUndefined(parsed.data);
}

/** zod leaves absent optional keys absent, but be explicit: stored records never carry `undefined`. */
function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(withoutUndefined);
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, inner]) => inner !== undefined)
        .map(([key, inner]) => [key, withoutUndefined(inner)]),
    );
  }
  return value;
}

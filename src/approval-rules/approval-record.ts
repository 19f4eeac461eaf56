import { z } from 'zod';
import { APPROVAL_STATUSES, type ActionProposal, type ApprovalRequest } from './approval-types.js';

/*
 * Proposals and requests as JSON, the one shape every copy of them is read back from: the store's
 * record, and the approved request an execution job carries. Dates are ISO strings there. Reading
 * checks the whole record, so a hand-edited item or an altered job cannot slip through, and keeps
 * the keys in the order they were written: a request read back serialises to the very JSON it was
 * read from, which the store's whole-record guard (UpdateGuard.storedAs) compares.
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
  status: z.enum(APPROVAL_STATUSES),
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

export type RecordReading<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: z.ZodError };

/** A request from its JSON value (already parsed from text), or why it is not one. */
export function readApprovalRequest(written: unknown): RecordReading<ApprovalRequest> {
  return read(requestSchema, written) as RecordReading<ApprovalRequest>;
}

/** A proposal from its JSON value (already parsed from text), or why it is not one. */
export function readActionProposal(written: unknown): RecordReading<ActionProposal> {
  return read(proposalSchema, written) as RecordReading<ActionProposal>;
}

function read(schema: z.ZodType, written: unknown): RecordReading<unknown> {
  const parsed = schema.safeParse(written);
  return parsed.success
    ? { ok: true, value: inWrittenOrder(written, parsed.data) }
    : { ok: false, error: parsed.error };
}

/**
 * The parsed value with its object keys in the order of the written one (zod returns its schema's
 * order). Keys zod dropped stay dropped, and absent optional keys are never present as undefined.
 */
function inWrittenOrder(written: unknown, parsed: unknown): unknown {
  if (Array.isArray(parsed)) {
    const items: readonly unknown[] = Array.isArray(written) ? written : [];
    return parsed.map((item, index) => inWrittenOrder(items[index], item));
  }
  if (!isPlainObject(parsed)) {
    return parsed;
  }
  const source = isPlainObject(written) ? written : {};
  const keys = [
    ...Object.keys(source).filter((key) => key in parsed),
    ...Object.keys(parsed).filter((key) => !(key in source)),
  ];
  const ordered: Record<string, unknown> = {};
  for (const key of keys) {
    if (parsed[key] !== undefined) {
      ordered[key] = inWrittenOrder(source[key], parsed[key]);
    }
  }
  return ordered;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

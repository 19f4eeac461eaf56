import { z } from 'zod';
import type { Citation, Turn, TurnFeedback } from '../../src/conversation/types.js';
import type { TokenUsage } from '../../src/conversation/usage.js';
import { StewardError } from '../../src/errors.js';
import { EXPIRES_AT, PARTITION_KEY, SORT_KEY, TURN_SK_PREFIX, turnSk } from './table-design.js';

/*
 * Dates are stored as ISO strings (readable in the console, sortable); the turn id is not repeated
 * in an attribute because the sort key already carries it.
 */

const citationSchema = z.object({
  index: z.number(),
  source: z.string(),
  title: z.string(),
  snippet: z.string(),
  score: z.number(),
  url: z.string().optional(),
});

const feedbackSchema = z.object({
  rating: z.enum(['up', 'down']),
  by: z.string(),
  at: z.string(),
});

const usageSchema = z.object({
  inputTokens: z.number(),
  outputTokens: z.number(),
  costUsd: z.number().optional(),
  modelId: z.string().optional(),
});

const turnItemSchema = z.object({
  [SORT_KEY]: z.string().startsWith(TURN_SK_PREFIX),
  authorId: z.string(),
  authorName: z.string().optional(),
  question: z.string(),
  answer: z.string(),
  citations: z.array(citationSchema),
  found: z.boolean(),
  at: z.string(),
  feedback: feedbackSchema.optional(),
  usage: usageSchema.optional(),
  unanswered: z.enum(['blocked-question', 'blocked-answer', 'failed']).optional(),
  conversationScope: z.enum(['private', 'channel']).optional(),
  [EXPIRES_AT]: z.number(),
});

export type FeedbackAttribute = z.output<typeof feedbackSchema>;

export function toTurnItem(pk: string, turn: Turn, expiresAt: number): Record<string, unknown> {
  return {
    [PARTITION_KEY]: pk,
    [SORT_KEY]: turnSk(turn.id),
    entity: 'turn',
    authorId: turn.author.id,
    ...(turn.author.name !== undefined ? { authorName: turn.author.name } : {}),
    question: turn.question,
    answer: turn.answer,
    citations: turn.citations.map(toCitationAttribute),
    found: turn.found,
    at: turn.at.toISOString(),
    ...(turn.feedback !== undefined ? { feedback: toFeedbackAttribute(turn.feedback) } : {}),
    ...(turn.usage !== undefined ? { usage: toUsageAttribute(turn.usage) } : {}),
    ...(turn.unanswered !== undefined ? { unanswered: turn.unanswered } : {}),
    // Always written, so a turn stored before it existed (scope unknown) is told apart from a
    // channel's: only turns whose scope is known are ever listed as knowledge gaps.
    conversationScope: turn.privateConversation === true ? 'private' : 'channel',
    [EXPIRES_AT]: expiresAt,
  };
}

/** Where a stored turn was asked; undefined for turns stored before the scope was recorded. */
export function conversationScopeOf(item: Record<string, unknown>): 'private' | 'channel' | undefined {
  const scope = item.conversationScope;
  return scope === 'private' || scope === 'channel' ? scope : undefined;
}

function toUsageAttribute(usage: TokenUsage): TokenUsage {
  return {
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    ...(usage.costUsd !== undefined ? { costUsd: usage.costUsd } : {}),
    ...(usage.modelId !== undefined ? { modelId: usage.modelId } : {}),
  };
}

export function toFeedbackAttribute(feedback: TurnFeedback): FeedbackAttribute {
  return { rating: feedback.rating, by: feedback.by, at: feedback.at.toISOString() };
}

function toCitationAttribute(citation: Citation): Citation {
  return {
    index: citation.index,
    source: citation.source,
    title: citation.title,
    snippet: citation.snippet,
    score: citation.score,
    ...(citation.url !== undefined ? { url: citation.url } : {}),
  };
}

export function fromTurnItem(item: Record<string, unknown>): Turn {
  const parsed = turnItemSchema.safeParse(item);
  if (!parsed.success) {
    throw new StewardError('INTERNAL', `Malformed turn item ${String(item[SORT_KEY])} in DynamoDB`, {
      cause: parsed.error,
    });
  }
  const data = parsed.data;
  return {
    id: data[SORT_KEY].slice(TURN_SK_PREFIX.length),
    author:
      data.authorName !== undefined ? { id: data.authorId, name: data.authorName } : { id: data.authorId },
    question: data.question,
    answer: data.answer,
    citations: data.citations.map((citation) => ({
      index: citation.index,
      source: citation.source,
      title: citation.title,
      snippet: citation.snippet,
      score: citation.score,
      ...(citation.url !== undefined ? { url: citation.url } : {}),
    })),
    found: data.found,
    at: new Date(data.at),
    ...(data.feedback !== undefined
      ? { feedback: { rating: data.feedback.rating, by: data.feedback.by, at: new Date(data.feedback.at) } }
      : {}),
    ...(data.usage !== undefined ? { usage: toUsageAttribute(data.usage) } : {}),
    ...(data.unanswered !== undefined ? { unanswered: data.unanswered } : {}),
    ...(data.conversationScope === 'private' ? { privateConversation: true } : {}),
  };
}

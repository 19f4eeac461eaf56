import { z } from 'zod';
import { channelKeySchema } from './api-schemas.js';

/* The knowledge-gap report's wire shapes; the OpenAPI document is generated from them. */

const idPart = z.string().min(1).max(200);
const time = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);

export const gapQuerySchema = z
  .object({
    platform: z.enum(['slack', 'teams', 'cli']).optional(),
    tenantId: idPart.optional().meta({ description: 'With `platform`: that workspace or tenant only' }),
    channelId: idPart.optional().meta({ description: 'With `platform` and `tenantId`: that channel only' }),
    since: time
      .optional()
      .meta({ description: 'Inclusive start (ISO 8601 time or date); 30 days before `until` when absent' }),
    until: time.optional().meta({ description: 'Exclusive end (ISO 8601 time or date); now when absent' }),
  })
  .superRefine((query, context) => {
    if (query.channelId !== undefined && (query.platform === undefined || query.tenantId === undefined)) {
      context.addIssue({
        code: 'custom',
        path: ['channelId'],
        message: 'give platform and tenantId with channelId',
      });
    }
    if (query.tenantId !== undefined && query.platform === undefined) {
      context.addIssue({ code: 'custom', path: ['tenantId'], message: 'give platform with tenantId' });
    }
    if (query.platform !== undefined && query.tenantId === undefined) {
      context.addIssue({ code: 'custom', path: ['platform'], message: 'give tenantId with platform' });
    }
  });

const citedSourceSchema = z.object({ source: z.string(), title: z.string(), url: z.string().optional() });

export const gapReportSchema = z
  .object({
    audience: z.enum(['channels', 'personal']),
    since: z.iso.datetime(),
    until: z.iso.datetime(),
    total: z.number().int().meta({ description: 'Refused and 👎 questions over all groups' }),
    truncated: z
      .boolean()
      .meta({ description: 'More matched than one report reads: narrow the period or channel' }),
    groups: z.array(
      z
        .object({
          question: z.string().meta({ description: 'The newest wording' }),
          count: z.number().int(),
          refused: z.number().int(),
          disliked: z.number().int(),
          firstAskedAt: z.iso.datetime(),
          lastAskedAt: z.iso.datetime(),
          channels: z.array(channelKeySchema),
          dislikedSources: z
            .array(citedSourceSchema.extend({ count: z.number().int() }))
            .meta({ description: 'What the 👎 answers cited, most often first' }),
          occurrences: z.array(
            z.object({
              channel: channelKeySchema,
              threadId: z.string(),
              turnId: z.string(),
              question: z.string(),
              at: z.iso.datetime(),
              reasons: z.array(z.enum(['refused', 'disliked'])),
              answer: z.string().optional().meta({ description: 'The answer given, for a 👎' }),
              citations: z.array(citedSourceSchema),
            }),
          ),
        })
        .meta({ id: 'KnowledgeGapGroup' }),
    ),
  })
  .meta({
    id: 'KnowledgeGapReport',
    description:
      'Questions Steward refused and answers rated 👎, grouped by question, newest first. Private conversations are never included.',
  });

/** A date alone means the start of that day, UTC. */
export function parseGapTime(value: string): Date {
  return new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00.000Z` : value);
}

import { z } from 'zod';
import type { AuditActor } from '../../src/ports/audit-log.js';
import type { PersonRef } from '../../src/ports/personal-records.js';
import type { PersonalDataRights } from '../../src/privacy/personal-data-rights.js';
import { parse, searchParams } from './endpoints.js';
import { json } from './responses.js';
import type { Endpoint } from './route-table.js';

export const personPathSchema = z.object({
  platform: z.enum(['slack', 'teams', 'cli']),
  userId: z.string().min(1).max(256).meta({ description: 'The user id on that platform' }),
});

export const personQuerySchema = z.object({
  alsoIds: z
    .string()
    .optional()
    .meta({ description: 'Other ids of the same person, comma-separated (Teams: their Entra object id)' }),
});

export const eraseQuerySchema = personQuerySchema.extend({
  confirm: z.string().meta({ description: 'The user id again: a mistyped URL erases nothing' }),
});

export const erasureSchema = z.object({
  pseudonym: z.string().meta({ description: 'How audit and approval records name the person from now on' }),
  counts: z.object({
    turns: z.number().int(),
    feedback: z.number().int(),
    gaps: z.number().int(),
    summaries: z.number().int(),
    auditRecords: z.number().int(),
    approvals: z.number().int(),
    addresses: z.number().int(),
  }),
});

function personOf(path: z.output<typeof personPathSchema>, alsoIds: string | undefined): PersonRef {
  const others = (alsoIds ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '' && id !== path.userId);
  return { platform: path.platform, userId: path.userId, ...(others.length > 0 ? { otherIds: others } : {}) };
}

/**
 * `GET /admin/people/{platform}/{userId}`: everything stored about one person, as JSON;
 * `DELETE` the same path with `?confirm=<userId>`: erase it. Both audited under the token's name.
 */
export function peopleEndpoints(rights: PersonalDataRights): Endpoint<AuditActor>[] {
  return [
    {
      method: 'GET',
      pattern: 'people/:platform/:userId',
      handle: async (request, params, actor) => {
        const path = parse(personPathSchema, params);
        const query = parse(personQuerySchema, searchParams(request));
        if (!path.ok) {
          return path.response;
        }
        if (!query.ok) {
          return query.response;
        }
        return json(await rights.exportData(personOf(path.value, query.value.alsoIds), actor));
      },
    },
    {
      method: 'DELETE',
      pattern: 'people/:platform/:userId',
      handle: async (request, params, actor) => {
        const path = parse(personPathSchema, params);
        const query = parse(
          eraseQuerySchema.refine((value) => !path.ok || value.confirm === path.value.userId, {
            path: ['confirm'],
            message: 'must repeat the user id of the path',
          }),
          searchParams(request),
        );
        if (!path.ok) {
          return path.response;
        }
        if (!query.ok) {
          return query.response;
        }
        return json(await rights.erase(personOf(path.value, query.value.alsoIds), actor));
      },
    },
  ];
}

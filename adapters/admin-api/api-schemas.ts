import { z } from 'zod';
import { channelSettingsSchema } from '../../src/channels/channel-settings.js';

/*
 * The admin API's wire shapes. Request parameters are validated with these, and the OpenAPI
 * document is generated from the same schemas, so the description cannot drift from the code.
 */

const platform = z.enum(['slack', 'teams', 'cli']).meta({ description: 'Chat platform' });
const idPart = z.string().min(1).max(200);

export const channelPathSchema = z.object({
  platform,
  tenantId: idPart.meta({
    description: 'Slack team (or enterprise) id, Teams tenant id; `local` for the command line',
  }),
  channelId: idPart.meta({ description: 'Channel, DM or group chat id' }),
});

export const channelKeySchema = channelPathSchema.meta({ id: 'ChannelKey' });

export const actorSchema = z
  .object({
    kind: z.enum(['user', 'admin-api', 'cli', 'system']),
    id: z.string(),
    platform: platform.optional(),
    organisation: z
      .literal('external')
      .optional()
      .meta({ description: 'Present for a person of another organisation (a Slack Connect partner)' }),
  })
  .meta({ id: 'Actor', description: 'Who did something' });

export const settingsSchema = channelSettingsSchema.meta({
  id: 'ChannelSettings',
  description: 'How Steward behaves in one channel',
});

export const editableSettingsSchema = z
  .object({
    channel: channelKeySchema,
    settings: settingsSchema,
    configured: z.boolean().meta({ description: 'False when the channel uses the defaults' }),
    version: z
      .number()
      .int()
      .min(0)
      .meta({ description: 'Send back in If-Match to guard a change; 0 when unconfigured' }),
    updatedAt: z.iso.datetime().optional(),
    updatedBy: actorSchema.optional(),
  })
  .meta({ id: 'EditableChannelSettings' });

export const settingsPatchSchema = z.record(z.string(), z.unknown()).meta({
  id: 'ChannelSettingsPatch',
  description:
    'JSON Merge Patch (RFC 7396) over the current settings: `null` returns a setting to its default; arrays are replaced whole.',
});

export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  cursor: z.string().min(1).optional().meta({ description: 'From the previous page' }),
});

export const channelListSchema = z
  .object({ items: z.array(editableSettingsSchema), cursor: z.string().optional() })
  .meta({ id: 'ChannelSettingsList' });

export const auditQuerySchema = z
  .object({
    platform: platform.optional(),
    tenantId: idPart.optional(),
    channelId: idPart.optional(),
    from: z.iso
      .datetime({ offset: true })
      .optional()
      .meta({ description: 'Inclusive start (ISO 8601); 30 days before `to` when absent' }),
    to: z.iso
      .datetime({ offset: true })
      .optional()
      .meta({ description: 'Exclusive end (ISO 8601); now when absent' }),
    actionPrefix: z.string().min(1).max(100).optional().meta({ description: 'e.g. `settings.` or `admin.`' }),
    limit: z.coerce.number().int().min(1).max(1000).optional(),
    cursor: z.string().min(1).optional(),
  })
  .superRefine((query, context) => {
    const given = [query.platform, query.tenantId, query.channelId].filter(
      (part) => part !== undefined,
    ).length;
    if (given !== 0 && given !== 3) {
      context.addIssue({
        code: 'custom',
        path: ['channelId'],
        message: 'give platform, tenantId and channelId together, or none of them',
      });
    }
  });

export const auditPageSchema = z
  .object({
    records: z.array(
      z
        .object({
          id: z.string(),
          at: z.iso.datetime(),
          actor: actorSchema,
          action: z.string(),
          channel: channelKeySchema.optional(),
          subjectId: z.string().optional(),
          details: z.record(z.string(), z.unknown()),
        })
        .meta({ id: 'AuditRecord' }),
    ),
    cursor: z.string().optional(),
  })
  .meta({ id: 'AuditPage' });

export const adminPathSchema = z.object({
  admin: z
    .string()
    .meta({ description: '`slack:<user id>` or `teams:<Entra object id>`', example: 'slack:U0123ABCD' }),
});

export const adminListSchema = z
  .object({
    configured: z.array(z.string()).meta({ description: 'From ADMIN_USERS; change them there' }),
    added: z.array(z.object({ admin: z.string(), addedAt: z.iso.datetime(), addedBy: actorSchema })),
  })
  .meta({ id: 'AdminList' });

export const errorSchema = z
  .object({
    error: z.string().meta({
      description:
        'Stable code: UNAUTHORIZED, FORBIDDEN, INVALID, INVALID_JSON, VERSION_CONFLICT, NOT_FOUND...',
    }),
    message: z.string(),
    fields: z
      .array(z.object({ path: z.string(), setting: z.string(), message: z.string() }))
      .optional()
      .meta({ description: 'Every invalid field, for INVALID' }),
    currentVersion: z.number().int().optional(),
  })
  .meta({ id: 'Error' });

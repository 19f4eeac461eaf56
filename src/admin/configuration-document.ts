import { z } from 'zod';
import { type ChannelKey, channelKeyString } from '../channels/channel-key.js';
import { channelSettingsSchema } from '../channels/channel-settings.js';
import { groupIdProblems } from '../channels/group-ids.js';
import type { StoredAdmin } from '../ports/admin-store.js';
import type { StoredChannelSettings } from '../ports/channel-settings-store.js';
import { adminRefStringSchema, formatAdminRef, parseAdminRef } from './admin-ref.js';
import { type FieldError, fieldError, fieldErrorsOf } from './field-errors.js';

/*
 * All channel settings and added admins as one document, for `config export` / `config import`
 * (YAML in git). The document is the whole desired state: an import creates, changes and resets
 * channels and adds and removes admins until the stored configuration equals the file.
 */

export const CONFIGURATION_FORMAT_VERSION = 1;

const idPart = z.string().trim().min(1).max(200);
const PLATFORMS = z.enum(['slack', 'teams', 'cli']);

const channelEntrySchema = z
  .object({
    platform: PLATFORMS,
    tenantId: idPart,
    channelId: idPart,
    settings: channelSettingsSchema,
  })
  .strict();

export const configurationDocumentSchema = z
  .object({
    version: z.literal(CONFIGURATION_FORMAT_VERSION, { error: `must be ${CONFIGURATION_FORMAT_VERSION}` }),
    /** Admins added in Steward; those in ADMIN_USERS may be listed too and are left alone. */
    admins: z.array(adminRefStringSchema).default([]),
    channels: z.array(channelEntrySchema).default([]),
  })
  .strict();

export type ConfigurationDocument = z.output<typeof configurationDocumentSchema>;

/** The document as written to a file: plain JSON values, channels in key order, optional settings left out when unset. */
export interface ExportedConfiguration {
  readonly version: number;
  readonly admins: readonly string[];
  readonly channels: ReadonlyArray<ChannelKey & { readonly settings: Record<string, unknown> }>;
}

export function exportConfiguration(
  channels: readonly StoredChannelSettings[],
  admins: readonly StoredAdmin[],
): ExportedConfiguration {
  return {
    version: CONFIGURATION_FORMAT_VERSION,
    admins: admins.map((stored) => formatAdminRef(stored.admin)),
    channels: [...channels]
      .sort((a, b) => (channelKeyString(a.channel) < channelKeyString(b.channel) ? -1 : 1))
      .map((stored) => ({
        platform: stored.channel.platform,
        tenantId: stored.channel.tenantId,
        channelId: stored.channel.channelId,
        settings: JSON.parse(JSON.stringify(stored.settings)) as Record<string, unknown>,
      })),
  };
}

/**
 * Every problem of a document at once: the schema's, and repeated channels and admins (checked on
 * the raw input, so they are reported even when other entries are invalid).
 */
export function validateConfigurationDocument(
  input: unknown,
):
  | { readonly ok: true; readonly value: ConfigurationDocument }
  | { readonly ok: false; readonly fields: readonly FieldError[] } {
  const parsed = configurationDocumentSchema.safeParse(input);
  const fields = [
    ...(parsed.success ? [] : fieldErrorsOf(parsed.error)),
    ...wrongGroupIds(input),
    ...repeatedEntries(input),
  ];
  return parsed.success && fields.length === 0 ? { ok: true, value: parsed.data } : { ok: false, fields };
}

/** Group ids not of their channel's platform, in every entry that names a platform. */
function wrongGroupIds(input: unknown): FieldError[] {
  const document = isRecord(input) ? input : {};
  const channels = Array.isArray(document.channels) ? (document.channels as unknown[]) : [];
  return channels.flatMap((entry, index) => {
    const platform = isRecord(entry) ? PLATFORMS.safeParse(entry.platform) : undefined;
    if (!isRecord(entry) || !platform?.success) {
      return [];
    }
    return groupIdProblems(platform.data, entry.settings).map((problem) =>
      fieldError(['channels', index, 'settings', ...problem.path], problem.message),
    );
  });
}

function repeatedEntries(input: unknown): FieldError[] {
  const problems: FieldError[] = [];
  const document = isRecord(input) ? input : {};
  const channels = Array.isArray(document.channels) ? (document.channels as unknown[]) : [];
  const seenChannels = new Map<string, number>();
  channels.forEach((entry, index) => {
    if (
      !isRecord(entry) ||
      ![entry.platform, entry.tenantId, entry.channelId].every((part) => typeof part === 'string')
    ) {
      return;
    }
    const key = [entry.platform, entry.tenantId, entry.channelId]
      .map((part) => String(part).trim())
      .join('\u0000');
    const first = seenChannels.get(key);
    if (first === undefined) {
      seenChannels.set(key, index);
    } else {
      problems.push(
        fieldError(
          ['channels', index, 'channelId'],
          `this channel is already configured at channels[${first}]`,
        ),
      );
    }
  });
  const admins = Array.isArray(document.admins) ? (document.admins as unknown[]) : [];
  const seenAdmins = new Map<string, number>();
  admins.forEach((entry, index) => {
    const admin = typeof entry === 'string' ? parseAdminRef(entry) : undefined;
    if (admin === undefined) {
      return;
    }
    const key = formatAdminRef(admin);
    const first = seenAdmins.get(key);
    if (first === undefined) {
      seenAdmins.set(key, index);
    } else {
      problems.push(fieldError(['admins', index], `${key} is already listed at admins[${first}]`));
    }
  });
  return problems;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import { type ChannelKey, channelKeyString } from '../channels/channel-key.js';
import type { ChannelSettings } from '../channels/channel-settings.js';
import type { StoredAdmin } from '../ports/admin-store.js';
import type { StoredChannelSettings } from '../ports/channel-settings-store.js';
import type { ConfigurationChange } from '../ports/configuration-batch.js';
import { type AdminRef, formatAdminRef } from './admin-ref.js';
import { canonicalJson } from './canonical-json.js';
import type { ConfigurationDocument } from './configuration-document.js';

/** One line of an import plan, for people to read before (dry run) and after applying. */
export type PlannedChange =
  | { readonly kind: 'create' | 'change'; readonly channel: ChannelKey; readonly settings: readonly string[] }
  | { readonly kind: 'reset'; readonly channel: ChannelKey }
  | { readonly kind: 'add-admin' | 'remove-admin'; readonly admin: string };

export interface ImportPlan {
  readonly changes: readonly ConfigurationChange[];
  readonly summary: readonly PlannedChange[];
}

/**
 * What it takes to make the stored configuration equal the document. Channels and admins already
 * as the document says are left untouched (so an unchanged file changes nothing, and a large
 * configuration usually needs few writes); admins from ADMIN_USERS are never added or removed.
 */
export function planImport(
  document: ConfigurationDocument,
  current: { readonly channels: readonly StoredChannelSettings[]; readonly admins: readonly StoredAdmin[] },
  isConfiguredAdmin: (admin: AdminRef) => boolean,
): ImportPlan {
  const changes: ConfigurationChange[] = [];
  const summary: PlannedChange[] = [];
  const stored = new Map(current.channels.map((item) => [channelKeyString(item.channel), item]));
  const wanted = new Set<string>();
  for (const entry of document.channels) {
    const channel: ChannelKey = {
      platform: entry.platform,
      tenantId: entry.tenantId,
      channelId: entry.channelId,
    };
    const key = channelKeyString(channel);
    wanted.add(key);
    const before = stored.get(key);
    if (before === undefined) {
      changes.push({ kind: 'settings.put', channel, settings: entry.settings });
      summary.push({ kind: 'create', channel, settings: Object.keys(json(entry.settings)) });
      continue;
    }
    const changed = changedSettings(before.settings, entry.settings);
    if (changed.length > 0) {
      changes.push({ kind: 'settings.put', channel, settings: entry.settings, before });
      summary.push({ kind: 'change', channel, settings: changed });
    }
  }
  for (const [key, before] of stored) {
    if (!wanted.has(key)) {
      changes.push({ kind: 'settings.delete', channel: before.channel, before });
      summary.push({ kind: 'reset', channel: before.channel });
    }
  }
  const storedAdmins = new Map(current.admins.map((item) => [formatAdminRef(item.admin), item]));
  const wantedAdmins = new Set(document.admins.map(formatAdminRef));
  for (const admin of document.admins) {
    if (!storedAdmins.has(formatAdminRef(admin)) && !isConfiguredAdmin(admin)) {
      changes.push({ kind: 'admin.add', admin });
      summary.push({ kind: 'add-admin', admin: formatAdminRef(admin) });
    }
  }
  for (const [key, before] of storedAdmins) {
    if (!wantedAdmins.has(key)) {
      changes.push({ kind: 'admin.remove', admin: before.admin, before });
      summary.push({ kind: 'remove-admin', admin: key });
    }
  }
  return { changes, summary };
}

/** Top-level settings whose values differ. */
function changedSettings(before: ChannelSettings, after: ChannelSettings): string[] {
  const a = json(before);
  const b = json(after);
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(
    (key) => canonicalJson(a[key]) !== canonicalJson(b[key]),
  );
}

function json(settings: ChannelSettings): Record<string, unknown> {
  return JSON.parse(JSON.stringify(settings)) as Record<string, unknown>;
}

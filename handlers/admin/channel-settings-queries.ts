import {
  type AdminOutcome,
  type EditableChannelSettings,
  editableFrom,
} from '../../src/admin/admin-use-cases.js';
import type { ChannelKey } from '../../src/channels/channel-key.js';
import { defaultChannelSettings } from '../../src/channels/channel-settings.js';
import { UserFacingError } from '../../src/errors.js';
import type { AuditActor } from '../../src/ports/audit-log.js';
import type { ChannelSettingsPage } from '../../src/ports/channel-settings-store.js';
import { type AdminUseCaseDeps, refuseNonAdmin } from './admin-deps.js';

/** An admin opens a channel's settings to edit them (a modal, a card, GET on the API). */
export function createShowChannelSettings(deps: AdminUseCaseDeps) {
  return async function showChannelSettings(
    actor: AuditActor,
    channel: ChannelKey,
  ): Promise<AdminOutcome<EditableChannelSettings>> {
    const refusal = await refuseNonAdmin(deps, actor, 'settings.read', channel);
    if (refusal) {
      return { ok: false, refusal };
    }
    return {
      ok: true,
      value: editableFrom(channel, await deps.settings.get(channel), defaultChannelSettings()),
    };
  };
}

/** An admin lists the channels somebody configured. */
export function createListChannelSettings(deps: AdminUseCaseDeps) {
  return async function listChannelSettings(
    actor: AuditActor,
    page: { readonly limit?: number; readonly cursor?: string },
  ): Promise<AdminOutcome<ChannelSettingsPage>> {
    const refusal = await refuseNonAdmin(deps, actor, 'settings.list');
    if (refusal) {
      return { ok: false, refusal };
    }
    try {
      return { ok: true, value: await deps.settings.list(page) };
    } catch (error) {
      if (error instanceof UserFacingError) {
        return {
          ok: false,
          refusal: {
            code: 'INVALID',
            message: error.message,
            fields: [{ path: 'cursor', setting: 'cursor', message: error.message }],
          },
        };
      }
      throw error;
    }
  };
}

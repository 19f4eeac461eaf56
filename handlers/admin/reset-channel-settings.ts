import {
  type AdminOutcome,
  type EditableChannelSettings,
  editableFrom,
} from '../../src/admin/admin-use-cases.js';
import { type ChannelKey, channelKeyString } from '../../src/channels/channel-key.js';
import { defaultChannelSettings } from '../../src/channels/channel-settings.js';
import { VersionConflictError } from '../../src/errors.js';
import type { AuditActor } from '../../src/ports/audit-log.js';
import { type AdminUseCaseDeps, refuseNonAdmin } from './admin-deps.js';
import { asJson, conflict } from './change-channel-settings.js';

/** An admin returns a channel to the defaults (deletes its stored settings). */
export function createResetChannelSettings(deps: AdminUseCaseDeps) {
  return async function resetChannelSettings(
    actor: AuditActor,
    channel: ChannelKey,
    expectedVersion?: number,
  ): Promise<AdminOutcome<EditableChannelSettings>> {
    const refusal = await refuseNonAdmin(deps, actor, 'settings.reset', channel);
    if (refusal) {
      return { ok: false, refusal };
    }
    const current = await deps.settings.get(channel);
    if (current === undefined) {
      return expectedVersion !== undefined && expectedVersion !== 0
        ? conflict(0)
        : {
            ok: false,
            refusal: {
              code: 'NOT_FOUND',
              message: 'This channel has no settings of its own: it already uses the defaults.',
            },
          };
    }
    try {
      const deleted = await deps.settings.delete(channel, {
        expectedVersion: expectedVersion ?? current.version,
      });
      if (!deleted) {
        return {
          ok: false,
          refusal: {
            code: 'NOT_FOUND',
            message: 'This channel has no settings of its own: it already uses the defaults.',
          },
        };
      }
    } catch (error) {
      if (error instanceof VersionConflictError) {
        return conflict(error.currentVersion ?? current.version);
      }
      throw error;
    }
    await deps.audit.record({
      actor,
      action: 'settings.reset',
      channel,
      subjectId: channelKeyString(channel),
      details: { version: current.version, before: asJson(current.settings), after: null },
    });
    deps.onSettingsChanged?.(channel);
    deps.logger.info(
      { channel: channelKeyString(channel), actor: actor.id },
      'channel settings reset to defaults',
    );
    return { ok: true, value: editableFrom(channel, undefined, defaultChannelSettings()) };
  };
}

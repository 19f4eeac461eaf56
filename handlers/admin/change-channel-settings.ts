import type {
  AdminOutcome,
  EditableChannelSettings,
  SettingsChange,
} from '../../src/admin/admin-use-cases.js';
import { editableFrom } from '../../src/admin/admin-use-cases.js';
import { canonicalJson } from '../../src/admin/canonical-json.js';
import { fieldError, fieldErrorsOf } from '../../src/admin/field-errors.js';
import { applyMergePatch, isPlainObject } from '../../src/admin/settings-patch.js';
import { type ChannelKey, channelKeyString } from '../../src/channels/channel-key.js';
import { groupIdProblems } from '../../src/channels/group-ids.js';
import { quorumProblems } from '../../src/channels/separation-of-duties.js';
import {
  type ChannelSettings,
  channelSettingsSchema,
  defaultChannelSettings,
} from '../../src/channels/channel-settings.js';
import { VersionConflictError } from '../../src/errors.js';
import type { AuditActor } from '../../src/ports/audit-log.js';
import { type AdminUseCaseDeps, refuseNonAdmin } from './admin-deps.js';

/** A change without an expected version re-reads and re-applies when it loses a race, this often. */
const MAX_ATTEMPTS = 3;

/** An admin saves a channel's settings (the whole set, or a partial update). */
export function createChangeChannelSettings(deps: AdminUseCaseDeps) {
  return async function changeChannelSettings(
    actor: AuditActor,
    channel: ChannelKey,
    change: SettingsChange,
  ): Promise<AdminOutcome<EditableChannelSettings>> {
    const refusal = await refuseNonAdmin(deps, actor, 'settings.change', channel);
    if (refusal) {
      return { ok: false, refusal };
    }
    if (!isPlainObject(change.values)) {
      return invalid([fieldError([], 'settings must be a JSON object')]);
    }
    for (let attempt = 1; ; attempt += 1) {
      const current = await deps.settings.get(channel);
      const currentVersion = current?.version ?? 0;
      if (change.expectedVersion !== undefined && change.expectedVersion !== currentVersion) {
        return conflict(currentVersion);
      }
      const before = current?.settings ?? defaultChannelSettings();
      const candidate =
        change.mode === 'replace' ? change.values : applyMergePatch(asJson(before), change.values);
      const parsed = channelSettingsSchema.safeParse(candidate);
      // Group ids are checked against the channel's platform, which the schema does not know.
      const problems = [
        ...(parsed.success ? [] : fieldErrorsOf(parsed.error)),
        ...groupIdProblems(channel.platform, candidate).map((problem) =>
          fieldError(problem.path, problem.message),
        ),
        ...(deps.actionRisk === undefined ? [] : quorumProblems(candidate, deps.actionRisk)).map((problem) =>
          fieldError([...problem.path], problem.message),
        ),
      ];
      if (!parsed.success || problems.length > 0) {
        deps.logger.info(
          { channel: channelKeyString(channel), problems: problems.length },
          'invalid settings refused',
        );
        return invalid(problems);
      }
      if (canonicalJson(parsed.data) === canonicalJson(before)) {
        // Nothing to save, so nothing to audit.
        return { ok: true, value: editableFrom(channel, current, before) };
      }
      try {
        const saved = await deps.settings.put(channel, parsed.data, {
          expectedVersion: currentVersion,
          updatedBy: actor,
        });
        await deps.audit.record({
          actor,
          action: 'settings.changed',
          channel,
          subjectId: channelKeyString(channel),
          details: {
            mode: change.mode,
            version: saved.version,
            before: current ? asJson(before) : null,
            after: asJson(saved.settings),
          },
        });
        deps.onSettingsChanged?.(channel);
        deps.logger.info(
          { channel: channelKeyString(channel), version: saved.version, actor: actor.id },
          'channel settings changed',
        );
        return { ok: true, value: editableFrom(channel, saved, saved.settings) };
      } catch (error) {
        if (!(error instanceof VersionConflictError)) {
          throw error;
        }
        if (change.expectedVersion !== undefined || attempt >= MAX_ATTEMPTS) {
          return conflict(error.currentVersion ?? currentVersion);
        }
      }
    }
  };
}

function invalid(fields: ReturnType<typeof fieldErrorsOf>): AdminOutcome<never> {
  const count = fields.length === 1 ? 'a problem' : `${fields.length} problems`;
  return {
    ok: false,
    refusal: { code: 'INVALID', message: `Nothing was saved: the settings have ${count}.`, fields },
  };
}

export function conflict(currentVersion: number): AdminOutcome<never> {
  return {
    ok: false,
    refusal: {
      code: 'VERSION_CONFLICT',
      message: `Someone else changed these settings since you opened them (now version ${currentVersion}). Nothing was saved; reopen them to see the change.`,
      currentVersion,
    },
  };
}

/** Settings as plain JSON (what is stored and audited): optional values left unset disappear. */
export function asJson(settings: ChannelSettings): Record<string, unknown> {
  return JSON.parse(JSON.stringify(settings)) as Record<string, unknown>;
}

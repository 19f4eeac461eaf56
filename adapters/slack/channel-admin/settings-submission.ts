import { randomUUID } from 'node:crypto';
import type { App, ViewOutput, ViewResponseAction, ViewSubmitAction } from '@slack/bolt';
import { fieldErrorsOf } from '../../../src/admin/field-errors.js';
import type { AuditActor } from '../../../src/ports/audit-log.js';
import { interactionActorOrigin, relationOf } from '../inbound/organisation.js';
import { channelSettingsSchema } from '../../../src/channels/channel-settings.js';
import { SLACK_IDS } from '../slack-ids.js';
import { errorsByBlock } from './field-placement.js';
import { inputBlockId } from './form-ids.js';
import type { SettingsFormMetadata, VerifiedMetadata } from './form-metadata.js';
import { noticeModal } from './notice-modal.js';
import { type SettingsConfirmation, confirmSaved } from './settings-confirmation.js';
import { type SettingsFormParts, slackActor, slackChannel } from './settings-form-opener.js';
import { settingsFromForm } from './settings-from-form.js';
import { readSubmittedForm } from './submitted-form.js';

interface Decision {
  /** What Slack does with the modal: show errors, replace it with a notice, or close it (undefined). */
  readonly response: ViewResponseAction | undefined;
  /** After a save: tell the admin, once the modal is closed. */
  readonly saved?: SettingsConfirmation;
}

/**
 * Saving the settings modal. The channel, version and opener come from the signed metadata, never
 * from the form; the use case decides whether the person is (still) an admin and whether the
 * values are valid. Slack wants the answer within 3 seconds, so the save happens before the
 * acknowledgement and the confirmation message after it.
 */
export function registerSettingsSubmission(app: App, parts: SettingsFormParts): void {
  app.view<ViewSubmitAction>(SLACK_IDS.settingsView, async ({ ack, body, view }) => {
    const organisation = relationOf(interactionActorOrigin(body), await parts.ctx.identity.get());
    const decision = await decide(parts, slackActor(body.user.id, organisation), view);
    await ack(decision.response);
    const { saved } = decision;
    if (saved) {
      parts.ctx.tasks.run('slack.settings.confirm', () => confirmSaved(parts, saved));
    }
  });
}

async function decide(parts: SettingsFormParts, actor: AuditActor, view: ViewOutput): Promise<Decision> {
  const { ctx } = parts;
  const userId = actor.id;
  const logger = ctx.logger.child({ userId, viewId: view.id });
  const verified = metadataFor(parts, userId, view.private_metadata);
  if (!verified.ok) {
    logger.warn({ reason: verified.reason }, 'slack settings form rejected');
    return {
      response: update(
        ':warning: This form could not be verified, so nothing was saved. Run `/steward config` in the channel again.',
      ),
    };
  }
  const { metadata } = verified;
  const form = readSubmittedForm(view.state.values);
  if (form === undefined) {
    logger.warn({ reason: 'inputs missing or of unexpected types' }, 'slack settings form rejected');
    return {
      response: update(
        ':warning: This form could not be read, so nothing was saved. Run `/steward config` again.',
      ),
    };
  }
  try {
    return await save(parts, actor, metadata, form);
  } catch (error) {
    const referenceId = randomUUID().slice(0, 8);
    logger.error({ err: error, referenceId, channelId: metadata.channelId }, 'slack settings not saved');
    return {
      response: {
        response_action: 'errors',
        errors: {
          [inputBlockId('enabled')]:
            `Not saved: Steward could not reach its settings store (reference ${referenceId}). Your changes are still here; try Save again in a moment.`,
        },
      },
    };
  }
}

async function save(
  parts: SettingsFormParts,
  actor: AuditActor,
  metadata: SettingsFormMetadata,
  form: NonNullable<ReturnType<typeof readSubmittedForm>>,
): Promise<Decision> {
  const { ctx, deps } = parts;
  const userId = actor.id;
  const channel = await slackChannel(ctx, metadata.channelId);
  const keptFilter = metadata.keepsFilter ? await storedFilter(parts, actor, metadata) : undefined;
  const reading = settingsFromForm(form, keptFilter !== undefined ? { keptFilter } : {});
  if (reading.problems.length > 0) {
    // Nothing is saved; the schema's own findings are shown with the reading problems, all at once.
    const checked = channelSettingsSchema.safeParse(reading.settings);
    const fields = checked.success ? [] : fieldErrorsOf(checked.error);
    return {
      response: {
        response_action: 'errors',
        errors: errorsByBlock(fields, reading.problems, reading.actionLines),
      },
    };
  }
  const outcome = await deps.admin.changeSettings(actor, channel, {
    mode: 'replace',
    values: reading.settings,
    expectedVersion: metadata.version,
  });
  if (outcome.ok) {
    return {
      response: undefined,
      saved: { userId, metadata, result: outcome.value, changed: outcome.value.version !== metadata.version },
    };
  }
  const { refusal } = outcome;
  switch (refusal.code) {
    case 'INVALID':
      return {
        response: {
          response_action: 'errors',
          errors: errorsByBlock(refusal.fields, [], reading.actionLines),
        },
      };
    case 'VERSION_CONFLICT':
      return {
        response: update(
          `:warning: *Not saved.* Someone changed the settings of <#${metadata.channelId}> while you had this form open, and saving would undo their change. Run \`/steward config\` in the channel again to see the settings as they are now, then make your change.`,
        ),
      };
    case 'FORBIDDEN':
      return {
        response: update(
          actor.organisation === 'external'
            ? `:no_entry: *Not saved.* ${refusal.message}`
            : ':no_entry: *Not saved.* Only Steward admins can change channel settings, and you are not one (any more). Ask an admin if something here should change.',
        ),
      };
    case 'NOT_FOUND':
      return { response: update(`:warning: *Not saved.* ${refusal.message}`) };
  }
}

/** The stored filter the form left alone because it was too long for its box. */
async function storedFilter(
  parts: SettingsFormParts,
  actor: AuditActor,
  metadata: SettingsFormMetadata,
): Promise<unknown> {
  const current = await parts.deps.admin.settingsForEditing(
    actor,
    await slackChannel(parts.ctx, metadata.channelId),
  );
  const knowledge = current.ok ? current.value.settings.knowledge : undefined;
  return knowledge?.kind === 'bedrock' ? knowledge.filter : undefined;
}

/** The form's signed metadata, when it checks out and the person saving is the one who opened it. */
function metadataFor(parts: SettingsFormParts, userId: string, privateMetadata: string): VerifiedMetadata {
  const verified = parts.signer.verify(privateMetadata);
  if (verified.ok && verified.metadata.openedBy !== userId) {
    return { ok: false, reason: 'submitted by someone other than who opened it' };
  }
  return verified;
}

function update(mrkdwn: string): ViewResponseAction {
  return { response_action: 'update', view: noticeModal(mrkdwn) };
}

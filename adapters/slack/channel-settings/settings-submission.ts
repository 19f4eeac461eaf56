import { randomUUID } from 'node:crypto';
import type { App, ViewOutput, ViewResponseAction, ViewSubmitAction } from '@slack/bolt';
import type { AdminRefusal } from '../../../src/admin/admin-use-cases.js';
import type { FormValues } from '../../../src/admin/settings-form/form-fields.js';
import type { FormProblem } from '../../../src/admin/settings-form/form-reading.js';
import { saveSettingsForm } from '../../../src/admin/settings-form/form-saving.js';
import type { AuditActor } from '../../../src/ports/audit-log.js';
import { interactionActorOrigin, relationOf } from '../inbound/organisation.js';
import { SLACK_IDS } from '../slack-ids.js';
import { cut } from '../render/view-blocks.js';
import type { SettingsFormMetadata, VerifiedMetadata } from './form-metadata.js';
import { noticeModal } from './notice-modal.js';
import { type SettingsConfirmation, confirmSaved } from './settings-confirmation.js';
import { type SettingsFormParts, slackActor, slackChannel } from './settings-form-opener.js';
import { inputBlockId } from './settings-blocks.js';
import { SLACK_FORM } from './slack-form-dialect.js';
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
    const decision = await checkAndSave(parts, slackActor(body.user.id, organisation), view);
    await ack(decision.response);
    const { saved } = decision;
    if (saved) {
      parts.ctx.tasks.run('slack.settings.confirm', () => confirmSaved(parts, saved));
    }
  });
}

async function checkAndSave(parts: SettingsFormParts, actor: AuditActor, view: ViewOutput): Promise<Decision> {
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
  values: FormValues,
): Promise<Decision> {
  const channel = await slackChannel(parts.ctx, metadata.channelId);
  const outcome = await saveSettingsForm(parts.deps.admin, actor, channel, SLACK_FORM, {
    values,
    version: metadata.version,
    ...(metadata.keepsFilter ? { kept: ['knowledgeFilter'] } : {}),
  });
  switch (outcome.kind) {
    case 'saved':
      return {
        response: undefined,
        saved: { userId: actor.id, metadata, result: outcome.saved, changed: outcome.changed },
      };
    case 'invalid':
      return { response: { response_action: 'errors', errors: errorsByBlock(outcome.problems) } };
    case 'refused':
      return { response: update(refusalText(outcome.refusal, actor, metadata)) };
  }
}

function refusalText(
  refusal: Exclude<AdminRefusal, { code: 'INVALID' }>,
  actor: AuditActor,
  metadata: SettingsFormMetadata,
): string {
  switch (refusal.code) {
    case 'VERSION_CONFLICT':
      return `:warning: *Not saved.* Someone changed the settings of <#${metadata.channelId}> while you had this form open, and saving would undo their change. Run \`/steward config\` in the channel again to see the settings as they are now, then make your change.`;
    case 'FORBIDDEN':
      return actor.organisation === 'external'
        ? `:no_entry: *Not saved.* ${refusal.message}`
        : ':no_entry: *Not saved.* Only Steward admins can change channel settings, and you are not one (any more). Ask an admin if something here should change.';
    case 'NOT_FOUND':
      return `:warning: *Not saved.* ${refusal.message}`;
  }
}

/** Slack shows no more of an error than fits under an input; longer lists are cut. */
const MAX_ERROR_CHARS = 1000;

/**
 * The problems as a view_submission `errors` response: one message per input block, each problem
 * a sentence. A problem no input holds goes to the first input, so it is never lost.
 */
export function errorsByBlock(problems: readonly FormProblem[]): Record<string, string> {
  const byBlock = new Map<string, string[]>();
  for (const problem of problems) {
    const block = inputBlockId(problem.field ?? 'enabled');
    const sentence = /[.!?]$/u.test(problem.message) ? problem.message : `${problem.message}.`;
    byBlock.set(block, [...new Set([...(byBlock.get(block) ?? []), sentence])]);
  }
  return Object.fromEntries(
    [...byBlock].map(([block, messages]) => [block, cut(messages.join(' '), MAX_ERROR_CHARS)]),
  );
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

import { randomUUID } from 'node:crypto';
import type { App, ViewOutput, ViewResponseAction, ViewSubmitAction } from '@slack/bolt';
import type { AdminRefusal } from '../../../src/admin/admin-use-cases.js';
import { type FormSaveOutcome, saveSettingsForm } from '../../../src/admin/settings-form/form-flow.js';
import { problemsByInput } from '../../../src/admin/settings-form/form-problems.js';
import type { FormProblem } from '../../../src/admin/settings-form/form-reading.js';
import { type AuditActor, personActor } from '../../../src/ports/audit-log.js';
import { interactionActorOrigin, relationOf } from '../inbound/organisation.js';
import { SLACK_IDS } from '../slack-ids.js';
import { isSlackPlatformError } from '../slack-errors.js';
import { mrkdwnMessage } from '../render/reply-messages.js';
import { cut } from '../render/view-blocks.js';
import type { SettingsFormMetadata } from './form-metadata.js';
import { type SettingsFormParts, slackChannel } from './settings-form-opener.js';
import { inputBlockId, noticeModal, readSubmittedForm } from './settings-modal.js';
import { slackSummary } from '../render/settings-summary.js';
import { SLACK_FORM } from './slack-form-dialect.js';

interface Decision {
  /** What Slack does with the modal: show errors, replace it with a notice, or close it (undefined). */
  readonly response: ViewResponseAction | undefined;
  /** After a save: tell the admin, once the modal is closed. */
  readonly confirm?: () => Promise<void>;
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
    const decision = await checkAndSave(parts, personActor('slack', body.user.id, organisation), view);
    await ack(decision.response);
    if (decision.confirm) {
      parts.ctx.tasks.run('slack.settings.confirm', decision.confirm);
    }
  });
}

async function checkAndSave(
  parts: SettingsFormParts,
  actor: AuditActor,
  view: ViewOutput,
): Promise<Decision> {
  const userId = actor.id;
  const logger = parts.ctx.logger.child({ userId, viewId: view.id });
  const verified = parts.signer.verify(view.private_metadata);
  if (!verified.ok || verified.value.openedBy !== userId) {
    const reason = verified.ok ? 'submitted by someone other than who opened it' : verified.reason;
    logger.warn({ reason }, 'slack settings form rejected');
    return update(
      ':warning: This form could not be verified, so nothing was saved. Run `/steward config` in the channel again.',
    );
  }
  const { value: metadata } = verified;
  const values = readSubmittedForm(view.state.values);
  if (values === undefined) {
    logger.warn({ reason: 'inputs missing or of unexpected types' }, 'slack settings form rejected');
    return update(
      ':warning: This form could not be read, so nothing was saved. Run `/steward config` again.',
    );
  }
  try {
    const channel = await slackChannel(parts.ctx, metadata.channelId);
    const outcome = await saveSettingsForm(parts.deps.admin, actor, channel, SLACK_FORM, {
      values,
      version: metadata.version,
      kept: metadata.kept,
    });
    switch (outcome.kind) {
      case 'saved':
        return { response: undefined, confirm: () => confirmSaved(parts, userId, metadata, outcome) };
      case 'invalid':
        return errors(outcome.problems);
      case 'refused':
        return update(refusalText(outcome.refusal, actor, metadata));
    }
  } catch (error) {
    const referenceId = randomUUID().slice(0, 8);
    logger.error({ err: error, referenceId, channelId: metadata.channelId }, 'slack settings not saved');
    return errors([
      {
        message: `Not saved: Steward could not reach its settings store (reference ${referenceId}). Your changes are still here; try Save again in a moment.`,
      },
    ]);
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
  const sentences = problems.map((problem) => ({
    ...problem,
    message: /[.!?]$/u.test(problem.message) ? problem.message : `${problem.message}.`,
  }));
  return Object.fromEntries(
    [...problemsByInput(sentences)].map(([field, messages]) => [
      inputBlockId(field),
      cut(messages.join(' '), MAX_ERROR_CHARS),
    ]),
  );
}

function errors(problems: readonly FormProblem[]): Decision {
  return { response: { response_action: 'errors', errors: errorsByBlock(problems) } };
}

function update(mrkdwn: string): Decision {
  return { response: { response_action: 'update', view: noticeModal(mrkdwn) } };
}

/**
 * Tells the admin the settings are saved, once the modal has closed: a message only they see in
 * the channel (or, where Steward cannot post there, in their DM with it); saved from the Home
 * tab, the tab itself shows the change.
 */
async function confirmSaved(
  parts: SettingsFormParts,
  userId: string,
  { channelId, origin }: SettingsFormMetadata,
  saved: Extract<FormSaveOutcome, { kind: 'saved' }>,
): Promise<void> {
  const { ctx } = parts;
  if (origin === 'home') {
    await parts.refreshHome(userId);
    return;
  }
  const message = mrkdwnMessage(confirmationText(parts, `<#${channelId}>`, saved));
  try {
    await ctx.web.postEphemeral(channelId, userId, message);
  } catch (error) {
    if (!isSlackPlatformError(error)) {
      throw error;
    }
    // Steward is not in the channel (or may not post there): the admin's DM with it works everywhere.
    ctx.logger.info({ channelId, slackError: error.slackError }, 'slack settings confirmation sent by DM');
    await ctx.web.postMessage(userId, message);
  }
}

function confirmationText(
  parts: SettingsFormParts,
  channel: string,
  { saved: { settings, version }, changed }: Extract<FormSaveOutcome, { kind: 'saved' }>,
): string {
  if (!changed) {
    return `Nothing changed: the settings of ${channel} were already like that.`;
  }
  const known = new Set(parts.deps.catalogue.map((action) => action.id));
  const unknown = settings.actions.map((action) => action.actionId).filter((id) => !known.has(id));
  return [
    `:white_check_mark: Saved the settings of ${channel} (version ${version}). They apply from now on.`,
    `Now: ${slackSummary(settings).join(' · ')}.`,
    ...(unknown.length > 0
      ? [
          `:warning: Not in the action catalogue, so nobody can run them until they are added: ${unknown.map((id) => `\`${id}\``).join(', ')}.`,
        ]
      : []),
  ].join('\n');
}

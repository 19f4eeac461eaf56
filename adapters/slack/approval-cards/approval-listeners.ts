import { randomUUID } from 'node:crypto';
import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt';
import { isExternal } from '../../../src/access/external-users.js';
import type { ApprovalValues } from '../../../src/approval-rules/approval-values.js';
import type { Person } from '../../../src/approval-rules/approval-types.js';
import type { Logger } from '../../../src/logger.js';
import type { ValueSigner } from '../../../src/signing/value-signer.js';
import type { ApprovalInteractions, InteractionResult } from '../../../src/ports/approval-interactions.js';
import { interactionActorOrigin, relationOf } from '../inbound/organisation.js';
import { isRecord } from '../request-body.js';
import { renderError, renderNotice } from '../render/reply-messages.js';
import type { SlackContext } from '../slack-context.js';
import type { SlackMessage } from '../slack-web-api.js';
import { APPROVAL_ACTION_PATTERN, APPROVAL_IDS } from './approval-ids.js';
import { type CardClick, postedMessage, readCardClick, slackActor } from './card-click.js';
import { readReason, readRejectTarget, rejectReasonModal } from './reject-reason-modal.js';
import type { SlackApprovalCardMessenger } from './slack-approval-cards.js';
import type { ActionRoutes } from '../listeners/action-routes.js';

export interface ApprovalListenerDeps {
  /** The approval workflow's entry point for clicks; absent when the service runs without it. */
  readonly interactions: ApprovalInteractions | undefined;
  readonly cards: SlackApprovalCardMessenger;
  /** Signs the Reject form's metadata, so a submission can only reject what the form was opened for. */
  readonly metadataSigner: ValueSigner;
  /** Signs and reads the approval buttons' values (the trust rule in docs/architecture.md). */
  readonly values: ApprovalValues;
}

type ButtonClick = BlockAction<ButtonAction>;

/**
 * Approval card buttons and the Reject reason form. A click is acknowledged at once; the
 * workflow then decides from the stored request, with the clicker taken from Slack's signed
 * request. The clicked card shows the result, and anything meant for the clicker alone ("you are
 * not an approver for this") appears as an ephemeral message next to it.
 */
export function registerApprovalListeners(
  app: App,
  actions: ActionRoutes,
  ctx: SlackContext,
  deps: ApprovalListenerDeps,
): void {
  actions.action<ButtonClick>(APPROVAL_ACTION_PATTERN, async ({ ack, body, action }) => {
    await ack();
    const logger = ctx.logger.child({ userId: body.user.id, actionId: action.action_id });
    const identity = await ctx.identity.get();
    const read = readCardClick(body, action, identity.tenantId, deps.values);
    const actor = slackActor(
      identity.tenantId,
      body.user,
      relationOf(interactionActorOrigin(body), identity),
    );
    if (!read.ok) {
      logger.warn({ reason: read.reason }, 'slack approval click refused');
      if (read.forged !== undefined && deps.interactions !== undefined) {
        const { message, threadTs } = read.forged;
        const refused = await deps.interactions.refuseForged({ actor, message, reason: read.reason });
        const click = { id: 'forged', message, threadTs };
        await tellPrivately(ctx, click, actor, renderNotice(refused.notice ?? 'Nothing was done.'), logger);
      }
      return;
    }
    if (read.click.action === 'reject' && !isExternal(actor)) {
      // The trigger id lasts three seconds: the form opens first, the workflow decides on submission.
      // Someone of another organisation gets no form: the workflow refuses them at once.
      await openRejectForm(ctx, deps, read.click, body, actor, logger);
      return;
    }
    await answerClick(ctx, deps, read.click, actor, undefined, logger);
  });

  app.view<ViewSubmitAction>(APPROVAL_IDS.rejectModal, async ({ ack, body, view }) => {
    const logger = ctx.logger.child({ userId: body.user.id, callbackId: view.callback_id });
    const reason = readReason(view.state.values);
    if (reason === '') {
      await ack({
        response_action: 'errors',
        errors: { [APPROVAL_IDS.reasonBlock]: 'Say why you reject it: the requester will see your reason.' },
      });
      return;
    }
    const target = readRejectTarget(view.private_metadata, deps.metadataSigner);
    const button = target ? deps.values.readButton(target.value) : undefined;
    if (target === undefined || !button?.ok || button.value.action !== 'reject') {
      // Metadata Steward did not sign names no card worth recording; the form says so and closes nothing.
      logger.warn({ reason: 'reason form without a genuine reject target' }, 'slack approval click refused');
      await ack({
        response_action: 'errors',
        errors: { [APPROVAL_IDS.reasonBlock]: 'This form is not genuine, so nothing was done. Press Reject on the card again.' },
      });
      return;
    }
    await ack();
    const identity = await ctx.identity.get();
    const click: CardClick = {
      action: 'reject',
      id: button.value.id,
      value: target.value,
      unsigned: !button.signed,
      message: postedMessage(identity.tenantId, target.channelId, target.messageTs, target.threadTs),
      threadTs: target.threadTs,
    };
    const actor = slackActor(
      identity.tenantId,
      body.user,
      relationOf(interactionActorOrigin(body), identity),
    );
    await answerClick(ctx, deps, click, actor, reason, logger);
  });
}

async function answerClick(
  ctx: SlackContext,
  deps: ApprovalListenerDeps,
  click: CardClick,
  actor: Person,
  reason: string | undefined,
  logger: Logger,
): Promise<void> {
  const tell = (message: SlackMessage) => tellPrivately(ctx, click, actor, message, logger);
  if (deps.interactions === undefined) {
    logger.warn({ requestId: click.id }, 'slack approval click while approvals are not running');
    await tell(renderNotice('Approvals are not available right now, so nothing changed.'));
    return;
  }
  let result: InteractionResult;
  try {
    result = await deps.interactions.handle({
      action: click.action,
      id: click.id,
      actor,
      message: click.message,
      ...(reason !== undefined ? { reason } : {}),
      ...(click.unsigned ? { unsigned: true as const } : {}),
      // The clicked copy is redrawn below as soon as the click is decided; the card job skips it.
      redrawsClickedCard: true,
    });
  } catch (error) {
    const referenceId = randomUUID().slice(0, 8);
    logger.error(
      { err: error, referenceId, requestId: click.id, clicked: click.action },
      'slack approval click failed',
    );
    await tell(
      renderError(
        'Something went wrong while recording that click. Check the card before trying again.',
        referenceId,
      ),
    );
    return;
  }
  logger.info(
    { requestId: click.id, clicked: click.action, changed: result.changed },
    'slack approval click handled',
  );
  if (result.changed && result.card) {
    // The one writer of the clicked copy at this version (at once, as Slack wants); the workflow's
    // card job draws every other copy, and this one too once the request moves on.
    await deps.cards.updateCard(click.message, result.card).catch((error: unknown) => {
      logger.warn({ err: error, requestId: click.id }, 'slack approval card not updated');
    });
  }
  if (result.notice) {
    await tell(renderNotice(result.notice));
  }
}

async function openRejectForm(
  ctx: SlackContext,
  deps: ApprovalListenerDeps,
  click: CardClick,
  body: ButtonClick,
  actor: Person,
  logger: Logger,
): Promise<void> {
  try {
    await ctx.web.openView(body.trigger_id, rejectReasonModal(click, cardTitle(body), deps.metadataSigner));
  } catch (error) {
    logger.warn({ err: error, requestId: click.id }, 'slack reject form not opened');
    await tellPrivately(
      ctx,
      click,
      actor,
      renderNotice('Slack did not let me open the form for your reason in time. Press *Reject* again.'),
      logger,
    );
  }
}

/** The card's title, from its header block as Slack sent the clicked message back. */
function cardTitle(body: ButtonClick): string | undefined {
  const blocks: unknown = body.message?.blocks;
  if (!Array.isArray(blocks)) {
    return undefined;
  }
  for (const block of blocks as unknown[]) {
    if (
      isRecord(block) &&
      block.type === 'header' &&
      isRecord(block.text) &&
      typeof block.text.text === 'string'
    ) {
      return block.text.text;
    }
  }
  return undefined;
}

async function tellPrivately(
  ctx: SlackContext,
  click: Pick<CardClick, 'id' | 'message' | 'threadTs'>,
  actor: Person,
  message: SlackMessage,
  logger: Logger,
): Promise<void> {
  await ctx.web
    .postEphemeral(click.message.address.channelId, actor.userId, message, click.threadTs)
    .catch((error: unknown) =>
      logger.warn({ err: error, requestId: click.id }, 'slack approval notice not delivered'),
    );
}

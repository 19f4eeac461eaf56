import type { BlockAction, ButtonAction, RespondFn } from '@slack/bolt';
import type { ConversationRef } from '../../../src/conversation/types.js';
import type { Logger } from '../../../src/logger.js';
import type { AnswerHandle, ButtonPurpose } from '../button-value.js';
import { renderSharedAnswer } from '../render/reply-messages.js';
import { APPROVAL_IDS } from '../approval-cards/approval-ids.js';
import { interactionActorOrigin, relationOf } from '../inbound/organisation.js';
import { isRecord } from '../request-body.js';
import type { ActionRoutes } from './action-routes.js';
import type { SlackContext } from '../slack-context.js';
import { SLACK_IDS } from '../slack-ids.js';

const OUR_ACTIONS = [
  SLACK_IDS.feedbackUp,
  SLACK_IDS.feedbackDown,
  SLACK_IDS.shareAnswer,
  SLACK_IDS.homeEditChannel,
  SLACK_IDS.homeChannelsPage,
  SLACK_IDS.homeOpenLink,
];
/**
 * Every other action id, so a click on a button this version does not know is still acknowledged.
 * Approval buttons have listeners of their own (approvals/approval-listeners.ts).
 */
const OTHER_ACTIONS = new RegExp(`^(?!(${OUR_ACTIONS.join('|')})$)(?!${APPROVAL_IDS.actionPrefix})`);

type ButtonClick = BlockAction<ButtonAction>;

/** 👍/👎 on answers, "Share in channel" on private answers, and a catch-all that only logs. */
export function registerActionListeners(actions: ActionRoutes, ctx: SlackContext): void {
  for (const [actionId, rating] of [
    [SLACK_IDS.feedbackUp, 'up'],
    [SLACK_IDS.feedbackDown, 'down'],
  ] as const) {
    actions.action<ButtonClick>(actionId, async ({ ack, body, action, respond }) => {
      await ack();
      ctx.tasks.run('slack.feedback', () => recordFeedback(ctx, body, action, rating, respond));
    });
  }

  actions.action<ButtonClick>(SLACK_IDS.shareAnswer, async ({ ack, body, action, respond }) => {
    await ack();
    ctx.tasks.run('slack.share', () => shareAnswer(ctx, body, action, respond));
  });

  actions.action(OTHER_ACTIONS, async ({ ack, body }) => {
    await ack();
    ctx.logger.info({ type: body.type, userId: body.user.id }, 'slack action not handled');
  });
}

async function recordFeedback(
  ctx: SlackContext,
  body: ButtonClick,
  action: ButtonAction,
  rating: 'up' | 'down',
  respond: RespondFn,
): Promise<void> {
  const logger = ctx.logger.child({ userId: body.user.id, actionId: action.action_id });
  const ref = await verifiedRef(ctx, 'feedback', body, action, logger);
  if (!ref || (await refusedOutsider(ctx, body, ref.ref, 'feedback', respond, logger))) {
    return;
  }
  const { stored } = await ctx.useCases.recordFeedback(
    { ref: ref.ref, turnId: ref.turnId, rating, userId: body.user.id },
    logger,
  );
  await respond({
    response_type: 'ephemeral',
    replace_original: false,
    text: stored
      ? 'Thanks, your feedback is recorded.'
      : 'That answer is no longer in my history (it was forgotten or has expired), so there is nothing to rate.',
  });
}

async function shareAnswer(
  ctx: SlackContext,
  body: ButtonClick,
  action: ButtonAction,
  respond: RespondFn,
): Promise<void> {
  const logger = ctx.logger.child({ userId: body.user.id, actionId: action.action_id });
  const ref = await verifiedRef(ctx, 'share', body, action, logger);
  if (!ref || (await refusedOutsider(ctx, body, ref.ref, 'share', respond, logger))) {
    return;
  }
  const outcome = await ctx.useCases.shareAnswer(
    { ref: ref.ref, turnId: ref.turnId, userId: body.user.id },
    logger,
  );
  switch (outcome.kind) {
    case 'share':
      for (const message of renderSharedAnswer(outcome.turn, body.user.id)) {
        await respond({
          response_type: 'in_channel',
          replace_original: false,
          text: message.text,
          blocks: [...message.blocks],
        });
      }
      await respond({ delete_original: true });
      logger.info({ turnId: ref.turnId }, 'answer shared in channel');
      return;
    case 'already-shared':
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: 'This answer is already shared in the channel.',
      });
      return;
    case 'unknown-turn':
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: 'That answer is no longer in my history, so I cannot share it. Ask again to get a fresh one.',
      });
      return;
  }
}

/** True when the clicker is of another organisation and the core refused them (they are told why). */
async function refusedOutsider(
  ctx: SlackContext,
  body: ButtonClick,
  ref: ConversationRef,
  attempted: 'feedback' | 'share',
  respond: RespondFn,
  logger: Logger,
): Promise<boolean> {
  const organisation = relationOf(interactionActorOrigin(body), await ctx.identity.get());
  if (organisation === 'member') {
    return false;
  }
  const refusal = await ctx.useCases.refuseOutsider(
    { ref, userId: body.user.id, organisation, attempted },
    logger,
  );
  if (refusal === undefined) {
    return false;
  }
  await respond({ response_type: 'ephemeral', replace_original: false, text: refusal });
  return true;
}

/**
 * The answer a button points at, only when its value carries our signature and was clicked in
 * the channel it was posted to. Anything else is refused with a log line and changes nothing.
 */
async function verifiedRef(
  ctx: SlackContext,
  purpose: ButtonPurpose,
  body: ButtonClick,
  action: ButtonAction,
  logger: Logger,
): Promise<{ readonly ref: ConversationRef; readonly turnId: string } | undefined> {
  const verified = ctx.signer.verify(purpose, action.value);
  if (!verified.ok) {
    logger.warn({ reason: verified.reason }, 'slack button value rejected');
    return undefined;
  }
  const handle: AnswerHandle = verified.handle;
  const container: unknown = body.container;
  const clickedIn = body.channel?.id ?? (isRecord(container) ? container.channel_id : undefined);
  if (clickedIn !== handle.channelId) {
    logger.warn({ reason: 'value belongs to another channel', clickedIn }, 'slack button value rejected');
    return undefined;
  }
  const identity = await ctx.identity.get();
  return {
    ref: {
      platform: 'slack',
      tenantId: identity.tenantId,
      channelId: handle.channelId,
      threadId: handle.threadId,
    },
    turnId: handle.turnId,
  };
}

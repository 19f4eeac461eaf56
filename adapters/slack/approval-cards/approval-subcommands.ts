import type { Reply } from '../../../src/conversation/reply.js';
import { mentionedPeople } from '../inbound/slack-text.js';
import type { InboundMessage } from '../../../src/conversation/types.js';
import { AnswerSession } from '../answer-session.js';
import { dispatchMessage } from '../dispatch-message.js';
import { escapeMrkdwn } from '../render/mrkdwn.js';
import { mrkdwnMessage, renderNotice } from '../render/reply-messages.js';
import type { SlackContext } from '../slack-context.js';
import { isSlackPlatformError } from '../slack-errors.js';
import { privateConversation } from '../slash/builtin-subcommands.js';
import type { SlashInvocation, SlashSubcommand } from '../slash/slash-command-registry.js';
import { clip } from './card-text.js';

/** Slack's refusals that mean the bot cannot write in the channel the command came from. */
const CANNOT_POST_HERE = ['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action'];

/**
 * `/steward run <action> key=value … [because …]`. In a channel the request gets a thread of its
 * own: a short message says who asked, and the card goes in its thread, where the outcome is
 * posted later (slash commands carry no thread, and the person's private `/steward` conversation
 * must not become evidence on a card others read). In a direct message the card is posted there.
 */
export function runSubcommand(ctx: SlackContext): SlashSubcommand {
  return {
    name: 'run',
    usage: 'run <action> key=value … [because <reason>]',
    description:
      'Asks to run an action. A card shows exactly what will run; you confirm it, then approvers (never you) decide.',
    async run(invocation) {
      if (invocation.args === '') {
        await invocation.privately.post(
          renderNotice(
            `Name the action and its values, for example \`${invocation.command} run restart-service service=web because the site returns 502\`. Actions allowed in a channel are listed when you name one that is not.`,
          ),
        );
        return;
      }
      // In a channel the request gets a thread of its own, started before the core has a say;
      // someone of another organisation is answered privately instead, where the core refuses them.
      if (invocation.isDirectMessage || invocation.organisation === 'external') {
        await dispatchMessage(ctx, inbound(invocation, privateConversation(invocation).threadId), {
          surface: invocation.privately,
          progress: { kind: 'none' },
          shareable: false,
          intent: { kind: 'run', command: invocation.args },
        });
        return;
      }
      await runInChannel(ctx, invocation);
    },
  };
}

/** `/steward approvals`: what waits for the person's decision, and where their requests stand. */
export function approvalsSubcommand(ctx: SlackContext): SlashSubcommand {
  return {
    name: 'approvals',
    usage: 'approvals',
    description:
      'Lists the requests waiting for your decision, with links to their cards, and where your own requests stand.',
    async run(invocation) {
      await dispatchMessage(ctx, inbound(invocation, privateConversation(invocation).threadId, 'approvals'), {
        surface: invocation.privately,
        progress: { kind: 'none' },
        shareable: false,
        intent: { kind: 'approvals' },
      });
    },
  };
}

async function runInChannel(ctx: SlackContext, invocation: SlashInvocation): Promise<void> {
  const { channelId, userId, logger } = invocation;
  const actionWord = clip(invocation.args.split(/\s+/)[0] ?? '', 80);
  let rootTs: string;
  try {
    rootTs = await ctx.web.postMessage(
      channelId,
      mrkdwnMessage(
        `:clipboard: <@${userId}> asked to run \`${escapeMrkdwn(actionWord)}\` with \`${escapeMrkdwn(invocation.command)} run\`.`,
      ),
    );
  } catch (error) {
    if (isSlackPlatformError(error, ...CANNOT_POST_HERE)) {
      logger.info({ err: error }, 'slack run refused: cannot post in the channel');
      await invocation.privately.post(
        renderNotice(
          'I can only post a request where I am a member. Invite me to this channel (`/invite @Steward`) and run the command again, or mention me in a thread here.',
        ),
      );
      return;
    }
    throw error;
  }

  const session = new AnswerSession({
    surface: invocation.privately,
    progress: { kind: 'none' },
    conversation: { channelId, threadId: rootTs },
    signer: ctx.signer,
    shareable: false,
    rateLimits: ctx.rateLimits,
    logger,
  });
  let reply: Reply;
  try {
    reply = await ctx.useCases.dispatch(inbound(invocation, rootTs), {
      onAccepted: session.accepted,
      onText: session.onText,
      intent: { kind: 'run', command: invocation.args },
    });
  } catch (error) {
    await removeRoot(ctx, channelId, rootTs, invocation);
    throw error;
  }
  if (reply.kind === 'card-posted') {
    await ctx.web
      .updateMessage(
        channelId,
        rootTs,
        mrkdwnMessage(
          `:clipboard: <@${userId}> asked to run *${escapeMrkdwn(reply.card.action.title)}*. The request and its outcome are in this thread.`,
        ),
      )
      .catch((error: unknown) => logger.warn({ err: error }, 'slack run summary not updated'));
    return;
  }
  // Nothing was proposed (unknown action, invalid values...): the person alone is told why.
  await removeRoot(ctx, channelId, rootTs, invocation);
  await session.finish(reply);
}

async function removeRoot(
  ctx: SlackContext,
  channelId: string,
  rootTs: string,
  invocation: SlashInvocation,
): Promise<void> {
  await ctx.web
    .deleteMessage(channelId, rootTs)
    .catch((error: unknown) => invocation.logger.warn({ err: error }, 'slack run message not removed'));
}

function inbound(
  invocation: SlashInvocation,
  threadId: string,
  text = `run ${invocation.args}`,
): InboundMessage {
  // Arguments arrive as typed, mentions as Slack markup (`<@U123|alice>`).
  const mentioned = mentionedPeople(text, '', 'markup');
  return {
    ...(mentioned.length > 0 ? { mentioned } : {}),
    ref: { platform: 'slack', tenantId: invocation.tenantId, channelId: invocation.channelId, threadId },
    author: { id: invocation.userId, organisation: invocation.organisation },
    text,
    eventId: invocation.triggerId,
    receivedAt: invocation.receivedAt,
  };
}

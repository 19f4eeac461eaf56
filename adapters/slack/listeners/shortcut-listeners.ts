import type { App, MessageShortcut } from '@slack/bolt';
import { dispatchMessage } from '../dispatch-message.js';
import { interactionActorOrigin, relationOf } from '../inbound/organisation.js';
import { privateSurface } from '../reply-surface.js';
import type { SlackContext } from '../slack-context.js';
import { SLACK_IDS } from '../slack-ids.js';

/**
 * "Forget this thread" in a message's ⋯ menu. Slack does not allow slash commands inside
 * threads, so this is how someone clears a thread's history without writing to the thread.
 */
export function registerShortcutListeners(app: App, ctx: SlackContext): void {
  app.shortcut<MessageShortcut>(SLACK_IDS.forgetThreadShortcut, async ({ ack, shortcut, respond }) => {
    await ack();
    ctx.tasks.run('slack.forget_thread', async () => {
      const identity = await ctx.identity.get();
      const threadTs =
        typeof shortcut.message.thread_ts === 'string' ? shortcut.message.thread_ts : undefined;
      const isDirectMessage = shortcut.channel.id.startsWith('D');
      const threadId = threadTs ?? (isDirectMessage ? shortcut.channel.id : shortcut.message.ts);
      await dispatchMessage(
        ctx,
        {
          ref: { platform: 'slack', tenantId: identity.tenantId, channelId: shortcut.channel.id, threadId },
          author: {
            id: shortcut.user.id,
            organisation: relationOf(interactionActorOrigin(shortcut), identity),
          },
          text: 'forget',
          eventId: shortcut.trigger_id,
          receivedAt: ctx.clock.now(),
        },
        {
          surface: privateSurface(respond),
          progress: { kind: 'none' },
          shareable: false,
          intent: { kind: 'forget' },
        },
      );
    });
  });
}

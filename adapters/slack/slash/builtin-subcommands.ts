import { parseIntent } from '../../../src/conversation/intent.js';
import type { ConversationRef } from '../../../src/conversation/types.js';
import { dispatchMessage, queueQuestion } from '../dispatch-message.js';
import { escapeMrkdwn } from '../render/mrkdwn.js';
import { renderNotice } from '../render/reply-messages.js';
import type { SlackContext } from '../slack-context.js';
import type { SlashCommandRegistry, SlashInvocation, SlashSubcommand } from './slash-command-registry.js';

/**
 * The conversation behind `/steward` in a channel is private to the person: their own questions
 * there, never mixed with the channel's threads. In a DM it is the DM's running conversation.
 */
export function privateConversation(invocation: SlashInvocation): ConversationRef {
  return {
    platform: 'slack',
    tenantId: invocation.tenantId,
    channelId: invocation.channelId,
    threadId: invocation.isDirectMessage ? invocation.channelId : `private:${invocation.userId}`,
  };
}

function message(invocation: SlashInvocation, text: string) {
  return {
    ref: privateConversation(invocation),
    author: { id: invocation.userId, organisation: invocation.organisation },
    text,
    eventId: invocation.triggerId,
    receivedAt: invocation.receivedAt,
    // Asked and answered privately: only the person who asked sees it in reports.
    privateConversation: true,
  };
}

export function askSubcommand(ctx: SlackContext): SlashSubcommand {
  return {
    name: 'ask',
    usage: 'ask <question>',
    description: 'Answers privately, with a button to share the answer in the channel.',
    queuesBeforeAcknowledging: true,
    acknowledge: (args) =>
      args === '' ? undefined : `:mag: Looking up _${escapeMrkdwn(args.slice(0, 200))}_…`,
    async run(invocation) {
      if (invocation.args === '') {
        await invocation.privately.post(
          renderNotice(
            `Add your question after **ask**, for example \`${invocation.command} ask How do I reset my password?\``,
          ),
        );
        return;
      }
      const target = {
        surface: invocation.privately,
        progress: { kind: 'none' as const },
        shareable: !invocation.isDirectMessage,
        intent: { kind: 'ask' as const },
      };
      if (ctx.answers !== undefined) {
        await queueQuestion(ctx, message(invocation, invocation.args), {
          ...target,
          queueTo: {
            channelId: invocation.channelId,
            authorId: invocation.userId,
            responseUrl: invocation.responseUrl,
            shareable: target.shareable,
          },
        });
        return;
      }
      await dispatchMessage(ctx, message(invocation, invocation.args), target);
    },
  };
}

export function forgetSubcommand(ctx: SlackContext): SlashSubcommand {
  return {
    name: 'forget',
    usage: 'forget [me]',
    description:
      'Forgets your private conversation here (in a DM: the DM). For a thread, use "Forget this thread" in a message’s ⋯ menu. `forget me` erases everything I keep about you, everywhere, after you confirm.',
    async run(invocation) {
      const personWide = parseIntent(`forget ${invocation.args}`);
      if (personWide.kind === 'forget-me') {
        await dispatchMessage(ctx, message(invocation, `forget ${invocation.args}`), {
          surface: invocation.privately,
          progress: { kind: 'none' },
          shareable: false,
          intent: personWide,
        });
        return;
      }
      await dispatchMessage(ctx, message(invocation, 'forget'), {
        surface: invocation.privately,
        progress: { kind: 'none' },
        shareable: false,
        intent: { kind: 'forget' },
      });
      if (!invocation.isDirectMessage) {
        await invocation.privately.post(
          renderNotice(
            'Slack does not run commands inside threads: to clear what I remember of a thread, choose **Forget this thread** from the ⋯ menu of a message in it, or mention me there with `forget`.',
          ),
        );
      }
    },
  };
}

/** `/steward export`: everything stored about the person, as JSON, shown to them only. */
export function exportSubcommand(ctx: SlackContext): SlashSubcommand {
  return {
    name: 'export',
    usage: 'export',
    description: 'Shows you everything I keep about you, as JSON (only you see it).',
    async run(invocation) {
      await dispatchMessage(ctx, message(invocation, 'export my data'), {
        surface: invocation.privately,
        progress: { kind: 'none' },
        shareable: false,
        intent: { kind: 'export-me' },
      });
    },
  };
}

export function helpSubcommand(ctx: SlackContext, registry: SlashCommandRegistry): SlashSubcommand {
  return {
    name: 'help',
    aliases: ['?'],
    usage: 'help',
    description: 'Shows this list.',
    async run(invocation) {
      if (invocation.organisation === 'external') {
        // This list names the organisation's commands; the core decides what someone of another
        // organisation is told instead.
        await dispatchMessage(ctx, message(invocation, 'help'), {
          surface: invocation.privately,
          progress: { kind: 'none' },
          shareable: false,
          intent: { kind: 'help' },
        });
        return;
      }
      await invocation.privately.post(renderNotice(helpText(registry, invocation.command)));
    },
  };
}

export function helpText(registry: SlashCommandRegistry, command: string): string {
  const lines = registry.list().map((entry) => `• \`${command} ${entry.usage}\`: ${entry.description}`);
  return [
    'Mention me in a channel, message me directly, or open me in the assistant pane: I answer from your organisation’s knowledge base and cite my sources. Follow-ups in the same thread keep the context.',
    '',
    ...lines,
  ].join('\n');
}

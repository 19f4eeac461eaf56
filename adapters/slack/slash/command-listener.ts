import { randomUUID } from 'node:crypto';
import type { App, SlashCommand } from '@slack/bolt';
import { commandInvokerOrigin, relationOf } from '../inbound/organisation.js';
import { escapeMrkdwn } from '../render/mrkdwn.js';
import { renderError, renderNotice } from '../render/reply-messages.js';
import { privateSurface, type RespondFn } from '../reply-surface.js';
import type { SlackContext } from '../slack-context.js';
import { helpText } from './builtin-subcommands.js';
import type { SlashCommandRegistry, SlashInvocation } from './slash-command-registry.js';

/**
 * The app's slash command (whatever name the manifest gives it; every command Slack sends to
 * this app is ours). Acknowledged at once, with the subcommand's own acknowledgement text or the
 * help, then the subcommand runs as a tracked task and answers privately.
 */
export function registerCommandListener(app: App, ctx: SlackContext, registry: SlashCommandRegistry): void {
  app.command(/.*/, async ({ command, ack, respond }) => {
    // Known already: Bolt's authorisation asked for it before this listener runs.
    const identity = await ctx.identity.get();
    const organisation = relationOf(commandInvokerOrigin(command), identity);
    let resolution = registry.resolve(command.text);
    if (resolution.kind !== 'subcommand' && organisation === 'external') {
      // Help passes through the core for someone of another organisation, which decides whether
      // they are answered at all.
      resolution = registry.resolve('help');
    }
    if (resolution.kind !== 'subcommand') {
      const intro =
        resolution.kind === 'unknown' ? `I do not know \`${escapeMrkdwn(resolution.word)}\`.\n\n` : '';
      const help = renderNotice(intro + helpText(registry, command.command));
      await ack({ response_type: 'ephemeral', text: help.text, blocks: [...help.blocks] });
      return;
    }
    const { subcommand, args } = resolution;
    const acknowledgement = subcommand.acknowledge?.(args);
    if (ctx.answers !== undefined && subcommand.queuesBeforeAcknowledging === true) {
      // Queued before Slack hears back (its 3 seconds hold: nothing slow runs; the worker admits it).
      await runSubcommand(ctx, command, { args, organisation }, respond, (invocation) =>
        subcommand.run(invocation),
      );
      await ack(acknowledgement ? { response_type: 'ephemeral', text: acknowledgement } : undefined);
      return;
    }
    await ack(acknowledgement ? { response_type: 'ephemeral', text: acknowledgement } : undefined);
    const tasks = subcommand.opensView === true ? ctx.interactive : ctx.tasks;
    tasks.run(`slack.command.${subcommand.name}`, () =>
      runSubcommand(ctx, command, { args, organisation }, respond, (invocation) =>
        subcommand.run(invocation),
      ),
    );
  });
}

async function runSubcommand(
  ctx: SlackContext,
  command: SlashCommand,
  { args, organisation }: Pick<SlashInvocation, 'args' | 'organisation'>,
  respond: RespondFn,
  run: (invocation: SlashInvocation) => Promise<void>,
): Promise<void> {
  const logger = ctx.logger.child({
    command: command.command,
    userId: command.user_id,
    triggerId: command.trigger_id,
  });
  const privately = privateSurface(respond);
  try {
    const identity = await ctx.identity.get();
    await run({
      args,
      command: command.command,
      userId: command.user_id,
      organisation,
      channelId: command.channel_id,
      isDirectMessage: command.channel_name === 'directmessage' || command.channel_id.startsWith('D'),
      tenantId: identity.tenantId,
      triggerId: command.trigger_id,
      receivedAt: ctx.clock.now(),
      logger,
      privately,
      responseUrl: command.response_url,
    });
  } catch (error) {
    const referenceId = randomUUID().slice(0, 8);
    logger.error({ err: error, referenceId }, 'slack command failed');
    await privately
      .post(renderError('Something went wrong while running that command.', referenceId))
      .catch((replyError: unknown) =>
        logger.error({ err: replyError, referenceId }, 'slack error reply could not be delivered'),
      );
  }
}

import type { TeamsScope } from '../teams-conversation.js';
import { parseIntent } from '../../../src/conversation/intent.js';
import type { Reply } from '../../../src/conversation/reply.js';
import type { CommandInvocation, TeamsCommand } from './command-registry.js';
import { configCommand } from './config-command.js';

export const helpCommand: TeamsCommand = {
  name: 'help',
  aliases: ['?'],
  description: 'Show what I can do and the commands I understand',
  async run(invocation) {
    // Through the core like every message, so a redelivered "help" is answered once.
    const reply = await invocation.dispatch({ intent: { kind: 'help' } });
    return reply.kind === 'notice'
      ? { kind: 'notice', text: helpText(invocation.scope, invocation.commands) }
      : reply;
  },
};

export const forgetCommand: TeamsCommand = {
  name: 'forget',
  aliases: ['forget this', 'forget this conversation', 'forget this thread'],
  description: 'Delete what I remember of this conversation',
  run: (invocation) => invocation.dispatch({ intent: { kind: 'forget' } }),
};

/**
 * What concerns one person's data is for their eyes only: Teams has no private replies in a
 * channel or group chat, so there the reply goes to their personal chat with the bot.
 */
async function replyPrivately(invocation: CommandInvocation, reply: Reply): Promise<Reply> {
  if (invocation.scope === 'personal' || reply.kind !== 'notice') {
    return reply;
  }
  await invocation.sendPrivately(reply.text);
  return { kind: 'notice', text: 'I have answered you in our personal chat.', audience: 'author' };
}

export const forgetMeCommand: TeamsCommand = {
  name: 'forget-me',
  aliases: ['forget me', 'forget about me'],
  description: 'Erase everything I keep about you, in every conversation, after you confirm',
  takesArguments: true,
  async run(invocation) {
    const intent = parseIntent(`forget me ${invocation.args}`.trim());
    const reply = await invocation.dispatch({ intent: intent.kind === 'forget-me' ? intent : { kind: 'forget-me' } });
    return replyPrivately(invocation, reply);
  },
};

export const exportMyDataCommand: TeamsCommand = {
  name: 'export-my-data',
  aliases: ['export my data', 'export me', 'my data'],
  description: 'Send you everything I keep about you, as JSON',
  async run(invocation) {
    return replyPrivately(invocation, await invocation.dispatch({ intent: { kind: 'export-me' } }));
  },
};

/** The commands every Teams installation has. */
export const builtInCommands: readonly TeamsCommand[] = [
  helpCommand,
  forgetCommand,
  forgetMeCommand,
  exportMyDataCommand,
  configCommand,
];

/** Help in Teams Markdown, listing the commands registered for the scope it is asked in. */
export function helpText(scope: TeamsScope, commands: readonly TeamsCommand[]): string {
  const where =
    scope === 'personal'
      ? 'Ask me a question in plain words; follow-ups keep the context until you say **forget**.'
      : 'Mention me with a question in plain words; follow-ups in the same thread keep the context.';
  return [
    'I answer questions from your organisation’s knowledge base and cite where each answer comes from.',
    '',
    where,
    '',
    '**Commands**',
    '',
    ...commands.map((command) => `- **${command.name}**: ${command.description}`),
  ].join('\n');
}

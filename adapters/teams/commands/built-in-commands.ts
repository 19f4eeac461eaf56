import type { TeamsScope } from '../teams-conversation.js';
import type { TeamsCommand } from './command-registry.js';
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

/** The commands every Teams installation has. */
export const builtInCommands: readonly TeamsCommand[] = [helpCommand, forgetCommand, configCommand];

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

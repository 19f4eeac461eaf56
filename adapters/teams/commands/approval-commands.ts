import type { TeamsCommand } from './command-registry.js';

/**
 * `run <action> key=value ... [because ...]`: asks for an action through the core's `run` intent,
 * which posts a proposal card into the thread for the requester to confirm. When the word after
 * `run` is no action and no `key=value` follows ("run through the onboarding steps"), the core
 * answers the message as a question.
 */
export const runCommand: TeamsCommand = {
  name: 'run',
  description:
    'Ask me to run an action: run <action> key=value … because <reason>. Risky ones wait for approvers.',
  takesArguments: true,
  run: (invocation) => invocation.dispatch({ intent: { kind: 'run', command: invocation.args } }),
};

/**
 * `approvals`: the requests waiting for the person's decision and where their own stand. Outside
 * a personal chat the list goes to the person's personal chat with the bot, since Teams shows a
 * reply in a channel to everyone there.
 */
export const approvalsCommand: TeamsCommand = {
  name: 'approvals',
  aliases: ['my approvals', 'pending approvals'],
  description: 'List the approval requests waiting for you, and where your own requests stand',
  async run(invocation) {
    const reply = await invocation.dispatch({ intent: { kind: 'approvals' } });
    if (invocation.scope === 'personal' || reply.kind !== 'notice') {
      return reply;
    }
    try {
      await invocation.sendPrivately(reply.text);
    } catch {
      return {
        kind: 'notice',
        text: 'I could not write to you privately. Send me **approvals** in a personal chat to see your list.',
      };
    }
    return { kind: 'notice', text: 'I sent you your approvals in our personal chat.' };
  },
};

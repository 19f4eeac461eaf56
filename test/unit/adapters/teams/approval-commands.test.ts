import { describe, expect, it } from 'vitest';
import { approvalsCommand, runCommand } from '../../../../adapters/teams/commands/approval-commands.js';
import type { CommandInvocation } from '../../../../adapters/teams/commands/command-registry.js';
import type { TeamsScope } from '../../../../adapters/teams/teams-conversation.js';
import type { DispatchOptions } from '../../../../src/conversation/dispatcher.js';
import type { Reply } from '../../../../src/conversation/reply.js';
import { buildMessage } from '../../../support/builders.js';

const LIST = '*Waiting for you (1):*\n• *Restart a service* asked by Rita';

/** An invocation whose core answers `reply`, recording what the command asked of it. */
function invocation(scope: TeamsScope, args = '', options: { privateFails?: boolean } = {}) {
  const dispatched: DispatchOptions[] = [];
  const sentPrivately: string[] = [];
  const value = {
    message: buildMessage({ text: 'approvals' }),
    activity: {} as CommandInvocation['activity'],
    args,
    scope,
    commands: [],
    dispatch: (dispatchOptions: DispatchOptions = {}): Promise<Reply> => {
      dispatched.push(dispatchOptions);
      return Promise.resolve({ kind: 'notice', text: LIST });
    },
    claimDelivery: () => Promise.resolve(true),
    channelSettings: {} as CommandInvocation['channelSettings'],
    sendPrivately: (text: string) => {
      if (options.privateFails) {
        return Promise.reject(new Error('Bot Connector createConversation failed (HTTP 403)'));
      }
      sentPrivately.push(text);
      return Promise.resolve();
    },
  } satisfies CommandInvocation;
  return { value, dispatched, sentPrivately };
}

describe('the Teams run and approvals commands', () => {
  it('run hands everything after the word to the core’s run intent', async () => {
    const { value, dispatched } = invocation('channel', 'restart-service service=web because 502s');

    await runCommand.run(value);

    expect(dispatched).toEqual([
      { intent: { kind: 'run', command: 'restart-service service=web because 502s' } },
    ]);
  });

  it('answers approvals in a personal chat itself', async () => {
    const { value, dispatched, sentPrivately } = invocation('personal');

    expect(await approvalsCommand.run(value)).toEqual({ kind: 'notice', text: LIST });
    expect(dispatched).toEqual([{ intent: { kind: 'approvals' } }]);
    expect(sentPrivately).toEqual([]);
  });

  it('sends the approvals list privately when asked in a channel or group chat', async () => {
    for (const scope of ['channel', 'groupChat'] as const) {
      const { value, sentPrivately } = invocation(scope);

      expect(await approvalsCommand.run(value)).toEqual({
        kind: 'notice',
        text: 'I sent you your approvals in our personal chat.',
      });
      expect(sentPrivately).toEqual([LIST]);
    }
  });

  it('says where to ask when it cannot write privately, never showing the list to the channel', async () => {
    const { value } = invocation('channel', '', { privateFails: true });

    const reply = await approvalsCommand.run(value);

    expect(reply).toEqual({
      kind: 'notice',
      text: 'I could not write to you privately. Send me **approvals** in a personal chat to see your list.',
    });
  });
});

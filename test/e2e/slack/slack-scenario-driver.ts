import type { FakeSlack } from '../../support/fake-slack.js';
import { visibleText } from '../../support/slack-blocks.js';
import { eventPayload, uniqueTs } from '../../support/slack-payloads.js';
import { postEvent } from '../../support/slack-requests.js';
import type { SlackServiceHandle } from '../../support/slack-service.js';
import type { ChatPlatformDriver, ScenarioThread } from '../scenarios/chat-platform-driver.js';

const CHANNEL = 'C0SCENARIO';
const TENANT = 'T0ACME';

export interface SlackScenarioHarness {
  readonly slack: FakeSlack;
  readonly handle: SlackServiceHandle;
}

/**
 * Plays the shared scenarios in a Slack channel: a mention starts a thread, follow-ups are
 * thread replies without a mention (as people write them), and each answer is read from the
 * fake Web API as the thread finally shows it (the placeholder's last update, and any messages
 * a long answer continued in).
 */
export function slackScenarioDriver(harness: () => SlackScenarioHarness): ChatPlatformDriver {
  async function ask(
    fixture: 'app-mention' | 'message-thread-reply',
    event: Record<string, unknown>,
    threadTs: string,
  ): Promise<string> {
    const { slack, handle } = harness();
    const before = slack.calls.length;
    const response = await postEvent(handle.eventsUrl, eventPayload(fixture, event));
    if (response.status !== 200) {
      throw new Error(`Slack delivery refused with ${response.status}`);
    }
    await handle.settle();
    const calls = slack.calls.slice(before);
    const posted = calls.filter(
      (call) =>
        call.method === 'chat.postMessage' &&
        call.args.channel === CHANNEL &&
        call.args.thread_ts === threadTs,
    );
    if (posted.length === 0) {
      throw new Error(
        `no answer in thread ${threadTs}; calls: ${calls.map((call) => call.method).join(', ')}`,
      );
    }
    return posted
      .map((post) => {
        const shown = calls
          .filter((call) => call.method === 'chat.update' && call.args.ts === post.result?.ts)
          .at(-1);
        return visibleText(shown ?? post);
      })
      .join('\n');
  }

  const threadOf = (rootTs: string): ScenarioThread => ({
    ref: { platform: 'slack', tenantId: TENANT, channelId: CHANNEL, threadId: rootTs },
  });

  return {
    platform: 'slack',
    async startThread(question) {
      const ts = uniqueTs();
      const answer = await ask(
        'app-mention',
        { ts, event_ts: ts, channel: CHANNEL, text: `<@UBOT0STEWARD> ${question}` },
        ts,
      );
      return { thread: threadOf(ts), answer };
    },
    reply(thread, question) {
      const ts = uniqueTs();
      return ask(
        'message-thread-reply',
        {
          ts,
          event_ts: ts,
          thread_ts: thread.ref.threadId,
          channel: CHANNEL,
          text: question,
        },
        thread.ref.threadId,
      );
    },
    history: (thread) => harness().handle.service.storage.store.load(thread.ref),
  };
}

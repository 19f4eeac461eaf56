import { visibleText } from '../../support/teams/card-reading.js';
import { newActivityId } from '../../support/teams/teams-fixtures.js';
import { TEST_TENANT_ID, type TeamsHarness } from '../../support/teams/teams-harness.js';
import type { ChatPlatformDriver, ScenarioThread } from '../scenarios/chat-platform-driver.js';

const CHANNEL = '19:7c2e8d1a94b34f6e8a5b0c9d2e1f4a7b@thread.tacv2';

/** Plays the shared scenarios in a Teams channel: mentions posted to /api/messages, answers read at the fake connector. */
export function teamsScenarioDriver(teams: () => TeamsHarness): ChatPlatformDriver {
  async function ask(root: string, question: string, activityId = newActivityId()): Promise<string> {
    const harness = teams();
    await harness.post(
      harness.activity('channel-mention', { text: question, activityId, threadRootId: root }),
    );
    const conversation = `${CHANNEL};messageid=${root}`;
    const answersTo = () =>
      harness.connector.messagesIn(conversation).filter((call) => call.activityId === activityId);
    await harness.connector.waitFor(() => answersTo().length > 0);
    return answersTo()
      .map((call) => visibleText(call.body))
      .join('\n');
  }

  const threadOf = (root: string): ScenarioThread => ({
    ref: { platform: 'teams', tenantId: TEST_TENANT_ID, channelId: CHANNEL, threadId: root },
  });

  return {
    platform: 'teams',
    async startThread(question) {
      const root = newActivityId();
      const answer = await ask(root, question, root);
      return { thread: threadOf(root), answer };
    },
    reply: (thread, question) => ask(thread.ref.threadId, question),
    history: (thread) => teams().service.storage.store.load(thread.ref),
  };
}

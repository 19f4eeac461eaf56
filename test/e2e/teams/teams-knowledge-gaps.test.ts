import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestTable } from '../../support/dynamodb.js';
import { feedbackData, visibleText } from '../../support/teams/card-reading.js';
import { newActivityId } from '../../support/teams/teams-fixtures.js';
import { TeamsHarness } from '../../support/teams/teams-harness.js';

/** The channel of the channel-mention fixture, and the personal chat of the personal-message one. */
const CHANNEL = '19:7c2e8d1a94b34f6e8a5b0c9d2e1f4a7b@thread.tacv2';
const PERSONAL_CHAT = 'a:1Fq8ZrP3xT7vL2mN9kB4cW6yD0sH5jE8gA1uR3oI7pQ2wV9tX4nM6zC0bK5eY8';
/** Ann (the fixtures' sender) is an admin; Bo is not. */
const ANN_OBJECT_ID = '4f0c6a52-9d3e-4b7a-8e1f-2c5d7a9b3e61';
const BO = {
  id: '29:1pR7kD2wQ9xL4mB8vT3nC6zF0yH5sJ1gE7uA2oK9iW4',
  name: 'Bo Example',
  aadObjectId: '9e2b1c7d-5a4f-4e3b-a6c8-0d1f2e3a4b5c',
};
const UNANSWERABLE = 'What is the airspeed velocity of an unladen swallow?';
const PRIVATE_QUESTION = 'Who won the 1954 football world cup final in Bern?';

describe('Teams: the gaps command', () => {
  const table = useTestTable('e2e-teams-gaps');
  let teams: TeamsHarness;

  beforeAll(async () => {
    teams = await TeamsHarness.start(table, { env: { ADMIN_USERS: `teams:${ANN_OBJECT_ID}` } });
  });

  afterAll(async () => {
    await teams.stop();
  });

  /** Mentions the bot in a new channel thread (as Ann unless `from` says otherwise); returns its one reply. */
  async function inChannel(text: string, from?: typeof BO) {
    const root = newActivityId();
    const activity = teams.activity('channel-mention', { text, activityId: root });
    if (from !== undefined) {
      activity.from = from;
    }
    expect((await teams.post(activity)).status).toBe(200);
    const thread = `${CHANNEL};messageid=${root}`;
    await teams.connector.waitFor(() => teams.connector.messagesIn(thread).length === 1);
    return { root, reply: teams.connector.messagesIn(thread)[0]! };
  }

  async function inPersonalChat(text: string) {
    const before = teams.connector.messagesIn(PERSONAL_CHAT).length;
    expect((await teams.post(teams.activity('personal-message', { text }))).status).toBe(200);
    await teams.connector.waitFor(() => teams.connector.messagesIn(PERSONAL_CHAT).length > before);
    return teams.connector.messagesIn(PERSONAL_CHAT).at(-1)!;
  }

  it('shows an admin the channel’s refused and 👎 questions, and a personal chat’s only to its author', async () => {
    await inChannel(UNANSWERABLE);
    await inChannel(UNANSWERABLE.toLowerCase());
    const answered = await inChannel('How do I connect to the VPN?');
    const invoke = teams.activity('adaptive-card-action', {
      threadRootId: answered.root,
      replyToId: answered.reply.responseId,
    });
    (invoke.value as { action: Record<string, unknown> }).action.data = feedbackData(
      answered.reply.body,
      'down',
    );
    (invoke.value as { action: Record<string, unknown> }).action.verb = 'steward.feedback';
    expect((await teams.post(invoke)).status).toBe(200);
    await inPersonalChat(PRIVATE_QUESTION);

    const report = visibleText((await inChannel('gaps')).reply.body);
    expect(report).toContain('What I could not answer in this channel');
    expect(report).toContain(`${UNANSWERABLE.toLowerCase()}** (asked 2×)`);
    expect(report).toContain('refused 2×');
    expect(report).toContain('How do I connect to the VPN?');
    expect(report).toContain('👎 1×');
    expect(report).toContain('👎 answers cited:');
    expect(report).not.toContain('world cup');

    const mine = visibleText((await inPersonalChat('gaps')).body);
    expect(mine).toContain('Your questions I could not answer');
    expect(mine).toContain('1954 football world cup final in Bern?');
    expect(mine).not.toContain('swallow');
  });

  it('refuses a member the channel report and audits the attempt', async () => {
    const { reply } = await inChannel('gaps', BO);
    expect(visibleText(reply.body)).toContain('Only Steward admins can do this.');
    const records = (await teams.service.admin.audit.list({ actionPrefix: 'admin.refused' })).records;
    expect(records.map((record) => record.details)).toContainEqual({ attempted: 'gaps.read' });
  });
});

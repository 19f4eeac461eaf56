import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestTable } from '../../support/dynamodb.js';
import { visibleText } from '../../support/teams/card-reading.js';
import { newActivityId } from '../../support/teams/teams-fixtures.js';
import { TeamsHarness } from '../../support/teams/teams-harness.js';
import { itemsMentioning } from '../../support/table-scan.js';

/** The channel of the channel-mention fixture, and the personal chat of the personal-message one. */
const CHANNEL = '19:7c2e8d1a94b34f6e8a5b0c9d2e1f4a7b@thread.tacv2';
const PERSONAL_CHAT = 'a:1Fq8ZrP3xT7vL2mN9kB4cW6yD0sH5jE8gA1uR3oI7pQ2wV9tX4nM6zC0bK5eY8';
/** Ann, the fixtures' sender: her Teams id and her Entra object id. */
const ANN_ID = '29:1lXq2f7gZp0yE3vJ8mKXcR5tW9bN4hD6sA0uI2oP7yQkVb3CzT8nM1eF5gH9jL4';
const ANN_OBJECT_ID = '4f0c6a52-9d3e-4b7a-8e1f-2c5d7a9b3e61';
const WORDS = 'marmalade-lighthouse';

/** "forget me" through Teams' real entry (activities posted to /api/messages, the fake connector). */
describe('Teams: forget me', () => {
  const table = useTestTable('e2e-teams-forget-me');
  let teams: TeamsHarness;

  beforeAll(async () => {
    teams = await TeamsHarness.start(table);
  });

  afterAll(async () => {
    await teams.stop();
  });

  async function inChannel(text: string) {
    const root = newActivityId();
    expect((await teams.post(teams.activity('channel-mention', { text, activityId: root }))).status).toBe(200);
    const thread = `${CHANNEL};messageid=${root}`;
    await teams.connector.waitFor(() => teams.connector.messagesIn(thread).length === 1);
  }

  async function inPersonalChat(text: string): Promise<string> {
    const before = teams.connector.messagesIn(PERSONAL_CHAT).length;
    expect((await teams.post(teams.activity('personal-message', { text }))).status).toBe(200);
    await teams.connector.waitFor(() => teams.connector.messagesIn(PERSONAL_CHAT).length > before);
    return visibleText(teams.connector.messagesIn(PERSONAL_CHAT).at(-1)!.body);
  }

  it('erases everything of the person after they confirm with the code it sent', async () => {
    await inChannel(`How do I connect to the VPN from the ${WORDS}?`);
    await inPersonalChat(`Where is the ${WORDS} parking?`);
    const client = teams.service.storage.clients.documentClient;
    expect(await itemsMentioning(client, table.tableName, [ANN_ID])).not.toEqual([]);

    const exported = await inPersonalChat('export my data');
    expect(exported).toContain(`How do I connect to the VPN from the ${WORDS}?`);

    const explained = await inPersonalChat('forget me');
    const code = /forget me ([A-Z0-9]{6})/.exec(explained)?.[1];
    expect(code).toBeDefined();
    const done = await inPersonalChat(`forget me ${code ?? ''}`);
    expect(done).toMatch(/^Done: I erased 2 questions/);

    expect(await itemsMentioning(client, table.tableName, [ANN_ID, ANN_OBJECT_ID, WORDS, 'Ann Example'])).toEqual([]);
  });
});

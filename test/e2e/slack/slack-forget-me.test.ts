import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestTable } from '../../support/dynamodb.js';
import { FakeSlack } from '../../support/fake-slack.js';
import { buttonsOf, visibleText } from '../../support/slack-blocks.js';
import { buttonClick, commandFields, eventPayload, uniqueTs } from '../../support/slack-payloads.js';
import { postCommand, postEvent, postInteraction } from '../../support/slack-requests.js';
import { type SlackServiceHandle, startSlackService } from '../../support/slack-service.js';
import { itemsMentioning, scanTable } from '../../support/table-scan.js';

/**
 * "forget me" through Slack's real entry (signed Events API requests, the fake Web API): after
 * it, nothing in the whole DynamoDB table holds the person's id or words, except audit records
 * that name them by pseudonym.
 */
describe('Slack: forget me', () => {
  const table = useTestTable('e2e-slack-forget-me');
  const PERSON = 'U0FORGETME';
  const OTHER = 'U0STAYS';
  const WORDS = 'quetzalplum';
  let slack: FakeSlack;
  let handle: SlackServiceHandle;

  beforeAll(async () => {
    slack = await FakeSlack.start();
    handle = await startSlackService({
      slack,
      dynamodbEndpoint: table.endpoint,
      tableName: table.tableName,
      // A small history budget, so the person's early turns are folded into a summary.
      env: { HISTORY_TOKEN_BUDGET: '60', HISTORY_KEEP_TURNS: '1', PSEUDONYM_SECRET: 'e2e-pseudonym-secret-0123456789abcdef' },
    });
  });

  afterAll(async () => {
    await handle.service.stop();
    await slack.close();
  });

  async function mention(user: string, text: string, threadTs?: string): Promise<string> {
    const ts = uniqueTs();
    const response = await postEvent(
      handle.eventsUrl,
      eventPayload(threadTs === undefined ? 'app-mention' : 'app-mention', {
        user,
        ts,
        event_ts: ts,
        text: `<@UBOT0STEWARD> ${text}`,
        ...(threadTs !== undefined ? { thread_ts: threadTs } : {}),
      }),
    );
    expect(response.status).toBe(200);
    await handle.settle();
    return ts;
  }

  const lastEphemeralTo = (user: string): string =>
    visibleText(slack.callsTo('chat.postEphemeral').filter((call) => call.args.user === user).at(-1));

  it('erases the person’s turns, ratings and summaries after they confirm, and nothing of anyone else', async () => {
    const root = await mention(PERSON, `How do I connect to the VPN from the ${WORDS} office?`);
    await mention(PERSON, `And the ${WORDS} guest network?`, root);
    await mention(OTHER, 'How do I reset my password?', root);
    // The person rates the other's answer.
    const down = buttonsOf(slack.callsTo('chat.update').at(-1)).find((b) => b.actionId === 'steward_feedback_down');
    expect(down).toBeDefined();
    await postInteraction(
      handle.eventsUrl,
      buttonClick('block-actions-feedback', {
        actionId: 'steward_feedback_down',
        value: down?.value ?? '',
        responseUrl: slack.newResponseUrl(),
        userId: PERSON,
      }),
    );
    // And asks privately with the slash command.
    await postCommand(handle.eventsUrl, commandFields({
        user_id: PERSON,
        text: `ask Where is the ${WORDS} printer?`,
        response_url: slack.newResponseUrl(),
      }),);
    await handle.settle();
    const client = handle.service.storage.clients.documentClient;
    const thread = { platform: 'slack' as const, tenantId: 'T0ACME', channelId: 'C0IT', threadId: root };
    expect((await handle.service.storage.store.load(thread)).summary).not.toBe('');
    expect(await itemsMentioning(client, table.tableName, [PERSON])).not.toEqual([]);
    expect(await itemsMentioning(client, table.tableName, [WORDS])).not.toEqual([]);

    // A first "forget me" erases nothing and gives a code, to the person only.
    await mention(PERSON, 'forget me');
    const explained = lastEphemeralTo(PERSON);
    const code = /forget me ([A-Z0-9]{6})/.exec(explained)?.[1];
    expect(code).toBeDefined();
    expect(await itemsMentioning(client, table.tableName, [WORDS])).not.toEqual([]);

    // Someone else's code, or a wrong one, erases nothing either.
    await mention(PERSON, 'forget me ZZZZZZ');
    expect(lastEphemeralTo(PERSON)).toContain('erased nothing');

    await mention(PERSON, `forget me ${code ?? ''}`);
    // The person's two thread turns were folded into the thread's summary (which goes); the one
    // left is their private /steward question.
    expect(lastEphemeralTo(PERSON)).toMatch(/^Done: I erased 1 question with their answers, 1 rating .* dropped 1 conversation summary/);

    const leftovers = await itemsMentioning(client, table.tableName, [PERSON, WORDS]);
    expect(leftovers).toEqual([]);
    expect((await handle.service.storage.store.load(thread)).summary).toBe('');
    const otherItems = await itemsMentioning(client, table.tableName, [OTHER]);
    expect(otherItems.some((item) => item.includes('How do I reset my password?'))).toBe(true);
    // The erasure itself is audited, naming the person by pseudonym only and holding counts.
    const erased = (await scanTable(client, table.tableName))
      .map((item) => JSON.parse(item) as Record<string, unknown>)
      .filter((item) => item.action === 'privacy.erased');
    expect(erased).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ kind: 'user', id: expect.stringMatching(/^person-[0-9a-f]{24}$/) as unknown }) as unknown,
        details: expect.objectContaining({ turns: 1, feedback: 1, summaries: 1 }) as unknown,
      }),
    ]);
  });

  it('shows a person their data with /steward export, to them only', async () => {
    const someone = 'U0EXPORTS';
    await mention(someone, 'How do I connect to the VPN?');
    await postCommand(
      handle.eventsUrl,
      commandFields({ user_id: someone, text: 'export', response_url: slack.newResponseUrl() }),
    );
    await handle.settle();
    const replies = slack
      .callsTo('response_url')
      .map((call) => JSON.stringify(call.args))
      .filter((text) => text.includes('everything I keep about you'));
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain('How do I connect to the VPN?');
    expect(replies[0]).toContain(someone);
  });
});

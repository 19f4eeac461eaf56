import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../support/fake-slack.js';
import { useTestTable } from '../../support/dynamodb.js';
import { buttonsOf, visibleText } from '../../support/slack-blocks.js';
import { eventPayload, slackFixture, uniqueTs } from '../../support/slack-payloads.js';
import { postEvent, TEST_BOT_TOKEN } from '../../support/slack-requests.js';
import { type SlackServiceHandle, startSlackService, useSlackService } from '../../support/slack-service.js';

describe('Slack events through the real HTTP entry', () => {
  const suite = useSlackService('e2e-slack-events');

  const logged = (message: string) => suite.handle.logLines.filter((line) => line.msg === message);

  it('answers a mention in a thread under it, replacing the placeholder with a cited answer', async () => {
    const ts = uniqueTs();
    const response = await postEvent(suite.handle.eventsUrl, eventPayload('app-mention', { ts, event_ts: ts }));
    expect(response.status).toBe(200);
    await suite.handle.settle();

    const posts = suite.slack.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.args).toMatchObject({ channel: 'C0IT', thread_ts: ts, text: 'Looking that up…' });
    expect(posts[0]?.token).toBe(TEST_BOT_TOKEN);
    const final = suite.slack.callsTo('chat.update').at(-1);
    expect(final?.args).toMatchObject({ channel: 'C0IT', ts: posts[0]?.result?.ts });
    const text = visibleText(final);
    expect(text).toContain('GlobalProtect');
    expect(text).toContain('*Sources*');
    expect(text).toMatch(/\[1\] VPN and remote access › Connecting to the VPN · `vpn-and-remote-access\.md`/);
    expect(buttonsOf(final).map((b) => b.actionId)).toEqual(['steward_feedback_up', 'steward_feedback_down']);

    const stored = await suite.handle.service.storage.store.load({
      platform: 'slack',
      tenantId: 'T0ACME',
      channelId: 'C0IT',
      threadId: ts,
    });
    expect(stored.turns.map((turn) => turn.question)).toEqual(['How do I connect to the VPN?']);
  });

  it('answers a retried delivery (X-Slack-Retry-Num) once', async () => {
    const ts = uniqueTs();
    const payload = eventPayload('app-mention', { ts, event_ts: ts });
    expect((await postEvent(suite.handle.eventsUrl, payload)).status).toBe(200);
    const retry = await postEvent(suite.handle.eventsUrl, payload, { retryNum: 1, retryReason: 'http_timeout' });
    expect(retry.status).toBe(200);
    await suite.handle.settle();

    expect(suite.slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(suite.slack.callsTo('chat.update')).toHaveLength(1);
    expect(logged('slack retry received').some((line) => line.eventId === payload.event_id)).toBe(true);
    // The retry names the same answer job as the first delivery, so the core handles it once.
    expect(logged('message handled').filter((line) => line.eventId === payload.event_id)).toHaveLength(1);
  });

  it('answers a direct message at the top level of the DM', async () => {
    const ts = uniqueTs();
    await postEvent(suite.handle.eventsUrl, eventPayload('message-im', { ts, event_ts: ts }));
    await suite.handle.settle();

    const [placeholder] = suite.slack.callsTo('chat.postMessage');
    expect(placeholder?.args.channel).toBe('D0BOB');
    expect(placeholder?.args.thread_ts).toBeUndefined();
    expect(visibleText(suite.slack.callsTo('chat.update').at(-1))).toContain('27 days of paid holiday');
  });

  it('follows up in a thread it is part of without a mention, and stays out of other threads', async () => {
    const root = uniqueTs();
    await postEvent(suite.handle.eventsUrl, eventPayload('app-mention', { ts: root, event_ts: root }));
    await suite.handle.settle();
    suite.slack.calls.length = 0;

    const reply = uniqueTs();
    await postEvent(
      suite.handle.eventsUrl,
      eventPayload('message-thread-reply', { ts: reply, event_ts: reply, thread_ts: root }),
    );
    await suite.handle.settle();
    expect(suite.slack.callsTo('chat.postMessage')[0]?.args).toMatchObject({ channel: 'C0IT', thread_ts: root });
    expect(visibleText(suite.slack.callsTo('chat.update').at(-1))).toContain('another country');

    suite.slack.calls.length = 0;
    const elsewhere = uniqueTs();
    await postEvent(
      suite.handle.eventsUrl,
      eventPayload('message-thread-reply', { ts: uniqueTs(), thread_ts: elsewhere }),
    );
    await suite.handle.settle();
    expect(suite.slack.outbound()).toEqual([]);
  });

  it('answers a mention once although Slack also sends the message event for it', async () => {
    const ts = uniqueTs();
    const mention = eventPayload('app-mention', { ts, event_ts: ts });
    const asMessage = eventPayload('message-thread-reply', {
      ts,
      event_ts: ts,
      thread_ts: undefined,
      text: (mention.event as { text: string }).text,
    });
    await Promise.all([postEvent(suite.handle.eventsUrl, mention), postEvent(suite.handle.eventsUrl, asMessage)]);
    await suite.handle.settle();
    expect(suite.slack.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('answers an edited mention once: Slack re-sends it with a new event id, the same ts and `edited`', async () => {
    const ts = uniqueTs();
    await postEvent(suite.handle.eventsUrl, eventPayload('app-mention', { ts, event_ts: ts }));
    await suite.handle.settle();
    const edit = eventPayload('app-mention-edited', { ts, event_ts: ts });
    expect((await postEvent(suite.handle.eventsUrl, edit)).status).toBe(200);
    await suite.handle.settle();

    expect(suite.slack.callsTo('chat.postMessage')).toHaveLength(1);
    // The edit names the same answer job as the mention (its channel and ts): nothing runs for it.
    expect(logged('message handled').some((line) => line.eventId === edit.event_id)).toBe(false);
    const stored = await suite.handle.service.storage.store.load({
      platform: 'slack',
      tenantId: 'T0ACME',
      channelId: 'C0IT',
      threadId: ts,
    });
    expect(stored.turns.map((turn) => turn.question)).toEqual(['How do I connect to the VPN?']);
  });

  it('answers a message edited to mention the bot, which nobody had answered', async () => {
    const ts = uniqueTs();
    await postEvent(suite.handle.eventsUrl, eventPayload('app-mention-edited', { ts, event_ts: ts }));
    await suite.handle.settle();
    expect(suite.slack.callsTo('chat.postMessage')[0]?.args).toMatchObject({ channel: 'C0IT', thread_ts: ts });
    expect(visibleText(suite.slack.callsTo('chat.update').at(-1))).toContain('GlobalProtect');
  });

  it.each([
    ['its own message', 'message-from-self', 'written by this bot'],
    ['another bot', 'message-other-bot', 'subtype bot_message'],
    ['an edit', 'message-changed', 'subtype message_changed'],
    ['a deletion', 'message-deleted', 'subtype message_deleted'],
  ] as const)('ignores %s, with a log line, and sends nothing', async (_label, fixture, reason) => {
    const payload = eventPayload(fixture);
    const response = await postEvent(suite.handle.eventsUrl, payload);
    expect(response.status).toBe(200);
    await suite.handle.settle();
    expect(suite.slack.outbound()).toEqual([]);
    const lines = suite.handle.logLines.filter((line) => line.eventId === payload.event_id);
    // Bolt drops the bot's own messages before any listener; the adapter logs the rest.
    if (fixture !== 'message-from-self') {
      expect(lines.some((line) => line.msg === 'slack message ignored' && line.reason === reason)).toBe(true);
    }
  });

  it('ignores another bot that writes without a subtype', async () => {
    await postEvent(suite.handle.eventsUrl, eventPayload('message-im', { bot_id: 'B0OTHER', ts: uniqueTs() }));
    await suite.handle.settle();
    expect(suite.slack.outbound()).toEqual([]);
    expect(logged('slack message ignored').some((line) => line.reason === 'written by another bot')).toBe(
      true,
    );
  });

  it('acknowledges an event type it does not handle and says so in the log', async () => {
    const payload = eventPayload('reaction-added');
    expect((await postEvent(suite.handle.eventsUrl, payload)).status).toBe(200);
    await suite.handle.settle();
    expect(suite.slack.outbound()).toEqual([]);
    expect(logged('slack event ignored: type not handled')).toContainEqual(
      expect.objectContaining({ eventType: 'reaction_added', eventId: payload.event_id }),
    );
  });

  it('answers Slack’s URL verification with the challenge', async () => {
    const payload = slackFixture('url-verification');
    const response = await postEvent(suite.handle.eventsUrl, payload);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ challenge: payload.challenge });
  });

  it('waits out a 429 from the Web API for its Retry-After, then delivers the answer', async () => {
    suite.slack.failNext('chat.update', { kind: 'rate-limited', retryAfterSeconds: 1 });
    const ts = uniqueTs();
    await postEvent(suite.handle.eventsUrl, eventPayload('app-mention', { ts, event_ts: ts }));
    await suite.handle.settle();

    const updates = suite.slack.callsTo('chat.update');
    expect(updates.map((update) => update.status)).toEqual([429, 200]);
    expect(updates[1]?.args).toEqual(updates[0]?.args);
    expect(visibleText(updates[1])).toContain('GlobalProtect');
    expect(logged('slack rate limited; waiting')).toContainEqual(
      expect.objectContaining({ retryAfterSeconds: 1, method: 'chat.update' }),
    );
  });

  it('greets a new assistant thread and offers suggested prompts', async () => {
    const payload = eventPayload('assistant-thread-started');
    expect((await postEvent(suite.handle.eventsUrl, payload)).status).toBe(200);
    await suite.handle.settle();

    const [greeting] = suite.slack.callsTo('chat.postMessage');
    expect(greeting?.args).toMatchObject({ channel: 'D0ANN', thread_ts: '1763380800.000100' });
    expect(visibleText(greeting)).toContain('Hi <@U0ANN>!');
    const [prompts] = suite.slack.callsTo('assistant.threads.setSuggestedPrompts');
    expect(prompts?.args).toMatchObject({ channel_id: 'D0ANN', thread_ts: '1763380800.000100' });
    expect(prompts?.args.prompts).toContainEqual({ title: 'What can you do?', message: 'help' });
  });

  it('answers in an assistant thread with a status while working and titles the thread', async () => {
    const threadTs = uniqueTs();
    const ts = uniqueTs();
    await postEvent(
      suite.handle.eventsUrl,
      eventPayload('assistant-user-message', { ts, event_ts: ts, thread_ts: threadTs }),
    );
    await suite.handle.settle();

    expect(suite.slack.callsTo('assistant.threads.setStatus')[0]?.args).toMatchObject({
      channel_id: 'D0ANN',
      thread_ts: threadTs,
      status: 'is looking that up…',
    });
    expect(suite.slack.callsTo('assistant.threads.setTitle')[0]?.args).toMatchObject({
      title: 'How do I report a phishing email?',
    });
    const posts = suite.slack.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.args).toMatchObject({ channel: 'D0ANN', thread_ts: threadTs });
    expect(visibleText(posts[0])).toContain('security@northwind.example');
    expect(suite.slack.calls.map((call) => call.method).indexOf('assistant.threads.setStatus')).toBeLessThan(
      suite.slack.calls.map((call) => call.method).indexOf('chat.postMessage'),
    );

    // A second question in the same thread keeps the title.
    suite.slack.calls.length = 0;
    const next = uniqueTs();
    await postEvent(
      suite.handle.eventsUrl,
      eventPayload('assistant-user-message', {
        ts: next,
        event_ts: next,
        thread_ts: threadTs,
        text: 'and a lost laptop?',
      }),
    );
    await suite.handle.settle();
    expect(suite.slack.callsTo('assistant.threads.setTitle')).toEqual([]);
    expect(suite.slack.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('forgets a thread when asked to in the thread', async () => {
    const root = uniqueTs();
    await postEvent(suite.handle.eventsUrl, eventPayload('app-mention', { ts: root, event_ts: root }));
    await suite.handle.settle();
    suite.slack.calls.length = 0;
    const forget = uniqueTs();
    await postEvent(
      suite.handle.eventsUrl,
      eventPayload('app-mention', { ts: forget, thread_ts: root, text: '<@UBOT0STEWARD> forget' }),
    );
    await suite.handle.settle();
    expect(suite.slack.callsTo('chat.postMessage')[0]?.args.thread_ts).toBe(root);
    expect(visibleText(suite.slack.callsTo('chat.postMessage')[0])).toContain('forgotten this conversation');
    const ref = { platform: 'slack' as const, tenantId: 'T0ACME', channelId: 'C0IT', threadId: root };
    expect((await suite.handle.service.storage.store.load(ref)).turns).toEqual([]);
  });
});

describe('Slack events delivered to two service instances', () => {
  const table = useTestTable('e2e-slack-instances');
  let slack: FakeSlack;
  let first: SlackServiceHandle;
  let second: SlackServiceHandle;

  beforeAll(async () => {
    slack = await FakeSlack.start();
    const options = { slack, dynamodbEndpoint: table.endpoint, tableName: table.tableName };
    first = await startSlackService(options);
    second = await startSlackService(options);
  });

  afterAll(async () => {
    await Promise.all([first.service.stop(), second.service.stop()]);
    await slack.close();
  });

  it('answers the same delivery once when both instances receive it', async () => {
    const ts = uniqueTs();
    const payload = eventPayload('app-mention', { ts, event_ts: ts });
    const responses = await Promise.all([
      postEvent(first.eventsUrl, payload),
      postEvent(second.eventsUrl, payload, { retryNum: 1, retryReason: 'http_timeout' }),
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    await Promise.all([first.settle(), second.settle()]);
    expect(slack.callsTo('chat.postMessage').filter((call) => call.args.thread_ts === ts)).toHaveLength(1);
    expect(slack.callsTo('chat.update')).toHaveLength(1);
  });
});

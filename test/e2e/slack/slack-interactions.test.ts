import { describe, expect, it } from 'vitest';
import type { RecordedCall } from '../../support/fake-slack.js';
import { buttonsOf, visibleText } from '../../support/slack-blocks.js';
import {
  buttonClick,
  commandFields,
  eventPayload,
  slackFixture,
  uniqueEventId,
  uniqueTs,
} from '../../support/slack-payloads.js';
import { postCommand, postEvent, postInteraction } from '../../support/slack-requests.js';
import { useSlackService } from '../../support/slack-service.js';

describe('Slack interactivity and the /steward command', () => {
  const suite = useSlackService('e2e-slack-interactions');

  const responsesTo = (url: string): RecordedCall[] =>
    suite.slack.callsTo('response_url').filter((call) => url.endsWith(`/response/${call.responseUrlId ?? ''}`));

  it('stores a 👎 click with the answered turn and thanks the person privately', async () => {
    const ts = uniqueTs();
    await postEvent(suite.handle.eventsUrl, eventPayload('app-mention', { ts, event_ts: ts }));
    await suite.handle.settle();
    const down = buttonsOf(suite.slack.callsTo('chat.update').at(-1)).find(
      (b) => b.actionId === 'steward_feedback_down',
    );
    expect(down).toBeDefined();

    const responseUrl = suite.slack.newResponseUrl();
    const click = buttonClick('block-actions-feedback', {
      actionId: 'steward_feedback_down',
      value: down?.value ?? '',
      responseUrl,
      userId: 'U0CAROL',
    });
    expect((await postInteraction(suite.handle.eventsUrl, click)).status).toBe(200);
    await suite.handle.settle();

    const ref = { platform: 'slack' as const, tenantId: 'T0ACME', channelId: 'C0IT', threadId: ts };
    const [turn] = (await suite.handle.service.storage.store.load(ref)).turns;
    expect(turn?.feedback).toMatchObject({ rating: 'down', by: 'U0CAROL' });
    expect(responsesTo(responseUrl)).toEqual([
      expect.objectContaining({
        args: expect.objectContaining({
          response_type: 'ephemeral',
          text: 'Thanks, your feedback is recorded.',
        }) as unknown,
      }),
    ]);
  });

  it('answers /steward ask privately, then shares the answer in the channel once', async () => {
    const responseUrl = suite.slack.newResponseUrl();
    const fields = commandFields({
      text: 'ask How do I submit an expense claim?',
      response_url: responseUrl,
    });
    const ack = await postCommand(suite.handle.eventsUrl, fields);
    expect(ack.status).toBe(200);
    expect(((await ack.json()) as { text: string }).text).toContain(
      'Looking up _How do I submit an expense claim?_',
    );
    await suite.handle.settle();

    const [answer] = responsesTo(responseUrl);
    expect(answer?.args).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(visibleText(answer)).toContain('Expensify');
    expect(suite.slack.callsTo('chat.postMessage')).toEqual([]);
    const share = buttonsOf(answer).find((b) => b.actionId === 'steward_share_answer');
    expect(buttonsOf(answer).map((b) => b.actionId)).toEqual([
      'steward_share_answer',
      'steward_feedback_up',
      'steward_feedback_down',
    ]);

    const shareUrl = suite.slack.newResponseUrl();
    const click = buttonClick('block-actions-share-ephemeral', {
      value: share?.value ?? '',
      responseUrl: shareUrl,
    });
    await postInteraction(suite.handle.eventsUrl, click);
    await suite.handle.settle();
    const [shared, removed] = responsesTo(shareUrl);
    expect(shared?.args).toMatchObject({ response_type: 'in_channel', replace_original: false });
    expect(visibleText(shared)).toContain(
      '<@U0ANN> shared an answer to: _How do I submit an expense claim?_',
    );
    expect(visibleText(shared)).toContain('Expensify');
    expect(removed?.args).toEqual({ delete_original: true });

    const again = suite.slack.newResponseUrl();
    await postInteraction(
      suite.handle.eventsUrl,
      buttonClick('block-actions-share-ephemeral', { value: share?.value ?? '', responseUrl: again }),
    );
    await suite.handle.settle();
    expect(responsesTo(again).map((call) => call.args.text)).toEqual([
      'This answer is already shared in the channel.',
    ]);
  });

  it('takes several words after /steward as a question', async () => {
    const responseUrl = suite.slack.newResponseUrl();
    await postCommand(
      suite.handle.eventsUrl,
      commandFields({ text: 'how do I submit an expense claim?', response_url: responseUrl }),
    );
    await suite.handle.settle();
    expect(visibleText(responsesTo(responseUrl)[0])).toContain('Expensify');
  });

  it('lists the subcommands for /steward help, and for an unknown one says so', async () => {
    const helpUrl = suite.slack.newResponseUrl();
    const help = await postCommand(suite.handle.eventsUrl, commandFields({ text: 'help', response_url: helpUrl }));
    expect(help.status).toBe(200);
    await suite.handle.settle();
    const listed = visibleText(responsesTo(helpUrl)[0]);
    for (const usage of ['/steward ask &lt;question&gt;', '/steward forget', '/steward help']) {
      expect(listed).toContain(usage);
    }

    const unknown = await postCommand(
      suite.handle.eventsUrl,
      commandFields({ text: 'deploy', response_url: suite.slack.newResponseUrl() }),
    );
    const body = (await unknown.json()) as { response_type: string; text: string };
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain('I do not know `deploy`');
    expect(body.text).toContain('/steward ask');
  });

  it('forgets the private /steward conversation with /steward forget', async () => {
    const askUrl = suite.slack.newResponseUrl();
    await postCommand(
      suite.handle.eventsUrl,
      commandFields({
        text: 'ask How do I submit an expense claim?',
        user_id: 'U0DAN',
        response_url: askUrl,
      }),
    );
    await suite.handle.settle();
    const ref = {
      platform: 'slack' as const,
      tenantId: 'T0ACME',
      channelId: 'C0IT',
      threadId: 'private:U0DAN',
    };
    expect((await suite.handle.service.storage.store.load(ref)).turns).toHaveLength(1);

    const forgetUrl = suite.slack.newResponseUrl();
    await postCommand(
      suite.handle.eventsUrl,
      commandFields({ text: 'forget', user_id: 'U0DAN', response_url: forgetUrl }),
    );
    await suite.handle.settle();
    expect((await suite.handle.service.storage.store.load(ref)).turns).toHaveLength(0);
    const texts = responsesTo(forgetUrl).map((call) => visibleText(call));
    expect(texts[0]).toContain('forgotten this conversation');
    expect(texts[1]).toContain('Forget this thread');
  });

  it('forgets a thread from the message shortcut', async () => {
    const root = uniqueTs();
    await postEvent(suite.handle.eventsUrl, eventPayload('app-mention', { ts: root, event_ts: root }));
    await suite.handle.settle();
    const ref = { platform: 'slack' as const, tenantId: 'T0ACME', channelId: 'C0IT', threadId: root };
    expect((await suite.handle.service.storage.store.load(ref)).turns).toHaveLength(1);

    const responseUrl = suite.slack.newResponseUrl();
    const shortcut = slackFixture('message-action-forget');
    const payload = {
      ...shortcut,
      trigger_id: uniqueEventId('TR'),
      response_url: responseUrl,
      message: { ...(shortcut.message as object), thread_ts: root },
    };
    expect((await postInteraction(suite.handle.eventsUrl, payload)).status).toBe(200);
    await suite.handle.settle();
    expect((await suite.handle.service.storage.store.load(ref)).turns).toHaveLength(0);
    expect(visibleText(responsesTo(responseUrl)[0])).toContain('forgotten this conversation');
  });
});

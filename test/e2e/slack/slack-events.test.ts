import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack, type RecordedCall } from '../../support/fake-slack.js';
import { useTestTable } from '../../support/dynamodb.js';
import { eventPayload, uniqueTs } from '../../support/slack-payloads.js';
import { postEvent, TEST_BOT_TOKEN } from '../../support/slack-requests.js';
import { type SlackServiceHandle, startSlackService } from '../../support/slack-service.js';

interface Block {
  readonly type: string;
  readonly block_id?: string;
  readonly text?: { readonly text: string };
  readonly elements?: readonly { readonly text?: unknown; readonly action_id?: string }[];
}

const blocksOf = (call: RecordedCall): Block[] => (call.args.blocks ?? []) as Block[];
const textOf = (call: RecordedCall): string =>
  blocksOf(call)
    .flatMap((block) => [
      block.text?.text ?? '',
      ...(block.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : '')),
    ])
    .join('\n');

describe('Slack events through the real HTTP entry', () => {
  const table = useTestTable('e2e-slack-events');
  let slack: FakeSlack;
  let handle: SlackServiceHandle;

  beforeAll(async () => {
    slack = await FakeSlack.start();
    handle = await startSlackService({ slack, dynamodbEndpoint: table.endpoint, tableName: table.tableName });
  });

  afterAll(async () => {
    await handle.service.stop();
    await slack.close();
  });

  beforeEach(() => {
    slack.calls.length = 0;
  });

  it('answers a mention in a thread under it, updating the placeholder with a cited answer', async () => {
    const ts = uniqueTs();
    const response = await postEvent(handle.eventsUrl, eventPayload('app-mention', { ts, event_ts: ts }));
    expect(response.status).toBe(200);
    await handle.settle();

    const [placeholder] = slack.callsTo('chat.postMessage');
    expect(placeholder?.args).toMatchObject({ channel: 'C0IT', thread_ts: ts, text: 'Looking that up…' });
    expect(placeholder?.token).toBe(TEST_BOT_TOKEN);
    const update = slack.callsTo('chat.update').at(-1);
    expect(update?.args).toMatchObject({ channel: 'C0IT' });
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    const text = update ? textOf(update) : '';
    expect(text).toMatch(/VPN/);
    expect(text).toContain('*Sources*');
    expect(text).toMatch(/\[1\] .*vpn-and-remote-access/i);
    const actions = update ? blocksOf(update).find((block) => block.type === 'actions') : undefined;
    expect(actions?.elements?.map((element) => element.action_id)).toEqual([
      'steward_feedback_up',
      'steward_feedback_down',
    ]);
  });
});

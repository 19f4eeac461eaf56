import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../support/fake-slack.js';
import { visibleText } from '../../support/slack-blocks.js';
import { eventPayload, uniqueTs } from '../../support/slack-payloads.js';
import { postEvent } from '../../support/slack-requests.js';
import { type SlackServiceHandle, startSlackService } from '../../support/slack-service.js';

describe('Slack when a dependency is down', () => {
  let slack: FakeSlack;
  let handle: SlackServiceHandle;

  beforeAll(async () => {
    slack = await FakeSlack.start();
    // Port 9 (discard) has no listener here: DynamoDB connections are refused at once.
    handle = await startSlackService({
      slack,
      dynamodbEndpoint: 'http://127.0.0.1:9',
      tableName: 'unreachable',
    });
  });

  afterAll(async () => {
    await handle.service.stop();
    await slack.close();
  });

  it('says so kindly in the thread, with a reference id that is on the log line of the error', async () => {
    const ts = uniqueTs();
    expect(
      (await postEvent(handle.eventsUrl, eventPayload('app-mention', { ts, event_ts: ts }))).status,
    ).toBe(200);
    await handle.settle();

    const [reply] = slack.callsTo('chat.postMessage');
    expect(reply?.args.thread_ts).toBe(ts);
    const text = visibleText(reply);
    expect(text).toContain('I cannot reach one of the services I depend on right now');
    const referenceId = /Reference `([0-9a-f]{8})`/.exec(text)?.[1];
    expect(referenceId).toBeDefined();
    const logged = handle.logLines.find(
      (line) => line.msg === 'dependency unavailable' && line.referenceId === referenceId,
    );
    expect(logged).toMatchObject({
      dependency: 'dynamodb',
      conversation: expect.stringContaining('slack#T0ACME#C0IT') as unknown,
    });
  });
});

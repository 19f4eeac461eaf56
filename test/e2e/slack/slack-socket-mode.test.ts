import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../support/fake-slack.js';
import { FakeSocketMode } from '../../support/fake-socket-mode.js';
import { useTestTable } from '../../support/dynamodb.js';
import { visibleText } from '../../support/slack-blocks.js';
import { eventPayload, uniqueEventId, uniqueTs } from '../../support/slack-payloads.js';
import { postEvent } from '../../support/slack-requests.js';
import { type SlackServiceHandle, startSlackService } from '../../support/slack-service.js';

const APP_TOKEN = 'xapp-1-A0STEWARD01-1234-sockettoken';

describe('Slack in Socket Mode', () => {
  const table = useTestTable('e2e-slack-socket');
  let slack: FakeSlack;
  let socketMode: FakeSocketMode;
  let handle: SlackServiceHandle;
  let stopped = false;

  beforeAll(async () => {
    slack = await FakeSlack.start();
    socketMode = new FakeSocketMode(slack);
    handle = await startSlackService({
      slack,
      dynamodbEndpoint: table.endpoint,
      tableName: table.tableName,
      env: { SLACK_APP_TOKEN: APP_TOKEN },
    });
    await socketMode.waitForConnection();
  });

  afterAll(async () => {
    if (!stopped) {
      await handle.service.stop();
    }
    socketMode.close();
    await slack.close();
  });

  it('opens the connection with the app-level token', async () => {
    expect(slack.callsTo('apps.connections.open')[0]?.token).toBe(APP_TOKEN);
    const connected = () =>
      handle.logLines.some((line) => line.msg === 'slack connected' && line.mode === 'socket');
    await expect.poll(connected).toBe(true);
  });

  it('acknowledges an event over the socket and answers through the Web API', async () => {
    const ts = uniqueTs();
    const envelopeId = uniqueEventId('ENV');
    const ack = await socketMode.deliver({
      envelope_id: envelopeId,
      type: 'events_api',
      accepts_response_payload: false,
      retry_attempt: 0,
      retry_reason: '',
      payload: eventPayload('app-mention', { ts, event_ts: ts }),
    });
    expect(ack).toMatchObject({ envelope_id: envelopeId });
    await handle.settle();
    expect(slack.callsTo('chat.postMessage')[0]?.args).toMatchObject({ channel: 'C0IT', thread_ts: ts });
    expect(visibleText(slack.callsTo('chat.update').at(-1))).toContain('GlobalProtect');
  });

  it('serves no public request URL', async () => {
    const response = await postEvent(handle.eventsUrl, eventPayload('app-mention'));
    expect(response.status).toBe(404);
  });

  it('closes the connection when the service stops', async () => {
    await handle.service.stop();
    stopped = true;
    await expect.poll(() => socketMode.connections).toBe(0);
  });
});

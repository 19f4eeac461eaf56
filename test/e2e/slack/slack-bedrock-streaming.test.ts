import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3Result } from '../../support/bedrock-harness.js';
import { useTestTable } from '../../support/dynamodb.js';
import { textStreamFrames } from '../../support/event-stream-frames.js';
import { FakeBedrock } from '../../support/fake-bedrock.js';
import { FakeSlack } from '../../support/fake-slack.js';
import { buttonsOf, visibleText } from '../../support/slack-blocks.js';
import { eventPayload, uniqueTs } from '../../support/slack-payloads.js';
import { postEvent } from '../../support/slack-requests.js';
import { type SlackServiceHandle, startSlackService } from '../../support/slack-service.js';

const MODEL = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const ANSWER =
  'To connect, open GlobalProtect from the menu bar, enter the portal vpn.northwind.example and sign in ' +
  'with your work account and MFA [1]. When the icon turns solid you are connected; if it does not, quit ' +
  'the client, open it again and try a phone hotspot if the network blocks VPN traffic [1].';

/**
 * The whole path of a hosted answer: Bedrock retrieval and ConverseStream (real SDK clients against
 * the local HTTP/2 fake) streamed into one Slack message that is updated in place while the model
 * writes, then replaced by the cited answer.
 */
describe('a Bedrock answer streamed into Slack', () => {
  const table = useTestTable('e2e-slack-bedrock');
  let slack: FakeSlack;
  let bedrock: FakeBedrock;
  let handle: SlackServiceHandle;

  beforeAll(async () => {
    slack = await FakeSlack.start();
    bedrock = await FakeBedrock.start();
    bedrock.on('retrieve', () => ({
      json: {
        retrievalResults: [
          s3Result({
            uri: 's3://corp-kb/it/vpn.md',
            title: 'VPN and remote access',
            text: 'Open GlobalProtect, enter the portal address vpn.northwind.example and sign in with your work account and MFA.',
          }),
        ],
      },
    }));
    // About four seconds of writing, so Slack's update throttle lets several updates through.
    bedrock.on('converseStream', () => ({ frames: textStreamFrames(ANSWER), frameDelayMs: 150 }));
    handle = await startSlackService({
      slack,
      dynamodbEndpoint: table.endpoint,
      tableName: table.tableName,
      env: {
        BEDROCK_KNOWLEDGE_BASE_ID: 'KBCORP0001',
        BEDROCK_MODEL_ID: MODEL,
        BEDROCK_RUNTIME_ENDPOINT: bedrock.url,
        BEDROCK_AGENT_RUNTIME_ENDPOINT: bedrock.url,
        BEDROCK_SOURCE_URLS: JSON.stringify({ 's3://corp-kb/': 'https://intranet.example.com/kb/' }),
      },
    });
  });

  afterAll(async () => {
    await handle.service.stop();
    await Promise.all([slack.close(), bedrock.close()]);
  });

  it('updates the placeholder with the growing answer, then shows the cited answer with feedback buttons', async () => {
    const ts = uniqueTs();
    expect((await postEvent(handle.eventsUrl, eventPayload('app-mention', { ts, event_ts: ts }))).status).toBe(200);
    await handle.settle();

    const [placeholder, ...others] = slack.callsTo('chat.postMessage');
    expect(placeholder?.args).toMatchObject({ thread_ts: ts, text: 'Looking that up…' });
    expect(others).toEqual([]);
    const updates = slack.callsTo('chat.update');
    expect(updates.every((update) => update.args.ts === placeholder?.result?.ts)).toBe(true);

    // While writing: more than one update, each showing more of the answer than the one before,
    // and far fewer updates than the model sent pieces of text.
    const progress = updates.slice(0, -1).map((update) => visibleText(update));
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.length).toBeLessThan(textStreamFrames(ANSWER).length / 2);
    expect(progress.every((text) => text.includes('Still writing'))).toBe(true);
    const shownLengths = progress.map((text) => text.replace(/Still writing.*$/s, '').length);
    expect(shownLengths).toEqual([...shownLengths].sort((a, b) => a - b));
    expect(new Set(shownLengths).size).toBe(shownLengths.length);

    // Finally: the whole answer, its source linked through the S3 prefix mapping, and the buttons.
    const final = updates.at(-1);
    const text = visibleText(final);
    expect(text).not.toContain('Still writing');
    expect(text).toContain('vpn.northwind.example');
    expect(text).toContain('https://intranet.example.com/kb/it/vpn.md');
    expect(buttonsOf(final).map((button) => button.actionId)).toEqual(['steward_feedback_up', 'steward_feedback_down']);
    expect(bedrock.requestsFor('retrieve')[0]?.resourceId).toBe('KBCORP0001');
    expect(bedrock.requestsFor('converseStream')[0]?.resourceId).toBe(MODEL);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestTable } from '../../support/dynamodb.js';
import { FakeSlack, type RecordedCall } from '../../support/fake-slack.js';
import { buttonsOf } from '../../support/slack-blocks.js';
import { buttonClick, eventPayload, uniqueTs } from '../../support/slack-payloads.js';
import { postEvent, postInteraction } from '../../support/slack-requests.js';
import { type SlackServiceHandle, startSlackService } from '../../support/slack-service.js';

const ADMIN = 'U0ANN';
const UNANSWERABLE = 'What is the airspeed velocity of an unladen swallow?';
const PRIVATE_QUESTION = 'Who won the 1954 football world cup final in Bern?';

interface Block {
  readonly type: string;
  readonly text?: { readonly text: string };
  readonly elements?: readonly { readonly text?: unknown }[];
}

describe('Slack: knowledge gaps on the Home tab', () => {
  const table = useTestTable('e2e-slack-gaps');
  let slack: FakeSlack;
  let handle: SlackServiceHandle;

  beforeAll(async () => {
    slack = await FakeSlack.start();
    handle = await startSlackService({
      slack,
      dynamodbEndpoint: table.endpoint,
      tableName: table.tableName,
      env: { ADMIN_USERS: `slack:${ADMIN}` },
    });
  });

  afterAll(async () => {
    await handle.service.stop();
    await slack.close();
  });

  async function mention(text: string): Promise<RecordedCall | undefined> {
    const ts = uniqueTs();
    await postEvent(
      handle.eventsUrl,
      eventPayload('app-mention', { ts, event_ts: ts, text: `<@UBOT0STEWARD> ${text}` }),
    );
    await handle.settle();
    return slack.callsTo('chat.update').at(-1);
  }

  async function homeText(userId: string): Promise<string> {
    await postEvent(handle.eventsUrl, eventPayload('app-home-opened', { user: userId, tab: 'home' }));
    await handle.settle();
    const view = slack.callsTo('views.publish').at(-1)?.args.view as { blocks?: Block[] } | undefined;
    return (view?.blocks ?? [])
      .flatMap((block) => [
        block.text?.text ?? '',
        ...(block.elements ?? []).map((element) => (typeof element.text === 'string' ? element.text : '')),
      ])
      .join('\n');
  }

  it('shows admins the refused and 👎 channel questions, and a DM question only to its author', async () => {
    await mention(UNANSWERABLE);
    await mention(UNANSWERABLE.toLowerCase());
    const answered = await mention('How do I connect to the VPN?');
    const down = buttonsOf(answered).find((button) => button.actionId === 'steward_feedback_down');
    expect(down).toBeDefined();
    const click = buttonClick('block-actions-feedback', {
      actionId: 'steward_feedback_down',
      value: down?.value ?? '',
      responseUrl: slack.newResponseUrl(),
      userId: 'U0CAROL',
    });
    expect((await postInteraction(handle.eventsUrl, click)).status).toBe(200);
    await handle.settle();
    const dmTs = uniqueTs();
    await postEvent(
      handle.eventsUrl,
      eventPayload('message-im', { ts: dmTs, event_ts: dmTs, text: PRIVATE_QUESTION }),
    );
    await handle.settle();

    const adminHome = await homeText(ADMIN);
    expect(adminHome).toContain('What I could not answer in this workspace');
    expect(adminHome).toContain(`*${UNANSWERABLE.toLowerCase()}* (asked 2×)`);
    expect(adminHome).toMatch(/refused 2×.*<#C0IT>/u);
    expect(adminHome).toContain('*How do I connect to the VPN?*');
    expect(adminHome).toMatch(/👎 1×/u);
    expect(adminHome).toContain('👎 answers cited:');
    expect(adminHome).not.toContain('world cup');

    const askerHome = await homeText('U0BOB');
    expect(askerHome).not.toContain('What I could not answer in this workspace');
    expect(askerHome).toContain('Your questions I could not answer');
    expect(askerHome).toContain(PRIVATE_QUESTION);
    expect(askerHome).not.toContain('swallow');
  });
});

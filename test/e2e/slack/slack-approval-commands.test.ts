import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../support/approval-integration.js';
import { useTestTable } from '../../support/dynamodb.js';
import type { RecordedCall } from '../../support/fake-slack.js';
import { visibleText } from '../../support/slack-blocks.js';
import { cardButtonsOf, cardHeaderOf, cardTextOf } from '../../support/slack-cards.js';
import { commandFields } from '../../support/slack-payloads.js';
import { postCommand } from '../../support/slack-requests.js';
import { type SlackApprovals, startSlackApprovals } from '../../support/slack-approvals.js';

const RITA = 'U0RITA';
const ANN = 'U0ANN';

describe('approval commands and expiry in Slack', () => {
  const table = useTestTable('e2e-slack-approval-commands');
  let s: SlackApprovals;

  beforeAll(async () => {
    s = await startSlackApprovals(table);
    await s.configure('C0OPS', {
      actions: [{ actionId: 'restart-service' }],
      approvers: { users: [ANN], groups: [] },
    });
  });

  afterAll(async () => {
    await s.close();
  });

  const responsesTo = (url: string): RecordedCall[] =>
    s.slack.callsTo('response_url').filter((call) => url.endsWith(`/response/${call.responseUrlId ?? ''}`));

  const command = async (text: string, overrides: Record<string, string> = {}) => {
    const responseUrl = s.slack.newResponseUrl();
    const response = await postCommand(
      s.handle.eventsUrl,
      commandFields({ text, channel_id: 'C0OPS', user_id: RITA, response_url: responseUrl, ...overrides }),
    );
    expect(response.status).toBe(200);
    await s.handle.settle();
    return responsesTo(responseUrl);
  };

  it('gives `/steward run` a thread of its own in the channel, with the card in it', async () => {
    const privately = await command('run restart-service service=worker because jobs are stuck');
    expect(privately).toEqual([]);
    const root = s.slack
      .callsTo('chat.postMessage')
      .find((call) => call.args.channel === 'C0OPS' && call.args.thread_ts === undefined);
    const rootTs = String(root?.result?.ts);
    expect(visibleText(root)).toContain(`<@${RITA}> asked to run \`restart-service\``);

    const card = await s.card('C0OPS', rootTs);
    expect(cardHeaderOf(card.post)).toBe('Proposed action: Restart a service');
    expect(cardTextOf(card.post)).toContain('jobs are stuck');
    const summary = s.slack.callsTo('chat.update').find((call) => call.args.ts === rootTs);
    expect(visibleText(summary)).toContain(
      'asked to run *Restart a service*. The request and its outcome are in this thread.',
    );

    await s.click(card, 'confirm', RITA);
    await s.until(card, 'Waiting for 1 more approval');
    await s.click(card, 'approve', ANN);
    await s.until(card, 'Succeeded');
    await eventually(() =>
      s.threadPosts('C0OPS', rootTs).some((call) => cardTextOf(call).includes('ran: HTTP 200')),
    );
  });

  it('tells only the person why `/steward run` proposed nothing, and leaves no message behind', async () => {
    const privately = await command('run restart-service service=mainframe because why not');
    expect(visibleText(privately[0])).toContain('restart-service');
    const root = s.slack
      .callsTo('chat.postMessage')
      .filter((call) => call.args.channel === 'C0OPS' && call.args.thread_ts === undefined)
      .at(-1);
    expect(s.slack.callsTo('chat.delete').map((call) => call.args.ts)).toContain(root?.result?.ts);

    const usage = await command('run');
    expect(visibleText(usage[0])).toContain('/steward run restart-service service=web because');
  });

  it('says so privately when it is not a member of the channel', async () => {
    s.slack.failNext('chat.postMessage', { kind: 'platform-error', error: 'not_in_channel' });
    const privately = await command('run restart-service service=web because 502s', {
      channel_id: 'C0PRIVATE',
    });
    expect(visibleText(privately[0])).toContain('Invite me to this channel');
  });

  it('lists what waits for an approver with `/steward approvals`, linked to the card', async () => {
    const thread = await s.mention('C0OPS', RITA, 'run restart-service service=api because errors spike');
    const card = await s.card('C0OPS', thread);
    await s.click(card, 'confirm', RITA);
    await s.until(card, 'Waiting for 1 more approval');

    const listed = visibleText((await command('approvals', { user_id: ANN }))[0]);
    expect(listed).toContain('Waiting for you');
    expect(listed).toContain(
      `<https://acme.slack.com/archives/C0OPS/p${card.ts.replace('.', '')}|Restart a service>`,
    );
    const own = visibleText((await command('approvals'))[0]);
    expect(own).toContain('Your requests');
    expect(own).toContain('pending');
  });

  it('posts the card at the top of a direct message, which has no threads', async () => {
    await s.configure('D0RITA', {
      actions: [{ actionId: 'restart-service' }],
      approvers: { users: [ANN], groups: [] },
    });
    const privately = await command('run restart-service service=web because testing from my DM', {
      channel_id: 'D0RITA',
      channel_name: 'directmessage',
    });
    expect(privately).toEqual([]);
    const [card] = s.cards('D0RITA');
    expect(card?.threadTs).toBeUndefined();
    expect(cardHeaderOf(card?.post)).toBe('Proposed action: Restart a service');
  });

  it('lists run and approvals in `/steward help`', async () => {
    const help = visibleText((await command('help'))[0]);
    expect(help).toContain('/steward run &lt;action&gt; key=value');
    expect(help).toContain('/steward approvals');
  });

  it('expires a request nobody decided, and offers the requester to request it again', async () => {
    await s.configure('C0QUICK', {
      // About two seconds to decide.
      actions: [{ actionId: 'restart-service', expiryHours: 0.0006 }],
      approvers: { users: [ANN], groups: [] },
    });
    const thread = await s.mention('C0QUICK', RITA, 'run restart-service service=web because slow pages');
    const card = await s.card('C0QUICK', thread);
    await s.click(card, 'confirm', RITA);

    const expired = await s.until(card, 'nothing ran');
    expect(cardHeaderOf(expired)).toBe('Expired without a decision: Restart a service');
    expect(cardButtonsOf(expired).map((b) => b.actionId)).toEqual(['steward_approval_request-again']);
    await eventually(() =>
      s
        .threadPosts('C0QUICK', thread)
        .some((call) => cardTextOf(call).includes('expired without enough approvals')),
    );

    await s.click(card, 'request-again', ANN);
    await eventually(() => s.privateNotices(ANN).some((text) => text.includes('Only the person who asked')));

    await s.click(card, 'request-again', RITA);
    const renewed = await s.card('C0QUICK', thread, 2);
    expect(cardTextOf(renewed.post)).toContain('Waiting for 1 more approval');
    const old = await s.until(card, 'Expired; requested again.');
    expect(cardButtonsOf(old)).toEqual([]);
    await eventually(() => s.privateNotices(RITA).some((text) => text.includes('Requested again')));
  });
});

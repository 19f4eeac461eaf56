import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuditActor } from '../../../src/ports/audit-log.js';
import { deletePrefix, uniquePrefix } from '../../support/approval-integration.js';
import { useTestTable } from '../../support/dynamodb.js';
import { FakeSlack, type RecordedCall } from '../../support/fake-slack.js';
import { edited, initialState, openedView, typed, viewSubmission } from '../../support/slack-modal.js';
import { eventPayload, slackFixture } from '../../support/slack-payloads.js';
import { postEvent, postInteraction } from '../../support/slack-requests.js';
import { type SlackServiceHandle, startSlackService } from '../../support/slack-service.js';

const ADMIN = 'U0ANN';
const REQUESTER = 'U0BOB';
const APPROVER = 'U0CAROL';
const BYSTANDER = 'U0DAN';
const CHANNEL = 'C0HOME00';
const admin: AuditActor = { kind: 'user', id: ADMIN, platform: 'slack' };

interface Block {
  readonly type: string;
  readonly text?: { readonly text: string };
  readonly elements?: readonly {
    readonly text?: unknown;
    readonly action_id?: string;
    readonly value?: string;
  }[];
  readonly accessory?: { readonly action_id?: string; readonly value?: string; readonly url?: string };
}

describe('Slack: the App Home tab', () => {
  const table = useTestTable('e2e-slack-home');
  const queuePrefix = uniquePrefix();
  let slack: FakeSlack;
  let handle: SlackServiceHandle;

  beforeAll(async () => {
    slack = await FakeSlack.start();
    handle = await startSlackService({
      slack,
      dynamodbEndpoint: table.endpoint,
      tableName: table.tableName,
      env: { ADMIN_USERS: `slack:${ADMIN}`, APPROVALS_QUEUE_PREFIX: queuePrefix },
    });
    const { useCases } = handle.service.admin;
    // 21 configured channels: one page of 20 and a second page of one.
    for (let index = 0; index <= 20; index += 1) {
      const channelId = `C0HOME${String(index).padStart(2, '0')}`;
      const values =
        index === 0
          ? { actions: [{ actionId: 'restart-service' }], approvers: { users: [APPROVER], groups: [] } }
          : { replyMode: 'all', retentionDays: index };
      const saved = await useCases.changeSettings(
        admin,
        { platform: 'slack', tenantId: 'T0ACME', channelId },
        { mode: 'merge', values },
      );
      expect(saved.ok).toBe(true);
    }
    // Another workspace's channel is not listed.
    await useCases.changeSettings(
      admin,
      { platform: 'slack', tenantId: 'T0OTHER', channelId: 'C0ELSEWHERE' },
      { mode: 'merge', values: { enabled: false } },
    );
    await pendingRequest();
  });

  afterAll(async () => {
    await handle.service.stop();
    await slack.close();
    await deletePrefix(queuePrefix);
  });

  beforeEach(() => {
    slack.calls.length = 0;
  });

  /** Someone asks for a restart in the channel and confirms it: a request now waits for the approver. */
  async function pendingRequest(): Promise<void> {
    const ref = {
      platform: 'slack' as const,
      tenantId: 'T0ACME',
      channelId: CHANNEL,
      threadId: '1763390000.000100',
    };
    const reply = await handle.service.core.dispatcher.dispatch({
      ref,
      author: { id: REQUESTER },
      text: 'run restart-service service=web because the site returns 502',
      eventId: 'EvHOMERUN1',
      receivedAt: new Date(),
    });
    if (reply.kind !== 'card-posted') {
      throw new Error(`no proposal card posted: ${JSON.stringify(reply)}`);
    }
    // The proposal card as Slack received it, in the thread it was asked in.
    const posted = slack.callsTo('chat.postMessage').find((call) => call.args.thread_ts === ref.threadId);
    const messageId = posted?.result?.ts;
    if (typeof messageId !== 'string') {
      throw new Error('the proposal card was not posted to Slack');
    }
    const confirmed = await handle.service.approvals.workflow.interactions.handle({
      action: 'confirm',
      id: reply.card.id,
      actor: { platform: 'slack', tenantId: 'T0ACME', userId: REQUESTER },
      message: { address: { platform: 'slack', tenantId: 'T0ACME', channelId: CHANNEL, threadId: ref.threadId }, messageId },
    });
    expect(confirmed.changed).toBe(true);
  }

  async function openHome(userId: string, tab = 'home'): Promise<RecordedCall | undefined> {
    await postEvent(handle.eventsUrl, eventPayload('app-home-opened', { user: userId, tab }));
    await handle.settle();
    return slack.callsTo('views.publish').at(-1);
  }

  async function click(actionId: string, value: string, userId = ADMIN): Promise<void> {
    const payload = slackFixture('block-actions-home');
    const [action] = payload.actions as Record<string, unknown>[];
    const response = await postInteraction(handle.eventsUrl, {
      ...payload,
      user: { ...(payload.user as Record<string, unknown>), id: userId },
      actions: [{ ...action, action_id: actionId, value }],
    });
    expect(response.status).toBe(200);
    await handle.settle();
  }

  const blocksOf = (call: RecordedCall | undefined) =>
    (call?.args.view as { blocks?: Block[] } | undefined)?.blocks ?? [];
  const textOf = (call: RecordedCall | undefined) =>
    blocksOf(call)
      .flatMap((block) => [
        block.text?.text ?? '',
        ...(block.elements ?? []).map((element) => (typeof element.text === 'string' ? element.text : '')),
      ])
      .join('\n');
  const buttons = (call: RecordedCall | undefined) =>
    blocksOf(call).flatMap((block) => [
      ...(block.accessory?.action_id ? [block.accessory] : []),
      ...(block.elements ?? []).filter((element) => element.action_id !== undefined),
    ]);

  it('shows an admin what is pending in the workspace and the configured channels, a page at a time', async () => {
    const home = await openHome(ADMIN);
    expect(home?.args.user_id).toBe(ADMIN);
    expect(home?.result).toMatchObject({ ok: true });
    const text = textOf(home);
    expect(text).toContain('You are a Steward admin');
    expect(text).toContain('*Restart a service*');
    expect(text).toContain(`Asked by <@${REQUESTER}> in <#${CHANNEL}> · 0 of 1 approvals`);
    expect(text).toContain(
      `*<#${CHANNEL}>*  answers mentions · default knowledge · actions \`restart-service\` · 1 approver`,
    );
    expect(text).toContain(`_Changed by <@${ADMIN}>`);
    expect(text).not.toContain('C0ELSEWHERE');

    const edits = buttons(home).filter((button) => button.action_id === 'steward_home_edit_channel');
    expect(edits.map((button) => button.value)).toEqual(
      Array.from({ length: 20 }, (_, index) => `C0HOME${String(index).padStart(2, '0')}`),
    );
    const next = buttons(home).find((button) => button.action_id === 'steward_home_channels_page');
    expect(next?.value).toBeTruthy();

    await click('steward_home_channels_page', next?.value ?? '');
    const second = slack.callsTo('views.publish').at(-1);
    expect(second?.result).toMatchObject({ ok: true });
    expect(
      buttons(second)
        .filter((button) => button.action_id === 'steward_home_edit_channel')
        .map((button) => button.value),
    ).toEqual(['C0HOME20']);
    expect(textOf(second)).toContain('history kept 20 days');
    expect(
      buttons(second)
        .filter((button) => button.action_id === 'steward_home_channels_page')
        .map((button) => button.value),
    ).toEqual(['']);
  });

  it('shows an approver what waits for them, and no channels', async () => {
    const home = await openHome(APPROVER);
    const text = textOf(home);
    expect(text).toContain('I answer questions from your organisation’s knowledge base');
    expect(text).toContain('Waiting for your approval');
    expect(text).toContain('*Restart a service* `environment=staging service=web`');
    expect(text).not.toContain('Configured channels');
    expect(text).not.toContain('You are a Steward admin');
    expect(buttons(home).some((button) => button.action_id === 'steward_home_edit_channel')).toBe(false);
    expect(await handle.service.admin.audit.list({ actionPrefix: 'admin.refused' })).toMatchObject({
      records: [],
    });
  });

  it('shows a requester where their request stands', async () => {
    const text = textOf(await openHome(REQUESTER));
    expect(text).toContain('Your requests');
    expect(text).toContain('waiting for approval');
    expect(text).toContain('Nothing is waiting for you.');
  });

  it('shows someone with nothing going on a short explanation', async () => {
    const text = textOf(await openHome(BYSTANDER));
    expect(text).toContain('Mention me in a channel');
    expect(text).toContain('You have not asked me to run anything yet.');
  });

  it('publishes nothing for the Messages tab', async () => {
    await openHome(ADMIN, 'messages');
    expect(slack.callsTo('views.publish')).toEqual([]);
  });

  it('lets an admin edit a channel from Home, and shows the change there once saved', async () => {
    await click('steward_home_edit_channel', 'C0HOME05');
    const [open] = slack.callsTo('views.open');
    expect(open?.args.trigger_id).toBe(slackFixture('block-actions-home').trigger_id);
    const form = openedView(open);
    expect(JSON.stringify(form.blocks)).toContain('How Steward behaves in <#C0HOME05>');

    slack.calls.length = 0;
    const response = await postInteraction(
      handle.eventsUrl,
      viewSubmission(form, edited(initialState(form), { enabled: typed.choice('false') })),
    );
    expect(await response.text()).toBe('');
    await handle.settle();

    const home = slack.callsTo('views.publish').at(-1);
    expect(home?.args.user_id).toBe(ADMIN);
    expect(textOf(home)).toContain('*<#C0HOME05>*  *Off*');
    expect(slack.callsTo('chat.postEphemeral')).toEqual([]);
  });

  it('opens nothing for a non-admin pressing a forged Edit button, and audits the attempt', async () => {
    await click('steward_home_edit_channel', 'C0HOME01', BYSTANDER);
    expect(slack.callsTo('views.open')).toEqual([]);
    expect(textOf(slack.callsTo('views.publish').at(-1))).not.toContain('Configured channels');
    const audit = await handle.service.admin.audit.list({
      channel: { platform: 'slack', tenantId: 'T0ACME', channelId: 'C0HOME01' },
      actionPrefix: 'admin.refused',
    });
    expect(audit.records.map((record) => record.actor.id)).toEqual([BYSTANDER]);
  });
});

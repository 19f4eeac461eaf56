import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack, type RecordedCall } from '../../support/fake-slack.js';
import { deletePrefix, uniquePrefix } from '../../support/approval-integration.js';
import { useTestTable } from '../../support/dynamodb.js';
import { visibleText } from '../../support/slack-blocks.js';
import { edited, initialState, openedView, typed, viewSubmission } from '../../support/slack-modal.js';
import { commandFields, eventPayload, slackFixture, uniqueTs } from '../../support/slack-payloads.js';
import { postCommand, postEvent, postInteraction } from '../../support/slack-requests.js';
import { type SlackServiceHandle, startSlackService } from '../../support/slack-service.js';

const ADMIN = 'U0ANN';
const STAFF = 'U0BOB';

describe('Slack: an admin configures a channel with /steward config', () => {
  const table = useTestTable('e2e-slack-settings');
  let slack: FakeSlack;
  let handle: SlackServiceHandle;
  let channelCount = 0;
  const queuePrefix = uniquePrefix();

  beforeAll(async () => {
    slack = await FakeSlack.start();
    slack.setUserGroup('S0SRE', ['U0SAM'], { handle: 'sre-oncall', name: 'SRE on call' });
    handle = await startSlackService({
      slack,
      dynamodbEndpoint: table.endpoint,
      tableName: table.tableName,
      env: { ADMIN_USERS: `slack:${ADMIN}`, APPROVALS_QUEUE_PREFIX: queuePrefix },
    });
  });

  afterAll(async () => {
    await handle.service.stop();
    await slack.close();
    await deletePrefix(queuePrefix);
  });

  beforeEach(() => {
    slack.calls.length = 0;
  });

  /** A channel no other test touches. */
  function newChannel(): string {
    channelCount += 1;
    return `C0CFG${channelCount}`;
  }

  const channelKey = (channelId: string) => ({ platform: 'slack' as const, tenantId: 'T0ACME', channelId });
  const stored = (channelId: string) => handle.service.admin.settings.get(channelKey(channelId));

  async function runConfig(
    channelId: string,
    userId = ADMIN,
  ): Promise<{ ack: Response; responseUrl: string }> {
    const responseUrl = slack.newResponseUrl();
    const ack = await postCommand(
      handle.eventsUrl,
      commandFields({ text: 'config', channel_id: channelId, user_id: userId, response_url: responseUrl }),
    );
    await handle.settle();
    return { ack, responseUrl };
  }

  async function openForm(channelId: string) {
    await runConfig(channelId);
    const call = slack.callsTo('views.open').at(-1);
    expect(call?.result).toMatchObject({ ok: true });
    return openedView(call);
  }

  async function submit(payload: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
    const response = await postInteraction(handle.eventsUrl, payload);
    const text = await response.text();
    await handle.settle();
    return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  }

  const responsesTo = (url: string): RecordedCall[] =>
    slack.callsTo('response_url').filter((call) => url.endsWith(`/response/${call.responseUrlId ?? ''}`));

  async function mentionAnswer(channelId: string, text: string): Promise<string> {
    slack.calls.length = 0;
    const ts = uniqueTs();
    await postEvent(
      handle.eventsUrl,
      eventPayload('app-mention', { ts, event_ts: ts, channel: channelId, text: `<@UBOT0STEWARD> ${text}` }),
    );
    await handle.settle();
    return [
      ...slack.callsTo('chat.update'),
      ...slack.callsTo('chat.postMessage'),
      ...slack.callsTo('chat.postEphemeral'),
    ]
      .map((call) => visibleText(call) || String(call.args.text))
      .join('\n');
  }

  it('opens a modal pre-filled with the channel’s settings, with the trigger id of the command', async () => {
    const channelId = newChannel();
    const { ack, responseUrl } = await runConfig(channelId);
    expect(ack.status).toBe(200);
    expect(await ack.text()).toBe('');

    const [call] = slack.callsTo('views.open');
    expect(call?.args.trigger_id).toMatch(/^TR/);
    expect(call?.result).toMatchObject({ ok: true });
    const form = openedView(call);
    expect(form.view).toMatchObject({ type: 'modal', callback_id: 'steward_channel_settings' });
    const state = initialState(form);
    expect(state.settings_enabled?.value).toMatchObject({ selected_option: { value: 'true' } });
    expect(state.settings_replyMode?.value).toMatchObject({ selected_option: { value: 'mentions' } });
    expect(state.settings_knowledgeKind?.value).toMatchObject({ selected_option: { value: 'default' } });
    expect(state.settings_accessMode?.value).toMatchObject({ selected_option: { value: 'everyone' } });
    expect(JSON.stringify(form.blocks)).toContain('Nobody has configured this channel yet');
    expect(JSON.stringify(form.blocks)).toContain('`restart-service` (Restart a service)');
    expect(responsesTo(responseUrl)).toEqual([]);
  });

  it('saves a submission: reply mode "all" makes an unmentioned message answered at once, and the admin is told', async () => {
    const channelId = newChannel();
    const unmentioned = async () => {
      slack.calls.length = 0;
      const ts = uniqueTs();
      await postEvent(
        handle.eventsUrl,
        eventPayload('message-thread-reply', {
          ts,
          event_ts: ts,
          thread_ts: undefined,
          channel: channelId,
          text: 'How do I connect to the VPN?',
        }),
      );
      await handle.settle();
      return slack.callsTo('chat.update').map((call) => visibleText(call));
    };
    expect(await unmentioned()).toEqual([]);

    const form = await openForm(channelId);
    slack.calls.length = 0;
    const response = await submit(
      viewSubmission(form, edited(initialState(form), { replyMode: typed.choice('all') })),
    );
    expect(response).toEqual({ status: 200, body: undefined });

    expect(await stored(channelId)).toMatchObject({
      version: 1,
      settings: { replyMode: 'all', enabled: true },
      updatedBy: { kind: 'user', id: ADMIN, platform: 'slack' },
    });
    const [confirmation] = slack.callsTo('chat.postEphemeral');
    expect(confirmation?.args).toMatchObject({ channel: channelId, user: ADMIN });
    expect(visibleText(confirmation)).toContain(`Saved the settings of <#${channelId}> (version 1)`);
    expect(visibleText(confirmation)).toContain('answers every message');

    const answers = await unmentioned();
    expect(answers.join('\n')).toContain('GlobalProtect');
    const audit = await handle.service.admin.audit.list({ channel: channelKey(channelId) });
    expect(audit.records.map((record) => record.action)).toEqual(['settings.changed']);
  });

  it('switches a channel off: a mention is no longer answered', async () => {
    const channelId = newChannel();
    expect(await mentionAnswer(channelId, 'How do I connect to the VPN?')).toContain('GlobalProtect');

    const form = await openForm(channelId);
    const response = await submit(
      viewSubmission(form, edited(initialState(form), { enabled: typed.choice('false') })),
    );
    expect(response.body).toBeUndefined();

    const reply = await mentionAnswer(channelId, 'How do I connect to the VPN?');
    expect(reply).not.toContain('GlobalProtect');
    expect(reply).toContain('switched off in this channel');
  });

  it('saves every kind of setting the form holds, and shows them again when reopened', async () => {
    const channelId = newChannel();
    const form = await openForm(channelId);
    const response = await submit(
      viewSubmission(
        form,
        edited(initialState(form), {
          knowledgeKind: typed.choice('bedrock'),
          knowledgeCollection: typed.text('ignored-because-bedrock'),
          knowledgeBaseId: typed.text('KB12345678'),
          knowledgeFilter: typed.text('{"equals": {"key": "department", "value": "hr"}}'),
          knowledgeResults: typed.number('8'),
          knowledgeSearchType: typed.choice('HYBRID', 'static_select'),
          modelId: typed.text('anthropic.claude-3-haiku-20240307-v1:0'),
          guardrailId: typed.text('gr-hr'),
          guardrailVersion: typed.text('2'),
          persona: typed.text('Answer for new starters, briefly.'),
          actions: typed.richText([
            'restart-service | approvers: ',
            { user: 'U0CAROL' },
            ' ',
            { group: 'S0SRE' },
            ' | quorum: 2 | expires: 2d\ngrant-access',
          ]),
          approverUsers: typed.users(['U0DAVE']),
          approverGroups: typed.groups(['S0SRE']),
          approversChannel: typed.conversation('C0APPROVE'),
          accessMode: typed.choice('listed'),
          accessUsers: typed.users(['U0ANN', 'U0BOB']),
          accessGroups: typed.groups(['S0SRE']),
          userMessagesPerMinute: typed.number('10'),
          retentionDays: typed.number('30'),
        }),
      ),
    );
    expect(response.body).toBeUndefined();

    const saved = await stored(channelId);
    expect(saved?.settings).toEqual({
      enabled: true,
      replyMode: 'mentions',
      knowledge: {
        kind: 'bedrock',
        knowledgeBaseId: 'KB12345678',
        filter: { equals: { key: 'department', value: 'hr' } },
        numberOfResults: 8,
        searchType: 'HYBRID',
      },
      modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
      guardrail: { id: 'gr-hr', version: '2' },
      persona: 'Answer for new starters, briefly.',
      actions: [
        {
          actionId: 'restart-service',
          approvers: { users: ['U0CAROL'], groups: ['S0SRE'] },
          quorum: 2,
          expiryHours: 48,
        },
        { actionId: 'grant-access' },
      ],
      approvers: { users: ['U0DAVE'], groups: ['S0SRE'] },
      approversChannelId: 'C0APPROVE',
      retentionDays: 30,
      access: { mode: 'listed', users: ['U0ANN', 'U0BOB'], groups: ['S0SRE'] },
      userMessagesPerMinute: 10,
      personalData: 'mask',
    });

    // Reopened, the form shows exactly what was saved; saving it unchanged changes nothing.
    const again = await openForm(channelId);
    const state = initialState(again);
    expect(state.settings_approverGroups).toEqual({
      steward_user_groups: {
        type: 'multi_external_select',
        selected_options: [
          { text: { type: 'plain_text', text: '@sre-oncall', emoji: true }, value: 'S0SRE' },
        ],
      },
    });
    expect(JSON.stringify(again.blocks)).toContain(`Last changed by <@${ADMIN}>`);
    slack.calls.length = 0;
    expect((await submit(viewSubmission(again, state))).body).toBeUndefined();
    expect((await stored(channelId))?.version).toBe(1);
    expect(visibleText(slack.callsTo('chat.postEphemeral')[0])).toContain('Nothing changed');
  });

  it('confirms by DM when Steward may not post in the channel', async () => {
    const channelId = newChannel();
    const form = await openForm(channelId);
    slack.failNext('chat.postEphemeral', { kind: 'platform-error', error: 'channel_not_found' });
    slack.calls.length = 0;
    await submit(viewSubmission(form, edited(initialState(form), { replyMode: typed.choice('all') })));

    const [dm] = slack.callsTo('chat.postMessage');
    expect(dm?.args.channel).toBe(ADMIN);
    expect(visibleText(dm)).toContain(`Saved the settings of <#${channelId}> (version 1)`);
  });

  it('warns about allowed actions the catalogue does not have', async () => {
    const channelId = newChannel();
    const form = await openForm(channelId);
    slack.calls.length = 0;
    await submit(
      viewSubmission(
        form,
        edited(initialState(form), { actions: typed.richText(['restart-service\nreboot-the-world']) }),
      ),
    );
    expect(visibleText(slack.callsTo('chat.postEphemeral')[0])).toContain(
      'Not in the action catalogue, so nobody can run them until they are added: `reboot-the-world`',
    );
  });

  it('asks the admin to run the command again when Slack no longer accepts the trigger', async () => {
    const channelId = newChannel();
    slack.failNext('views.open', { kind: 'platform-error', error: 'expired_trigger_id' });
    const { responseUrl } = await runConfig(channelId);
    expect(visibleText(responsesTo(responseUrl)[0])).toContain('Run `/steward config` again');
  });

  it('shows invalid values next to their inputs and saves nothing', async () => {
    const channelId = newChannel();
    const form = await openForm(channelId);
    const response = await submit(
      viewSubmission(
        form,
        edited(initialState(form), {
          knowledgeKind: typed.choice('bedrock'),
          knowledgeBaseId: typed.text('too-short'),
          knowledgeFilter: typed.text('{department: hr'),
          actions: typed.richText(['restart-service | quorum: 99\nreset everything']),
          retentionDays: typed.number('0'),
        }),
      ),
    );

    expect(response.status).toBe(200);
    const body = response.body as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors).sort()).toEqual(
      [
        'settings_actions',
        'settings_knowledgeBaseId',
        'settings_knowledgeFilter',
        'settings_retentionDays',
      ].sort(),
    );
    expect(body.errors.settings_knowledgeBaseId).toBe('Must be a 10-character Bedrock knowledge base id.');
    expect(body.errors.settings_knowledgeFilter).toContain('Must be JSON');
    expect(body.errors.settings_actions).toContain('Line 2: start with the action id');
    expect(body.errors.settings_actions).toContain('Line 1: quorum must be at most 10.');
    expect(body.errors.settings_retentionDays).toBe('Must be at least 1.');
    expect(await stored(channelId)).toBeUndefined();
    expect(slack.callsTo('chat.postEphemeral')).toEqual([]);
  });

  it('shows the use case’s own findings when the form reads well but a value is out of range', async () => {
    const channelId = newChannel();
    const form = await openForm(channelId);
    const response = await submit(
      viewSubmission(
        form,
        edited(initialState(form), {
          actions: typed.richText(['grant-access\nrestart-service | quorum: 11']),
          userMessagesPerMinute: typed.number('601'),
        }),
      ),
    );
    expect(response.body).toEqual({
      response_action: 'errors',
      errors: {
        settings_actions: 'Line 2: quorum must be at most 10.',
        settings_userMessagesPerMinute: 'Must be at most 600.',
      },
    });
    expect(await stored(channelId)).toBeUndefined();
  });

  it('refuses a non-admin privately, opens no modal, and audits the attempt', async () => {
    const channelId = newChannel();
    const { ack, responseUrl } = await runConfig(channelId, STAFF);
    expect(ack.status).toBe(200);

    expect(slack.callsTo('views.open')).toEqual([]);
    const [refusal] = responsesTo(responseUrl);
    expect(refusal?.args).toMatchObject({ response_type: 'ephemeral' });
    expect(visibleText(refusal)).toContain('Only Steward admins can change how Steward behaves in a channel');
    const audit = await handle.service.admin.audit.list({ channel: channelKey(channelId) });
    expect(audit.records).toEqual([
      expect.objectContaining({
        action: 'admin.refused',
        actor: { kind: 'user', id: STAFF, platform: 'slack' },
        details: { attempted: 'settings.read' },
      }),
    ]);
  });

  it('refuses a submission by someone who is not an admin, whatever the form says', async () => {
    const channelId = newChannel();
    const form = await openForm(channelId);
    // The same form, submitted by someone else (a replayed or forged payload).
    const byStaff = await submit(
      viewSubmission(form, edited(initialState(form), { enabled: typed.choice('false') }), { userId: STAFF }),
    );
    expect(byStaff.body).toMatchObject({ response_action: 'update' });
    expect(JSON.stringify(byStaff.body)).toContain('could not be verified');
    expect(await stored(channelId)).toBeUndefined();
  });

  it('refuses the save of someone who stopped being an admin while the form was open, and audits it', async () => {
    const channelId = newChannel();
    const rootActor = { kind: 'user' as const, id: ADMIN, platform: 'slack' as const };
    expect(await handle.service.admin.useCases.addAdmin(rootActor, 'slack:U0CAROL')).toMatchObject({
      ok: true,
    });
    await runConfig(channelId, 'U0CAROL');
    const form = openedView(slack.callsTo('views.open').at(-1));
    expect(await handle.service.admin.useCases.removeAdmin(rootActor, 'slack:U0CAROL')).toMatchObject({
      ok: true,
    });

    const response = await submit(
      viewSubmission(form, edited(initialState(form), { enabled: typed.choice('false') }), {
        userId: 'U0CAROL',
      }),
    );
    expect(response.body).toMatchObject({ response_action: 'update' });
    expect(JSON.stringify(response.body)).toContain('Only Steward admins can change channel settings');
    expect(await stored(channelId)).toBeUndefined();
    const audit = await handle.service.admin.audit.list({ channel: channelKey(channelId) });
    expect(audit.records.map((record) => [record.action, record.details.attempted])).toEqual([
      ['admin.refused', 'settings.change'],
    ]);
  });

  it.each([
    ['another channel', (metadata: string) => resign(metadata, 'C0OTHER')],
    ['no signature', (metadata: string) => metadata.split('.').slice(0, 2).join('.')],
    ['made-up text', () => '{"channelId":"C0IT","version":0}'],
  ])('refuses a form whose private metadata was tampered with (%s)', async (_label, tamper) => {
    const channelId = newChannel();
    const form = await openForm(channelId);
    const response = await submit(
      viewSubmission(form, edited(initialState(form), { replyMode: typed.choice('all') }), {
        privateMetadata: tamper(form.privateMetadata),
      }),
    );
    expect(response.body).toMatchObject({ response_action: 'update' });
    expect(JSON.stringify(response.body)).toContain('could not be verified, so nothing was saved');
    expect(await stored(channelId)).toBeUndefined();
    expect(await stored('C0OTHER')).toBeUndefined();
    expect(handle.logLines.some((line) => line.msg === 'slack settings form rejected')).toBe(true);
  });

  it('tells the admin to reopen when someone saved the channel since the form was opened', async () => {
    const channelId = newChannel();
    const first = await openForm(channelId);
    const second = await openForm(channelId);
    expect(
      (await submit(viewSubmission(first, edited(initialState(first), { replyMode: typed.choice('all') }))))
        .body,
    ).toBeUndefined();

    const late = await submit(
      viewSubmission(second, edited(initialState(second), { enabled: typed.choice('false') })),
    );
    expect(late.body).toMatchObject({ response_action: 'update' });
    expect(JSON.stringify(late.body)).toContain('Run `/steward config` in the channel again');
    expect(await stored(channelId)).toMatchObject({
      version: 1,
      settings: { enabled: true, replyMode: 'all' },
    });
  });

  it('refuses /steward config in a DM with a hint, and lists config in help', async () => {
    const dm = await runConfig('D0ANN');
    expect(slack.callsTo('views.open')).toEqual([]);
    expect(visibleText(responsesTo(dm.responseUrl)[0])).toContain('run `/steward config` in the channel');

    const help = await postCommand(handle.eventsUrl, commandFields({ text: '' }));
    expect(JSON.stringify(await help.json())).toContain('/steward config');
  });

  it('offers the workspace’s user groups as the admin types in a group picker', async () => {
    const response = await postInteraction(handle.eventsUrl, {
      ...slackFixture('block-suggestion'),
      value: 'sre',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      options: [
        { text: { type: 'plain_text', text: '@sre-oncall (SRE on call)', emoji: true }, value: 'S0SRE' },
      ],
    });
  });
});

/** The same metadata pointing at another channel, with the signature left as it was. */
function resign(metadata: string, channelId: string): string {
  const [version, payload, mac] = metadata.split('.');
  const fields = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as unknown[];
  fields[0] = channelId;
  return `${version}.${Buffer.from(JSON.stringify(fields)).toString('base64url')}.${mac}`;
}

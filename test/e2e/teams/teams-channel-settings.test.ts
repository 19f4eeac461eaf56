import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ChannelKey } from '../../../src/channels/channel-key.js';
import { useTestTable } from '../../support/dynamodb.js';
import {
  actionsOf,
  type AdaptiveCardContent,
  cardOf,
  inputValues,
  problemsUnder,
  submission,
  visibleText,
} from '../../support/teams/card-reading.js';
import { newActivityId } from '../../support/teams/teams-fixtures.js';
import { TEST_TENANT_ID, TeamsHarness } from '../../support/teams/teams-harness.js';

/** How long a question may take through the answers queue on a loaded machine (a bound, not a target). */
const ANSWERED_WITHIN = { timeout: 15_000 };

const OPEN = 'steward.settings.open';
const SAVE = 'steward.settings.save';
/** Ann (the fixtures' usual sender) is an admin by ADMIN_USERS; Bo is not. */
const ANN = {
  id: '29:1lXq2f7gZp0yE3vJ8mKXcR5tW9bN4hD6sA0uI2oP7yQkVb3CzT8nM1eF5gH9jL4',
  name: 'Ann Example',
  aadObjectId: '4f0c6a52-9d3e-4b7a-8e1f-2c5d7a9b3e61',
};
const BO = {
  id: '29:1pR7kD2wQ9xL4mB8vT3nC6zF0yH5sJ1gE7uA2oK9iW4',
  name: 'Bo Example',
  aadObjectId: '9e2b1c7d-5a4f-4e3b-a6c8-0d1f2e3a4b5c',
};
/** A person of another organisation in a shared channel: Teams names their home tenant. */
const PARTNER = {
  id: '29:1zT4wQ8eR2yU6iO0pA3sD7fG1hJ5kL9zX3cV7bN1mQ5wE9rT3yU7iO1pA5sD9f',
  name: 'Pat Partner',
  aadObjectId: '7a3e9c1b-2d4f-4a6b-8c0e-1f3a5b7c9d2e',
  tenantId: 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b',
};
/** Workflows (Power Automate) posting into a channel: a bot's `28:` id and no Entra object id. */
const WORKFLOWS = { id: '28:a9c1e3f5-7b2d-4e6f-8a0c-2e4f6a8c0e2f', name: 'Workflows' };
type Person = { readonly id: string; readonly name: string; readonly aadObjectId?: string; readonly tenantId?: string; readonly role?: string };

interface InvokeBody {
  readonly statusCode: number;
  readonly type: string;
  readonly value: unknown;
}

type CardWithRefresh = AdaptiveCardContent & {
  readonly refresh?: { readonly action: { readonly verb: string }; readonly userIds: readonly string[] };
};

describe('Teams: admins configure a channel with the config card', () => {
  const table = useTestTable('e2e-teams-settings');
  let teams: TeamsHarness;

  beforeAll(async () => {
    teams = await TeamsHarness.start(table, {
      env: {
        ADMIN_USERS: `teams:${ANN.aadObjectId.toUpperCase()}`,
        // A channel set to a Bedrock knowledge base reaches for it at once; nothing listens here,
        // so the answer says so instead of coming from the local folder.
        BEDROCK_AGENT_RUNTIME_ENDPOINT: 'http://127.0.0.1:9',
        BEDROCK_MAX_ATTEMPTS: '1',
      },
    });
  });

  afterAll(async () => {
    await teams.stop();
  });

  /** A channel no other test touches. */
  function newChannel(): string {
    return `19:${randomBytes(16).toString('hex')}@thread.tacv2`;
  }

  const keyOf = (channel: string): ChannelKey => ({
    platform: 'teams',
    tenantId: TEST_TENANT_ID,
    channelId: channel,
  });

  function placeIn(activity: Record<string, unknown>, channel: string, root: string, from: Person) {
    const placed = activity as {
      conversation: { id: string };
      channelData: { channel: { id: string }; teamsChannelId?: string };
      from: Person;
    };
    placed.conversation.id = `${channel};messageid=${root}`;
    placed.channelData.channel.id = channel;
    if (placed.channelData.teamsChannelId !== undefined) {
      placed.channelData.teamsChannelId = channel;
    }
    placed.from = from;
    return activity;
  }

  /** Posts a new channel message (a thread root) and returns the thread's conversation id. */
  async function post(channel: string, text: string, options: { from?: Person; mention?: boolean } = {}) {
    const root = newActivityId();
    const fixture = options.mention === false ? 'channel-message-without-mention' : 'channel-mention';
    const activity = placeIn(
      teams.activity(fixture, { text, activityId: root }),
      channel,
      root,
      options.from ?? ANN,
    );
    expect((await teams.post(activity)).status).toBe(200);
    return { root, thread: `${channel};messageid=${root}` };
  }

  async function replyIn(thread: string) {
    await teams.connector.waitFor(() => teams.connector.messagesIn(thread).length === 1);
    return teams.connector.messagesIn(thread)[0]!;
  }

  /** Selects a button on the card in a thread, as `from`, with `data` as the client sends it. */
  async function click(
    channel: string,
    root: string,
    verb: string,
    data: Record<string, unknown>,
    from: Person = ANN,
  ): Promise<InvokeBody> {
    const invoke = placeIn(
      teams.activity('adaptive-card-action', { threadRootId: root }),
      channel,
      root,
      from,
    );
    invoke.value = { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' };
    const response = await teams.post(invoke);
    expect(response.status).toBe(200);
    return (await response.json()) as InvokeBody;
  }

  function cardIn(body: InvokeBody): CardWithRefresh {
    expect(body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    return body.value as CardWithRefresh;
  }

  /** `config` in a new thread, then the form the admin's Teams client loads by refreshing the card. */
  async function openForm(channel: string, from: Person = ANN) {
    const { root, thread } = await post(channel, 'config', { from });
    const invitation = cardOf((await replyIn(thread)).body) as CardWithRefresh;
    const form = cardIn(await click(channel, root, invitation.refresh!.action.verb, {}, from));
    return { root, thread, invitation, form };
  }

  async function auditOf(channel: string) {
    return (await teams.service.admin.audit.list({ channel: keyOf(channel) })).records;
  }

  it('shows everyone only that an admin opened the settings; the admin’s card refreshes into the filled form', async () => {
    const channel = newChannel();

    const { invitation, form } = await openForm(channel);

    // Access lists and approvers are not for every member: the posted card holds no settings.
    expect(inputValues(invitation)).toEqual({});
    expect(
      visibleText({
        attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: invitation }],
      }),
    ).toMatch(/Steward settings for this channel[\s\S]*Ann Example opened them/);
    expect(invitation.refresh).toEqual({
      action: { type: 'Action.Execute', title: 'Refresh', verb: OPEN, data: {} },
      userIds: [ANN.id],
    });
    expect(actionsOf(invitation).map((action) => action.verb)).toEqual([OPEN]);
    // The defaults, since nobody configured this channel.
    expect(inputValues(form)).toMatchObject({
      enabled: 'true',
      replyMode: 'mentions',
      knowledgeKind: 'default',
      knowledgeBaseId: '',
      actions: '',
      accessMode: 'everyone',
      userMessagesPerMinute: '',
    });
    expect(actionsOf(form).find((action) => action.verb === SAVE)?.data).toEqual({ version: 0 });
    expect(form.refresh?.userIds).toEqual([ANN.id]);
    expect(await auditOf(channel)).toEqual([]);
  });

  it('saves reply mode, a Bedrock knowledge base and allowed actions, and the channel behaves so at once', async () => {
    const channel = newChannel();
    const before = await post(channel, 'How do I connect to the VPN?', { from: BO, mention: false });
    await vi.waitFor(
      () =>
        expect(teams.logged('teams message ignored').some((line) => line.activityId === before.root)).toBe(
          true,
        ),
      ANSWERED_WITHIN,
    );
    const { root, form } = await openForm(channel);

    const saved = cardIn(
      await click(
        channel,
        root,
        SAVE,
        submission(form, SAVE, {
          replyMode: 'all',
          knowledgeKind: 'bedrock',
          knowledgeBaseId: 'KB12AB34CD',
          knowledgeFilter: '{"equals": {"key": "department", "value": "it"}}',
          knowledgeResults: '8',
          knowledgeSearchType: 'HYBRID',
          actions: `reset-mfa | approvers: ${BO.aadObjectId} | quorum: 1 | expires: 2d\nrestart-vpn`,
          persona: 'Answer for the IT service desk.',
        }),
      ),
    );

    expect(JSON.stringify(saved.body[0])).toMatch(/Saved as version 1/);
    expect(inputValues(saved)).toMatchObject({
      replyMode: 'all',
      knowledgeBaseId: 'KB12AB34CD',
      actions: `reset-mfa | approvers: ${BO.aadObjectId} | quorum: 1 | expires: 48h\nrestart-vpn`,
    });
    expect(actionsOf(saved).find((action) => action.verb === SAVE)?.data).toEqual({ version: 1 });
    const stored = await teams.service.admin.settings.get(keyOf(channel));
    expect(stored).toMatchObject({
      version: 1,
      updatedBy: { kind: 'user', platform: 'teams', id: ANN.aadObjectId },
      settings: {
        enabled: true,
        replyMode: 'all',
        knowledge: {
          kind: 'bedrock',
          knowledgeBaseId: 'KB12AB34CD',
          filter: { equals: { key: 'department', value: 'it' } },
          numberOfResults: 8,
          searchType: 'HYBRID',
        },
        actions: [
          {
            actionId: 'reset-mfa',
            approvers: { users: [BO.aadObjectId], groups: [] },
            quorum: 1,
            expiryHours: 48,
          },
          { actionId: 'restart-vpn' },
        ],
        persona: 'Answer for the IT service desk.',
        access: { mode: 'everyone' },
      },
    });
    expect((await auditOf(channel)).map((record) => [record.action, record.actor])).toEqual([
      ['settings.changed', { kind: 'user', platform: 'teams', id: ANN.aadObjectId }],
    ]);

    // Reply mode "all": a message that does not mention Steward is taken up now, and asked of the
    // channel's Bedrock knowledge base, not the local folder. That knowledge base cannot be reached
    // here, and a failure on a message nobody addressed to the bot is logged, not posted.
    const after = await post(channel, 'How do I connect to the VPN?', { from: BO, mention: false });
    await vi.waitFor(() => {
      const failure = teams
        .logged('dependency unavailable')
        .find((line) => line.eventId === after.root && line.dependency === 'bedrock');
      expect(failure).toBeDefined();
      expect(teams.logged('teams reply withheld').some((line) => line.referenceId === failure?.referenceId)).toBe(
        true,
      );
      // Through the answers queue and a refused connection to Bedrock: longer than a click's wait.
    }, ANSWERED_WITHIN);
    expect(teams.connector.messagesIn(after.thread)).toEqual([]);
  });

  it('shows each invalid value next to its input, keeps what was typed, and saves nothing', async () => {
    const channel = newChannel();
    const { root, form } = await openForm(channel);
    const typed = {
      knowledgeKind: 'bedrock',
      knowledgeBaseId: 'too-short',
      knowledgeFilter: '{department: it}',
      actions: 'restart-vpn\nreset mfa | quorum: 2\nunlock-account | quorum: 99',
      accessMode: 'listed',
      accessUsers: `${ANN.aadObjectId}, bo.example@contoso!`,
      // A Slack user group id does not name an Entra group.
      accessGroups: '0b6f3a2c-1d4e-4f5a-8b9c-7d6e5f4a3b2c, S0HR',
      retentionDays: '5000',
      guardrailId: 'gr-1',
    };

    const refused = cardIn(await click(channel, root, SAVE, submission(form, SAVE, typed)));

    expect(refused.body[0]).toMatchObject({ type: 'Container', style: 'attention' });
    expect(JSON.stringify(refused.body[0])).toMatch(/Nothing was saved/);
    expect(problemsUnder(refused, 'knowledgeBaseId')).toEqual([
      '⚠ Must be a 10-character Bedrock knowledge base id',
    ]);
    expect(problemsUnder(refused, 'knowledgeFilter')).toEqual([
      '⚠ Must be JSON, such as {"equals": {"key": "department", "value": "hr"}}',
    ]);
    expect(problemsUnder(refused, 'actions')).toEqual([
      '⚠ Line 2: start with the action id (no spaces), then options separated by |',
      '⚠ Line 3 (unlock-account): quorum must be at most 10',
    ]);
    expect(problemsUnder(refused, 'accessUsers')).toEqual([
      '⚠ “bo.example@contoso!” must be a platform id (letters, digits, _ . : @ -)',
    ]);
    expect(problemsUnder(refused, 'accessGroups')).toEqual([
      '⚠ “S0HR” must be a Microsoft Entra group object id, a GUID such as 0b6f3a2c-1d4e-4f5a-8b9c-7d6e5f4a3b2c',
    ]);
    expect(problemsUnder(refused, 'retentionDays')).toEqual(['⚠ Must be at most 3650']);
    expect(problemsUnder(refused, 'guardrailVersion')).toEqual(['⚠ Must not be empty']);
    expect(problemsUnder(refused, 'replyMode')).toEqual([]);
    // What the admin typed is still there to correct; the form still edits version 0.
    expect(inputValues(refused)).toMatchObject({
      knowledgeBaseId: 'too-short',
      knowledgeFilter: '{department: it}',
      actions: typed.actions,
      accessUsers: typed.accessUsers,
      accessGroups: typed.accessGroups,
    });
    expect(actionsOf(refused).find((action) => action.verb === SAVE)?.data).toEqual({ version: 0 });
    expect(await teams.service.admin.settings.get(keyOf(channel))).toBeUndefined();
    expect(await auditOf(channel)).toEqual([]);
  });

  it('refuses a non-admin who types config, opens or submits the form, and audits each attempt', async () => {
    const channel = newChannel();
    const { root: annRoot, form } = await openForm(channel);

    const { thread } = await post(channel, 'config', { from: BO });
    // A typed command is answered after its acknowledgement: its refusal (and audit record) come
    // first, so the records below are in the order of the attempts.
    const typed = await replyIn(thread);
    const opened = cardIn(await click(channel, annRoot, OPEN, {}, BO));
    const submitted = cardIn(
      await click(channel, annRoot, SAVE, submission(form, SAVE, { enabled: 'false' }), BO),
    );

    expect(visibleText(typed.body)).toMatch(/^Only Steward admins can do this/);
    for (const card of [opened, submitted]) {
      expect(JSON.stringify(card)).toMatch(/Only Steward admins can do this/);
      expect(inputValues(card)).toEqual({});
      expect(card.refresh).toBeUndefined();
    }
    expect(await teams.service.admin.settings.get(keyOf(channel))).toBeUndefined();
    const refusals = (await auditOf(channel)).filter((record) => record.action === 'admin.refused');
    expect(refusals.map((record) => [record.actor, record.details.attempted])).toEqual([
      [{ kind: 'user', platform: 'teams', id: BO.aadObjectId }, 'settings.read'],
      [{ kind: 'user', platform: 'teams', id: BO.aadObjectId }, 'settings.read'],
      [{ kind: 'user', platform: 'teams', id: BO.aadObjectId }, 'settings.change'],
    ]);
  });

  it('edits only the channel the card is in, whatever channel its data names', async () => {
    const here = newChannel();
    const elsewhere = newChannel();
    const { root, form } = await openForm(here);
    const tampered = {
      ...submission(form, SAVE, { enabled: 'false' }),
      channelId: elsewhere,
      conversation: { id: elsewhere },
      channel: keyOf(elsewhere),
      tenantId: 'another-tenant',
    };

    const saved = cardIn(await click(here, root, SAVE, tampered));

    expect(JSON.stringify(saved)).toMatch(/Saved as version 1/);
    expect(await teams.service.admin.settings.get(keyOf(here))).toMatchObject({
      settings: { enabled: false },
    });
    expect(await teams.service.admin.settings.get(keyOf(elsewhere))).toBeUndefined();
    expect(await auditOf(elsewhere)).toEqual([]);
  });

  it('tells the admin to reopen when someone saved since the form was opened, and saves nothing', async () => {
    const channel = newChannel();
    const { root, form } = await openForm(channel);
    const meanwhile = await teams.service.admin.useCases.changeSettings(
      { kind: 'admin-api', id: 'ci:deploy' },
      keyOf(channel),
      { mode: 'merge', values: { userMessagesPerMinute: 5 } },
    );
    expect(meanwhile.ok).toBe(true);

    const conflict = cardIn(await click(channel, root, SAVE, submission(form, SAVE, { replyMode: 'all' })));

    expect(JSON.stringify(conflict)).toMatch(
      /Someone else changed these settings since you opened them \(now version 1\)/,
    );
    expect(actionsOf(conflict).map((action) => [action.title, action.verb])).toEqual([
      ['Reopen with the latest settings', OPEN],
    ]);
    expect((await teams.service.admin.settings.get(keyOf(channel)))?.settings).toMatchObject({
      replyMode: 'mentions',
      userMessagesPerMinute: 5,
    });
    const reopened = cardIn(await click(channel, root, OPEN, {}));
    expect(inputValues(reopened)).toMatchObject({ userMessagesPerMinute: '5', replyMode: 'mentions' });
    expect(JSON.stringify(reopened)).toMatch(/Version 1, last changed .* by the admin API \(ci:deploy\)/);
  });

  it('refuses a submission that is not this form, and answers a redelivered config once', async () => {
    const channel = newChannel();
    const { root, thread, form } = await openForm(channel);
    const { version: _version, ...withoutVersion } = submission(form, SAVE, { enabled: 'false' });

    const malformed = await click(channel, root, SAVE, withoutVersion);
    const redelivered = placeIn(
      teams.activity('channel-mention', { text: 'config', activityId: root }),
      channel,
      root,
      ANN,
    );
    await teams.post(redelivered);
    // Waits for the answers still being worked on, the redelivery's included.
    await teams.service.teams?.stop();

    expect(malformed).toMatchObject({ statusCode: 400, type: 'application/vnd.microsoft.error' });
    expect(teams.logged('teams card action rejected').at(-1)).toMatchObject({
      reason: 'malformed settings form',
    });
    expect(await teams.service.admin.settings.get(keyOf(channel))).toBeUndefined();
    expect(teams.connector.messagesIn(thread)).toHaveLength(1);
  });

  it('in a personal chat, answers config with the form itself', async () => {
    const activity = teams.activity('personal-message', { text: 'config' });
    const chat = (activity.conversation as { id: string }).id;
    const before = teams.connector.messagesIn(chat).length;

    await teams.post(activity);

    await teams.connector.waitFor(() => teams.connector.messagesIn(chat).length === before + 1);
    const card = cardOf(teams.connector.messagesIn(chat).at(-1)?.body);
    expect(inputValues(card)).toMatchObject({ enabled: 'true', replyMode: 'mentions' });
    expect(visibleText(teams.connector.messagesIn(chat).at(-1)?.body)).toMatch(
      /Steward settings for this chat/,
    );
  });

  describe('reply mode', () => {
    async function configure(channel: string, values: Record<string, unknown>) {
      const outcome = await teams.service.admin.useCases.changeSettings(
        { kind: 'admin-api', id: 'test' },
        keyOf(channel),
        { mode: 'replace', values },
      );
      expect(outcome.ok).toBe(true);
    }

    async function ignored(root: string) {
      await vi.waitFor(() =>
        expect(teams.logged('teams message ignored').some((line) => line.activityId === root)).toBe(true),
      );
    }

    it('stays quiet on messages without a mention in a mentions channel, but answers mentions there', async () => {
      const channel = newChannel();
      await configure(channel, { replyMode: 'mentions' });

      const unmentioned = await post(channel, 'How do I connect to the VPN?', { from: BO, mention: false });
      const mentioned = await post(channel, 'How do I connect to the VPN?', { from: BO });

      await ignored(unmentioned.root);
      expect(visibleText((await replyIn(mentioned.thread)).body)).toMatch(/GlobalProtect/);
      expect(teams.connector.messagesIn(unmentioned.thread)).toEqual([]);
    });

    it('ignores posts of other bots and apps (Workflows, Power Automate) in reply mode all, as Slack does', async () => {
      const channel = newChannel();
      await configure(channel, { replyMode: 'all' });

      const workflow = await post(channel, 'How do I connect to the VPN?', { from: WORKFLOWS, mention: false });
      const roleBot = await post(channel, 'How do I connect to the VPN?', {
        from: { id: '29:1appAsPerson', name: 'Another app', role: 'bot' },
        mention: false,
      });
      const person = await post(channel, 'How do I connect to the VPN?', { from: BO, mention: false });

      expect(visibleText((await replyIn(person.thread)).body)).toMatch(/GlobalProtect/);
      await vi.waitFor(() =>
        expect(
          teams.logged('teams message ignored').filter((line) => line.reason === 'message from another bot').map((line) => line.activityId),
        ).toEqual(expect.arrayContaining([workflow.root, roleBot.root])),
      );
      expect(teams.connector.messagesIn(workflow.thread)).toEqual([]);
      expect(teams.connector.messagesIn(roleBot.thread)).toEqual([]);
    });

    it('refuses a person whose home tenant is another organisation, as Slack refuses Slack Connect partners', async () => {
      const channel = newChannel();
      await configure(channel, { replyMode: 'all' });

      const asks = await post(channel, 'How do I connect to the VPN?', { from: PARTNER });

      const reply = visibleText((await replyIn(asks.thread)).body);
      expect(reply).not.toMatch(/GlobalProtect/);
      expect(reply).toMatch(/organisation/i);
      await vi.waitFor(() => expect(teams.logged('message from another organisation refused').length).toBeGreaterThan(0));
    });

    it('stays quiet on messages without a mention where the bot is switched off, even in reply mode all', async () => {
      const channel = newChannel();
      await configure(channel, { enabled: false, replyMode: 'all' });

      const unmentioned = await post(channel, 'How do I connect to the VPN?', { from: BO, mention: false });

      await ignored(unmentioned.root);
      expect(teams.connector.messagesIn(unmentioned.thread)).toEqual([]);
    });

    it('answers listed people named by Entra object id, and posts no refusal to people who did not ask', async () => {
      const channel = newChannel();
      await configure(channel, {
        replyMode: 'all',
        access: { mode: 'listed', users: [ANN.aadObjectId.toUpperCase()] },
      });

      const fromBo = await post(channel, 'How do I connect to the VPN?', { from: BO, mention: false });
      const fromAnn = await post(channel, 'How do I connect to the VPN?', { from: ANN, mention: false });
      const boAsks = await post(channel, 'How do I connect to the VPN?', { from: BO });

      expect(visibleText((await replyIn(fromAnn.thread)).body)).toMatch(/GlobalProtect/);
      expect(visibleText((await replyIn(boAsks.thread)).body)).toMatch(/available only to certain people/);
      await vi.waitFor(() => expect(teams.logged('teams reply withheld').length).toBeGreaterThan(0));
      expect(teams.connector.messagesIn(fromBo.thread)).toEqual([]);
    });
  });
});

import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChannelKey } from '../../../src/channels/channel-key.js';
import type { AuditRecord } from '../../../src/ports/audit-log.js';
import { type ChannelSettingsInput, channelSettingsSchema } from '../../../src/channels/channel-settings.js';
import { deletePrefix, uniquePrefix, webhookCatalogue } from '../approval-integration.js';
import type { TestTable } from '../dynamodb.js';
import type { FakeMicrosoftGraph } from '../fake-microsoft-graph.js';
import { startWebhookReceiver, type WebhookReceiver } from '../webhook-receiver.js';
import { type ApprovalAdaptiveCard, approvalCardIn } from './approval-card-reading.js';
import type { ConnectorCall } from './fake-bot-connector.js';
import { newActivityId } from './teams-fixtures.js';
import { TEST_TENANT_ID, TeamsHarness } from './teams-harness.js';

export const SIGNING_SECRET = 'teams-approvals-signing-secret-0123456789';

/** A Teams user as activities name them: Teams user id, display name, Entra object id. */
export interface TeamsPerson {
  readonly id: string;
  readonly name: string;
  readonly aadObjectId: string;
}

export const RITA: TeamsPerson = {
  id: '29:1Rt4qW8eY2uI6oP0aS3dF7gH1jK5lZ9xC4vB8nM2qW6eR0tY',
  name: 'Rita Requester',
  aadObjectId: '7d3b0c2e-1f4a-4b5c-9d6e-0a1b2c3d4e5f',
};
export const ANN: TeamsPerson = {
  id: '29:1lXq2f7gZp0yE3vJ8mKXcR5tW9bN4hD6sA0uI2oP7yQkVb3CzT8nM1eF5gH9jL4',
  name: 'Ann Example',
  aadObjectId: '4f0c6a52-9d3e-4b7a-8e1f-2c5d7a9b3e61',
};
export const ABE: TeamsPerson = {
  id: '29:1Ab7cD3eF9gH5iJ1kL7mN3oP9qR5sT1uV7wX3yZ9aB5cD1eF',
  name: 'Abe Approver',
  aadObjectId: 'c3d2e1f0-a9b8-4c7d-8e6f-5a4b3c2d1e0f',
};
export const BO: TeamsPerson = {
  id: '29:1pR7kD2wQ9xL4mB8vT3nC6zF0yH5sJ1gE7uA2oK9iW4',
  name: 'Bo Example',
  aadObjectId: '9e2b1c7d-5a4f-4e3b-a6c8-0d1f2e3a4b5c',
};

export interface InvokeBody {
  readonly statusCode: number;
  readonly type: string;
  readonly value: unknown;
}

/** A channel no other test uses. */
export function newChannel(): string {
  return `19:${randomBytes(16).toString('hex')}@thread.tacv2`;
}

export function channelKey(channel: string): ChannelKey {
  return { platform: 'teams', tenantId: TEST_TENANT_ID, channelId: channel };
}

/**
 * The whole service with Teams (JWT authentication on), the test catalogue's actions calling a
 * local webhook receiver that verifies each signature, and BullMQ under a prefix of its own on
 * the shared Redis. Drives it as Teams people would: messages, card clicks, refreshes.
 */
export class TeamsApprovals {
  private constructor(
    readonly teams: TeamsHarness,
    readonly receiver: WebhookReceiver,
    private readonly prefix: string,
  ) {}

  static async start(
    table: TestTable,
    options: { readonly graph?: FakeMicrosoftGraph } = {},
  ): Promise<TeamsApprovals> {
    const receiver = await startWebhookReceiver(SIGNING_SECRET);
    const prefix = uniquePrefix();
    const actionsFile = join(mkdtempSync(join(tmpdir(), 'steward-teams-actions-')), 'actions.yaml');
    writeFileSync(actionsFile, webhookCatalogue(receiver.url));
    const teams = await TeamsHarness.start(table, {
      authentication: true,
      ...(options.graph ? { graph: options.graph } : {}),
      env: {
        ACTIONS_FILE: actionsFile,
        ACTIONS_SIGNING_SECRET: SIGNING_SECRET,
        APPROVALS_QUEUE_PREFIX: prefix,
        ACTION_RETRY_BASE_MS: '50',
      },
    });
    return new TeamsApprovals(teams, receiver, prefix);
  }

  get service() {
    return this.teams.service;
  }

  get connector() {
    return this.teams.connector;
  }

  /** Stores a channel's settings as an admin would have saved them. */
  async configure(channel: string, settings: ChannelSettingsInput): Promise<void> {
    const key = channelKey(channel);
    const existing = await this.service.admin.settings.get(key);
    await this.service.admin.settings.put(key, channelSettingsSchema.parse(settings), {
      expectedVersion: existing?.version ?? 0,
      updatedBy: { kind: 'system', id: 'test' },
    });
    this.service.admin.settingsReader.invalidate(key);
  }

  /** `person` starts a new thread in `channel` by mentioning the bot with `text`; returns the thread. */
  async mention(person: TeamsPerson, channel: string, text: string): Promise<Thread> {
    const root = newActivityId();
    const activity = this.inChannel('channel-mention', person, channel, root);
    activity.text = `<at>Steward</at> ${text}`;
    const response = await this.teams.post(activity);
    if (response.status !== 200) {
      throw new Error(`mention answered ${response.status}`);
    }
    return new Thread(this, channel, root);
  }

  /** `person` clicks a button (or Teams refreshes the card for them) on the card message `messageId`. */
  async invoke(
    person: TeamsPerson,
    at: { readonly channel: string; readonly root: string; readonly messageId: string },
    verb: string,
    data: unknown,
    trigger: 'manual' | 'automatic' = 'manual',
  ): Promise<InvokeBody> {
    const activity = this.inChannel('adaptive-card-action', person, at.channel, at.root);
    activity.id = `f:${newActivityId()}`;
    activity.replyToId = at.messageId;
    activity.value = { action: { type: 'Action.Execute', title: verb, verb, data }, trigger };
    const response = await this.teams.post(activity);
    if (response.status !== 200) {
      throw new Error(`invoke answered ${response.status}`);
    }
    return (await response.json()) as InvokeBody;
  }

  /** Cards the bot posted into a channel itself (not into a thread): the approvers' channel copies. */
  channelPosts(channel: string): ConnectorCall[] {
    return this.connector.messagesIn(channel);
  }

  /** Every update of one posted message, oldest first. */
  updatesOf(messageId: string): ConnectorCall[] {
    return this.connector.calls.filter((call) => call.kind === 'update' && call.activityId === messageId);
  }

  /** The card a message shows now: its last update, or as posted. */
  currentCard(posted: ConnectorCall): ApprovalAdaptiveCard {
    return approvalCardIn((this.updatesOf(posted.responseId).at(-1) ?? posted).body);
  }

  /** The approval audit records of one channel, oldest first. */
  async audit(channel: string, subjectId?: string): Promise<AuditRecord[]> {
    const page = await this.service.admin.audit.list({
      channel: channelKey(channel),
      actionPrefix: 'approval.',
      limit: 500,
    });
    return page.records.filter((record) => subjectId === undefined || record.subjectId === subjectId);
  }

  async waitFor(predicate: () => boolean, timeoutMs = 15_000): Promise<void> {
    await this.connector.waitFor(predicate, timeoutMs);
  }

  async stop(): Promise<void> {
    await this.teams.stop();
    await this.receiver.close();
    await deletePrefix(this.prefix);
  }

  private inChannel(
    fixture: 'channel-mention' | 'adaptive-card-action',
    person: TeamsPerson,
    channel: string,
    root: string,
  ): Record<string, unknown> {
    const activity = this.teams.activity(fixture, { activityId: root, threadRootId: root });
    const placed = activity as {
      conversation: { id: string };
      channelData: { channel: { id: string }; teamsChannelId?: string };
    };
    placed.conversation.id = `${channel};messageid=${root}`;
    placed.channelData.channel.id = channel;
    if (placed.channelData.teamsChannelId !== undefined) {
      placed.channelData.teamsChannelId = channel;
    }
    activity.from = { ...person };
    return activity;
  }
}

/** One channel thread, as the bot and the people in it see it. */
export class Thread {
  constructor(
    private readonly driver: TeamsApprovals,
    readonly channel: string,
    readonly root: string,
  ) {}

  get conversationId(): string {
    return `${this.channel};messageid=${this.root}`;
  }

  /** Messages the bot sent into the thread, in order. */
  messages(): ConnectorCall[] {
    return this.driver.connector.messagesIn(this.conversationId);
  }

  /** Waits for the bot's `count`-th message in the thread and returns it. */
  async message(count: number): Promise<ConnectorCall> {
    await this.driver.waitFor(() => this.messages().length >= count);
    return this.messages()[count - 1] as ConnectorCall;
  }

  /** A click on a card the bot posted in this thread. */
  click(person: TeamsPerson, card: ConnectorCall, verb: string, data: unknown): Promise<InvokeBody> {
    return this.driver.invoke(
      person,
      { channel: this.channel, root: this.root, messageId: card.responseId },
      verb,
      data,
    );
  }
}

/** The card an invoke answered with (shown to the clicker in place of the clicked one). */
export function answeredCard(body: InvokeBody): ApprovalAdaptiveCard {
  if (body.type !== 'application/vnd.microsoft.card.adaptive') {
    throw new Error(`the invoke answered ${JSON.stringify(body).slice(0, 300)}`);
  }
  return body.value as ApprovalAdaptiveCard;
}

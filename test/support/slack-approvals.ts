import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { channelSettingsSchema, type ChannelSettingsInput } from '../../src/channels/channel-settings.js';
import { deletePrefix, eventually, uniquePrefix, webhookCatalogue } from './approval-integration.js';
import { FakeSlack, type FakeSlackOptions, type RecordedCall } from './fake-slack.js';
import { cardButtonsOf, cardTextOf } from './slack-cards.js';
import { eventPayload, slackFixture, uniqueEventId, uniqueTs } from './slack-payloads.js';
import { postEvent, postInteraction } from './slack-requests.js';
import { type SlackServiceHandle, startSlackService } from './slack-service.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';

export const ACTIONS_SECRET = 'slack-e2e-actions-secret-0123456789abcdef';
export const TENANT = 'T0ACME';

/** A card the bot posted: where it is, and the post that created it. */
export interface PostedCard {
  readonly channel: string;
  readonly ts: string;
  readonly threadTs: string | undefined;
  readonly post: RecordedCall;
}

type Json = Record<string, unknown>;

/**
 * The whole service with Slack pointed at a fake Web API, the approval workflow on DynamoDB Local
 * and the shared Redis (under a queue prefix of its own), and actions calling a local webhook
 * receiver that verifies every signature.
 */
export async function startSlackApprovals(
  table: { endpoint: string; tableName: string },
  options: {
    /** More environment for the service (EXTERNAL_USERS, ADMIN_USERS...). */
    readonly env?: Readonly<Record<string, string>>;
    readonly slack?: FakeSlackOptions;
    readonly tracer?: Parameters<typeof startSlackService>[0]['tracer'];
  } = {},
) {
  const slack = await FakeSlack.start(options.slack);
  const receiver: WebhookReceiver = await startWebhookReceiver(ACTIONS_SECRET);
  const prefix = uniquePrefix();
  const actionsFile = join(mkdtempSync(join(tmpdir(), 'steward-slack-actions-')), 'actions.yaml');
  writeFileSync(actionsFile, webhookCatalogue(receiver.url));
  const handle: SlackServiceHandle = await startSlackService({
    slack,
    dynamodbEndpoint: table.endpoint,
    tableName: table.tableName,
    env: {
      ACTIONS_FILE: actionsFile,
      ACTIONS_SIGNING_SECRET: ACTIONS_SECRET,
      APPROVALS_QUEUE_PREFIX: prefix,
      ACTION_RETRY_BASE_MS: '50',
      ...options.env,
    },
    ...(options.tracer ? { tracer: options.tracer } : {}),
  });
  await handle.service.approvals.worker?.ready;

  /** The last thing Slack was told to show in this message (its post or its latest update). */
  const shown = (card: PostedCard): RecordedCall =>
    slack.calls
      .filter(
        (call) =>
          (call === card.post ||
            (call.method === 'chat.update' &&
              call.args.channel === card.channel &&
              call.args.ts === card.ts)) &&
          call.status === 200,
      )
      .at(-1) ?? card.post;

  const asCard = (post: RecordedCall): PostedCard => ({
    channel: String(post.args.channel),
    ts: String(post.result?.ts),
    threadTs: typeof post.args.thread_ts === 'string' ? post.args.thread_ts : undefined,
    post,
  });

  const isCardPost = (call: RecordedCall): boolean =>
    call.method === 'chat.postMessage' &&
    call.status === 200 &&
    JSON.stringify(call.args.blocks ?? []).includes('"block_id":"steward_approval_buttons"');

  return {
    slack,
    receiver,
    handle,
    prefix,
    shown,

    async configure(channelId: string, settings: ChannelSettingsInput): Promise<void> {
      const channel = { platform: 'slack' as const, tenantId: TENANT, channelId };
      const existing = await handle.service.admin.settings.get(channel);
      await handle.service.admin.settings.put(channel, channelSettingsSchema.parse(settings), {
        expectedVersion: existing?.version ?? 0,
        updatedBy: { kind: 'system', id: 'test' },
      });
      handle.service.admin.settingsReader.invalidate(channel);
    },

    /** `@Steward <text>` as a new top-level message; returns the thread it starts. */
    async mention(channelId: string, userId: string, text: string): Promise<string> {
      const ts = uniqueTs();
      const response = await postEvent(
        handle.eventsUrl,
        eventPayload('app-mention', {
          ts,
          event_ts: ts,
          channel: channelId,
          user: userId,
          text: `<@${slack.botUserId}> ${text}`,
        }),
      );
      if (response.status !== 200) {
        throw new Error(`mention refused with ${response.status}`);
      }
      return ts;
    },

    /** Cards posted so far in `channel` (and thread), oldest first. */
    cards(channel: string, threadTs?: string): PostedCard[] {
      return slack.calls
        .filter(isCardPost)
        .map(asCard)
        .filter((card) => card.channel === channel && (threadTs === undefined || card.threadTs === threadTs));
    },

    /** Waits for the `n`th card (1-based) in the channel and thread. */
    async card(channel: string, threadTs: string | undefined, n = 1): Promise<PostedCard> {
      return eventually(() => this.cards(channel, threadTs)[n - 1]);
    },

    /** Waits until the message shows text containing `text`. */
    async until(card: PostedCard, text: string): Promise<RecordedCall> {
      return eventually(() => {
        const call = shown(card);
        return cardTextOf(call).includes(text) ? call : undefined;
      });
    },

    /** A signed block_actions request as Slack sends it when `userId` presses a button of the card. */
    click(
      card: PostedCard,
      action: string,
      userId: string,
      override: { value?: string; channel?: string; userTeam?: string } = {},
    ) {
      const actionId = `steward_approval_${action}`;
      const current = shown(card);
      const button = cardButtonsOf(current).find((b) => b.actionId === actionId);
      const value = override.value ?? button?.value;
      if (value === undefined) {
        throw new Error(`the card shows no ${action} button`);
      }
      const channel = override.channel ?? card.channel;
      // Someone of another workspace clicks as Slack shows them: their own team in `user` and `team`.
      const team = override.userTeam ?? TENANT;
      const fixture = slackFixture(team === TENANT ? 'block-actions-approval' : 'block-actions-approval-external');
      const [template] = fixture.actions as Json[];
      const payload = {
        ...fixture,
        trigger_id: uniqueEventId('TR'),
        user: { id: userId, username: userId.toLowerCase(), name: userId.toLowerCase(), team_id: team },
        team: { ...(fixture.team as Json), id: team },
        container: {
          type: 'message',
          message_ts: card.ts,
          channel_id: channel,
          is_ephemeral: false,
          ...(card.threadTs ? { thread_ts: card.threadTs } : {}),
        },
        channel: { id: channel, name: 'channel' },
        message: {
          ...(fixture.message as Json),
          ts: card.ts,
          thread_ts: card.threadTs,
          text: current.args.text,
          blocks: current.args.blocks,
        },
        actions: [{ ...template, action_id: actionId, value }],
      };
      return postInteraction(handle.eventsUrl, payload);
    },

    /**
     * Submits the Reject form Slack opened for `userId` (the newest views.open call) with `reason`;
     * `privateMetadata` replaces what the form carries, as a forged submission would.
     */
    submitReason(userId: string, reason: string, userTeam = TENANT, privateMetadata?: string) {
      const opened = slack.callsTo('views.open').at(-1);
      if (!opened) {
        throw new Error('no form was opened');
      }
      const view = opened.args.view as Json;
      const fixture = slackFixture(userTeam === TENANT ? 'view-submission-reject' : 'view-submission-reject-external');
      return postInteraction(handle.eventsUrl, {
        ...fixture,
        trigger_id: uniqueEventId('TR'),
        user: { id: userId, username: userId.toLowerCase(), name: userId.toLowerCase(), team_id: userTeam },
        team: { ...(fixture.team as Json), id: userTeam },
        view: {
          ...(fixture.view as Json),
          callback_id: view.callback_id,
          private_metadata: privateMetadata ?? view.private_metadata,
          blocks: view.blocks,
          state: {
            values: { steward_reason: { steward_reason_text: { type: 'plain_text_input', value: reason } } },
          },
        },
      });
    },

    /** Ephemeral messages shown to `userId`, as text. */
    privateNotices(userId: string): string[] {
      return slack
        .callsTo('chat.postEphemeral')
        .filter((call) => call.args.user === userId)
        .map((call) => cardTextOf(call));
    },

    /** Posts in a thread that are not cards (outcomes, notices). */
    threadPosts(channel: string, threadTs: string): RecordedCall[] {
      return slack
        .callsTo('chat.postMessage')
        .filter(
          (call) => call.args.channel === channel && call.args.thread_ts === threadTs && !isCardPost(call),
        );
    },

    async close(): Promise<void> {
      await handle.service.stop();
      await slack.close();
      await receiver.close();
      await deletePrefix(prefix);
    },
  };
}

export type SlackApprovals = Awaited<ReturnType<typeof startSlackApprovals>>;

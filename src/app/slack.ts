import type { BackgroundTasks } from '../background-tasks.js';
import { channelKeyOf } from '../channels/channel-key.js';
import { DefaultChannelSettingsReader } from '../channels/default-channel-settings-reader.js';
import type { Clock } from '../clock.js';
import type { SlackConfig } from '../config/slack-config.js';
import type { Logger } from '../logger.js';
import type { CardSigning } from '../signing/card-signing.js';
import type { ApprovalCardMessenger } from '../ports/approval-cards.js';
import type { ApprovalInteractions } from '../ports/approval-interactions.js';
import type { AnswerQueue } from '../ports/answer-queue.js';
import type { ChannelSettingsReader } from '../ports/channel-settings-reader.js';
import type { ChatMessenger } from '../ports/chat-messenger.js';
import type { ConversationStore } from '../ports/conversation-store.js';
import type { EventLedger } from '../ports/event-ledger.js';
import type { GroupDirectory } from '../ports/group-directory.js';
import type { HttpRoute } from '../ports/http-route.js';
import { noopTracer, type Tracer } from '../ports/tracer.js';
import { createRecordFeedbackHandler } from '../../handlers/record-feedback.js';
import { createShareAnswerHandler } from '../../handlers/share-answer.js';
import { approvalsSubcommand, runSubcommand } from '../../adapters/slack/approval-cards/approval-subcommands.js';
import type { SlackAnswerJobs } from '../../adapters/slack/answer-jobs.js';
import { createSlackAdapter, type SlackAdapterDeps } from '../../adapters/slack/slack-adapter.js';
import type { Core } from './core.js';

export interface SlackWiringDeps {
  readonly core: Core;
  readonly store: ConversationStore;
  readonly ledger: EventLedger;
  readonly tasks: BackgroundTasks;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly channelSettings?: ChannelSettingsReader;
  /** Extra `/steward` subcommands from other features. */
  readonly subcommands?: SlackAdapterDeps['subcommands'];
  /** Channel administration: `/steward config`, its modal, and the Home tab. */
  readonly channelAdmin?: SlackAdapterDeps['channelAdmin'];
  readonly retryPolicy?: SlackAdapterDeps['retryPolicy'];
  /** The approval workflow's click entry point: Slack then shows approval cards and routes their buttons. */
  readonly approvals?: ApprovalInteractions;
  /** Where accepted questions are queued for answer workers. */
  readonly answers?: AnswerQueue;
  /** False in a worker: it posts answers but receives nothing (no Socket Mode connection). */
  readonly receive?: boolean;
  /** Spans for verification, admission, answering and Web API calls; none without it. */
  readonly tracer?: Tracer;
  /** The card keyring the Slack cards' values are signed with. */
  readonly cardSigning: CardSigning;
}

export interface SlackIntegration {
  readonly routes: readonly HttpRoute[];
  /** Present when Slack is configured: for approval cards, notices and access checks. */
  readonly messenger: ChatMessenger | undefined;
  readonly groups: GroupDirectory | undefined;
  /** Present when Slack is configured with the approval workflow. */
  readonly approvalCards: ApprovalCardMessenger | undefined;
  /** What an answer worker runs for Slack's queued questions; present when Slack is configured. */
  readonly answerJobs: SlackAnswerJobs | undefined;
  stop(): Promise<void>;
}

/** A failed connection is retried this often until it succeeds or the service stops. */
const RECONNECT_MS = 30_000;

/**
 * Slack, when configured: the Bolt adapter over the core. Connecting (learning the bot's
 * identity; opening the Socket Mode connection) happens in the background, so a Slack outage
 * or a revoked token never stops the service from starting; it is logged and retried.
 */
export function startSlack(config: SlackConfig, deps: SlackWiringDeps): SlackIntegration {
  const { logger } = deps;
  if (!config.enabled) {
    logger.info({ reason: config.reason }, 'slack disabled');
    return {
      routes: [],
      messenger: undefined,
      groups: undefined,
      approvalCards: undefined,
      answerJobs: undefined,
      stop: () => Promise.resolve(),
    };
  }

  const conversations = deps.core.conversations;
  const tracer = deps.tracer ?? noopTracer;
  const recordFeedback = createRecordFeedbackHandler(conversations);
  const shareAnswer = createShareAnswerHandler({ store: deps.store, ledger: deps.ledger, clock: deps.clock });
  const adapter = createSlackAdapter(config, {
    useCases: {
      dispatch: (message, options) => deps.core.dispatcher.dispatch(message, options),
      admit: (message, options) => deps.core.dispatcher.admit(message, options),
      answer: (message, intent, options) => deps.core.dispatcher.answer(message, intent, options),
      readsFor: (message) => deps.core.dispatcher.readsFor(message),
      isParticipant: (ref) => conversations.isParticipant(ref),
      recordFeedback,
      shareAnswer,
      refuseOutsider: ({ ref, userId, organisation, attempted }, log) =>
        deps.core.externalUsers.refuseInteraction(
          { platform: ref.platform, userId, organisation, channel: channelKeyOf(ref), attempted },
          log,
        ),
    },
    channelSettings: deps.channelSettings ?? new DefaultChannelSettingsReader(),
    tasks: deps.tasks,
    clock: deps.clock,
    logger,
    subcommands: [runSubcommand, approvalsSubcommand, ...(deps.subcommands ?? [])],
    ...(deps.channelAdmin ? { channelAdmin: deps.channelAdmin } : {}),
    ...(deps.retryPolicy ? { retryPolicy: deps.retryPolicy } : {}),
    ...(deps.approvals ? { approvals: deps.approvals } : {}),
    ...(deps.answers ? { answers: deps.answers } : {}),
    tracer,
    cardSigning: deps.cardSigning,
  });

  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const connect = (): void => {
    adapter.start({ receive: deps.receive !== false }).then(
      (bot) =>
        logger.info(
          { mode: adapter.mode, botUserId: bot.botUserId, tenantId: bot.tenantId },
          'slack connected',
        ),
      (error: unknown) => {
        logger.error({ err: error, retryInMs: RECONNECT_MS }, 'slack connection failed; retrying');
        if (!stopped) {
          retry = setTimeout(connect, RECONNECT_MS);
          retry.unref();
        }
      },
    );
  };
  logger.info({ mode: adapter.mode, apiUrl: config.apiUrl }, 'slack enabled');
  connect();

  return {
    routes: adapter.route ? [adapter.route] : [],
    messenger: adapter.messenger,
    groups: adapter.groups,
    approvalCards: adapter.approvalCards,
    answerJobs: adapter.answerJobs,
    async stop() {
      stopped = true;
      clearTimeout(retry);
      await adapter.stop();
    },
  };
}

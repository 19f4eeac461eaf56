import type { CardSigning } from '../../src/signing/card-signing.js';
import { App, type AuthorizeResult } from '@slack/bolt';
import pLimit from 'p-limit';
import type { RetryOptions } from '@slack/web-api';
import type { Clock } from '../../src/clock.js';
import type { EnabledSlackConfig } from '../../src/config/slack-config.js';
import type { Logger } from '../../src/logger.js';
import type { ApprovalCardMessenger } from '../../src/ports/approval-cards.js';
import type { ApprovalInteractions } from '../../src/ports/approval-interactions.js';
import type { AnswerQueue } from '../../src/ports/answer-queue.js';
import type { ChannelSettingsReader } from '../../src/ports/channel-settings-reader.js';
import type { ChatMessenger } from '../../src/ports/chat-messenger.js';
import type { GroupDirectory } from '../../src/ports/group-directory.js';
import type { HttpRoute } from '../../src/ports/http-route.js';
import type { Tracer } from '../../src/ports/tracer.js';
import { ValueSigner } from '../../src/signing/value-signer.js';
import { type SlackAnswerJobs, slackAnswerJobs } from './answer-jobs.js';
import { registerApprovalListeners } from './approval-cards/approval-listeners.js';
import { SlackApprovalCardMessenger } from './approval-cards/slack-approval-cards.js';
import { BoltLogger } from './bolt-logger.js';
import { BotIdentity, type SlackIdentity } from './bot-identity.js';
import { ButtonValueSigner } from './button-value.js';
import { registerChannelAdmin, type SlackChannelAdminDeps } from './channel-settings/channel-admin.js';
import { FetchReceiver, type TaskTracker } from './fetch-receiver.js';
import { registerActionListeners } from './listeners/action-listeners.js';
import { ActionRoutes } from './listeners/action-routes.js';
import {
  DEFAULT_SUGGESTED_PROMPTS,
  registerAssistant,
  type SuggestedPrompt,
} from './listeners/assistant-listener.js';
import { ignoreUnhandledEvents } from './listeners/event-filter.js';
import { registerMessageListeners } from './listeners/message-listeners.js';
import { registerShortcutListeners } from './listeners/shortcut-listeners.js';
import { RateLimitWindow } from './rate-limit-window.js';
import { askSubcommand, exportSubcommand, forgetSubcommand, helpSubcommand } from './slash/builtin-subcommands.js';
import { registerCommandListener } from './slash/command-listener.js';
import { SlashCommandRegistry, type SlashSubcommand } from './slash/slash-command-registry.js';
import { SlackChatMessenger } from './slack-chat-messenger.js';
import type { SlackContext, SlackUseCases } from './slack-context.js';
import { SlackGroupDirectory } from './slack-group-directory.js';
import { SlackWebApi } from './slack-web-api.js';

/** The path Slack is configured to call for events, interactivity and slash commands alike. */
export const SLACK_EVENTS_PATH = '/slack/events';

/**
 * Answers worked on at once; more wait their turn. Acknowledgements share the event loop with
 * answers in progress, so a burst of questions must not be able to delay them past Slack's
 * 3 seconds: the backlog waits here, not in the event loop. Answers spend most of their time
 * waiting on the model and DynamoDB, so this many keeps a hosted model busy.
 */
const DEFAULT_MAX_CONCURRENT_ANSWERS = 16;

export interface SlackAdapterDeps {
  readonly useCases: SlackUseCases;
  readonly channelSettings: ChannelSettingsReader;
  /** Tracks work done after Slack's request was acknowledged; shutdown waits for it. */
  readonly tasks: TaskTracker;
  readonly clock: Clock;
  readonly logger: Logger;
  /** More `/steward` subcommands (run, approvals, config...), listed in help after the built-in ones. */
  readonly subcommands?: readonly ((ctx: SlackContext) => SlashSubcommand)[];
  /** Channel administration: `/steward config`, its modal, and the Home tab. */
  readonly channelAdmin?: SlackChannelAdminDeps;
  readonly suggestedPrompts?: readonly SuggestedPrompt[];
  /** Web API retry policy; the default suits production (see SLACK_RETRY_POLICY). */
  readonly retryPolicy?: RetryOptions;
  readonly maxConcurrentAnswers?: number;
  /** The approval workflow's entry point for card clicks; approval cards are offered when given. */
  readonly approvals?: ApprovalInteractions;
  /** Where accepted questions are queued for answer workers; answered in this process without it. */
  readonly answers?: AnswerQueue;
  /** Spans for request verification and Web API calls; none without it. */
  readonly tracer?: Tracer;
  /** The card keyring: answer buttons, the Reject form's metadata and approval buttons are signed with it. */
  readonly cardSigning: CardSigning;
}

export interface SlackAdapter {
  readonly mode: 'http' | 'socket';
  /** `/slack/events` in HTTP mode; absent in Socket Mode (Slack is reached over a WebSocket). */
  readonly route: HttpRoute | undefined;
  readonly messenger: ChatMessenger;
  readonly groups: GroupDirectory;
  /** Approval cards as Block Kit messages; present when the adapter was given the approval workflow. */
  readonly approvalCards: ApprovalCardMessenger | undefined;
  /** What an answer worker runs for the questions this adapter queued. */
  readonly answerJobs: SlackAnswerJobs;
  /**
   * Learns who the bot is and, in Socket Mode unless `receive` is false (a worker that only
   * posts), connects. Rejects when Slack refuses the tokens.
   */
  start(options?: { readonly receive: boolean }): Promise<SlackIdentity>;
  stop(): Promise<void>;
}

/** Slack on Bolt: one App, its listeners, and the ports other features use to reach Slack. */
export function createSlackAdapter(config: EnabledSlackConfig, deps: SlackAdapterDeps): SlackAdapter {
  const logger = deps.logger.child({ platform: 'slack' });
  const rateLimits = new RateLimitWindow(deps.clock);
  const web = new SlackWebApi({
    token: config.botToken,
    apiUrl: config.apiUrl,
    logger,
    rateLimits,
    ...(deps.retryPolicy ? { retryPolicy: deps.retryPolicy } : {}),
    ...(deps.tracer ? { tracer: deps.tracer } : {}),
  });
  const identity = new BotIdentity(web);
  const receiver =
    config.mode === 'http'
      ? new FetchReceiver({
          signingSecret: config.signingSecret,
          clock: deps.clock,
          logger,
          tasks: deps.tasks,
          eventsAfterListeners: deps.answers !== undefined,
          ...(deps.tracer ? { tracer: deps.tracer } : {}),
        })
      : undefined;

  const app = new App({
    ...(receiver ? { receiver } : { socketMode: true, appToken: config.appToken }),
    // Our own authorisation: auth.test once, retried after a failure (Bolt's built-in one would
    // keep a failed start-up answer forever).
    authorize: async (): Promise<AuthorizeResult> => {
      const bot = await identity.get();
      return {
        botToken: config.botToken,
        botId: bot.botId,
        botUserId: bot.botUserId,
        ...(bot.teamId ? { teamId: bot.teamId } : {}),
        ...(bot.enterpriseId ? { enterpriseId: bot.enterpriseId } : {}),
      };
    },
    logger: new BoltLogger(logger.child({ component: 'slack-bolt' })),
    clientOptions: { slackApiUrl: config.apiUrl },
    // Conversation state lives in the core's store, not in Bolt's per-process memory.
    convoStore: false,
  });
  app.error((error) => {
    logger.error({ err: error }, 'slack listener failed');
    return Promise.resolve();
  });

  const secrets = slackValueSecrets(deps.cardSigning, config.signingSecret);
  const answering = pLimit(deps.maxConcurrentAnswers ?? DEFAULT_MAX_CONCURRENT_ANSWERS);
  const ctx: SlackContext = {
    useCases: deps.useCases,
    channelSettings: deps.channelSettings,
    web,
    identity,
    signer: new ButtonValueSigner(secrets),
    rateLimits,
    // Still tracked from the moment it is queued, so shutdown also waits for queued answers.
    tasks: { run: (name, work) => deps.tasks.run(name, () => answering(work)) },
    interactive: deps.tasks,
    ...(deps.answers ? { answers: deps.answers } : {}),
    clock: deps.clock,
    logger,
  };
  // Button clicks reach their listeners through one Bolt listener (see ActionRoutes).
  const actions = new ActionRoutes();
  const registry = new SlashCommandRegistry().register(askSubcommand(ctx)).register(forgetSubcommand(ctx)).register(exportSubcommand(ctx));
  for (const create of deps.subcommands ?? []) {
    registry.register(create(ctx));
  }
  if (deps.channelAdmin) {
    registry.register(registerChannelAdmin(app, actions, ctx, deps.channelAdmin, secrets));
  }
  registry.register(helpSubcommand(ctx, registry));

  app.use(ignoreUnhandledEvents(logger));
  registerAssistant(app, ctx, deps.suggestedPrompts ?? DEFAULT_SUGGESTED_PROMPTS);
  registerMessageListeners(app, ctx);
  registerActionListeners(actions, ctx);
  registerShortcutListeners(app, ctx);
  registerCommandListener(app, ctx, registry);
  const approvalCards = new SlackApprovalCardMessenger(web, logger, deps.cardSigning.approvalValues);
  registerApprovalListeners(app, actions, ctx, {
    interactions: deps.approvals,
    cards: approvalCards,
    metadataSigner: new ValueSigner(secrets, 'steward/slack-reject-form'),
    values: deps.cardSigning.approvalValues,
  });
  actions.attachTo(app);

  let receiving = false;
  return {
    mode: config.mode,
    route: receiver
      ? { method: 'POST', path: SLACK_EVENTS_PATH, handle: (request) => receiver.handle(request) }
      : undefined,
    messenger: new SlackChatMessenger(web),
    groups: new SlackGroupDirectory(web, logger),
    approvalCards: deps.approvals ? approvalCards : undefined,
    answerJobs: slackAnswerJobs(ctx),
    async start(options = { receive: true }) {
      const bot = await identity.get();
      if (config.mode === 'socket' && options.receive) {
        await app.start();
        receiving = true;
      }
      return bot;
    },
    async stop() {
      if (receiving) {
        await app.stop();
      }
    },
  };
}

/**
 * The card keyring, then Slack's signing secret for verifying only: answer buttons and Reject
 * forms posted before the keyring existed were signed with it. Accepting them grants nothing new,
 * since whoever holds that secret can already sign any request Slack would send.
 */
function slackValueSecrets(signing: CardSigning, slackSigningSecret: string): readonly string[] {
  return [...new Set([...signing.secrets, slackSigningSecret])];
}

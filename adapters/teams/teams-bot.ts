import type { ApprovalValues } from '../../src/approval-rules/approval-values.js';
import type { BackgroundTasks } from '../../src/background-tasks.js';
import type { Clock } from '../../src/clock.js';
import type { Logger } from '../../src/logger.js';
import type { AddressBook } from './address-book.js';
import type { AnswerQueue } from '../../src/ports/answer-queue.js';
import type { ChannelSettingsReader } from '../../src/ports/channel-settings-reader.js';
import type { ApprovalCardMessenger } from '../../src/ports/approval-cards.js';
import type { ChatMessenger } from '../../src/ports/chat-messenger.js';
import type { HttpRoute } from '../../src/ports/http-route.js';
import { TeamsAnswerEntry } from './answer-entry.js';
import { teamsAnswerJobs, type TeamsAnswerJobs } from './answer-jobs.js';
import { approvalCardActions, type ApprovalGateway } from './approval-cards/approval-card-actions.js';
import { TeamsApprovalCards } from './approval-cards/teams-approval-cards.js';
import { createBotAuthentication, type BotCredentialSettings } from './bot-authentication.js';
import { CardActionRouter, type CardAction } from './card-actions/card-action-router.js';
import { feedbackAction } from './card-actions/feedback-action.js';
import { openSettingsAction, saveSettingsAction } from './channel-settings/settings-card-actions.js';
import type { CommandRegistry } from './commands/command-registry.js';
import { ConversationReferences } from './conversation-references.js';
import type {
  ChannelSettingsAdmin,
  FeedbackRecorder,
  MessageDispatcher,
  OutsiderRefuser,
} from './core-use-cases.js';
import { InstallationGreeter } from './installation-greeter.js';
import { MessageResponder } from './message-responder.js';
import { createMessagesRoute } from './messages-route.js';
import { OutsiderClicks } from './outsiders.js';
import { ReplyModeGate } from './reply-mode-gate.js';
import { SenderOrganisation } from './sender-organisation.js';
import { StewardCloudAdapter } from './steward-cloud-adapter.js';
import { TeamsMessenger } from './teams-messenger.js';
import { TeamsOutbound } from './teams-outbound.js';
import { servedTenantOf } from './tenant-gate.js';
import { TurnRouter } from './turn-router.js';
import type { Tracer } from '../../src/ports/tracer.js';

export interface TeamsBotOptions {
  readonly credentials: BotCredentialSettings;
  readonly dispatcher: MessageDispatcher;
  readonly recordFeedback: FeedbackRecorder;
  /** The core's rule for people of other organisations, for card clicks. */
  readonly refuseOutsider: OutsiderRefuser;
  /** The `config` command and the settings card it answers with. */
  readonly channelSettings: ChannelSettingsAdmin;
  /** Each channel's settings as the message path reads them (reply mode). */
  readonly settingsReader: ChannelSettingsReader;
  readonly addressBook: AddressBook;
  readonly commands: CommandRegistry;
  /** Card buttons of other features, next to the built-in feedback and settings buttons. */
  readonly cardActions?: readonly CardAction[];
  /** The approval workflow: its cards' buttons and refreshes are routed there. */
  readonly approvals?: ApprovalGateway;
  /** Signs and reads the values approval cards carry (the trust rule in docs/architecture.md). */
  readonly approvalValues: ApprovalValues;
  /** Where accepted questions are queued for answer workers (or, without Redis, this process). */
  readonly answers: AnswerQueue;
  /** Tracks answers still being written after their request was acknowledged. */
  readonly background: BackgroundTasks;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Spans of the token check and of every Bot Connector call; none without it. */
  readonly tracer?: Tracer;
}

export interface TeamsBot {
  /** POST /api/messages, the bot's messaging endpoint. */
  readonly route: HttpRoute;
  readonly messenger: ChatMessenger;
  /** Approval cards as Adaptive Cards with Universal Actions. */
  readonly approvalCards: ApprovalCardMessenger;
  /** What an answer worker runs for queued Teams questions. */
  readonly answerJobs: TeamsAnswerJobs;
}

/** The Teams bot on botbuilder's CloudAdapter, wired to the core through the given functions. */
export function createTeamsBot(options: TeamsBotOptions): TeamsBot {
  const logger = options.logger.child({ platform: 'teams' });
  const adapter = new StewardCloudAdapter(createBotAuthentication(options.credentials));
  const outbound = new TeamsOutbound(adapter, options.credentials.appId, options.tracer);
  const references = new ConversationReferences(options.addressBook, logger, () =>
    options.clock.now().getTime(),
  );
  const messenger = new TeamsMessenger(references, outbound);
  const senders = new SenderOrganisation({
    roster: outbound,
    now: () => options.clock.now().getTime(),
    logger,
  });
  const responder = new MessageResponder({
    dispatcher: options.dispatcher,
    commands: options.commands,
    channelSettings: options.channelSettings,
    outbound,
    references,
    privateMessages: messenger,
    senders,
    logger,
  });
  const replyMode = new ReplyModeGate(options.settingsReader, logger);
  const router = new TurnRouter({
    answers: new TeamsAnswerEntry({
      queue: options.answers,
      dispatcher: options.dispatcher,
      replyMode,
      responder,
      commands: options.commands,
      references,
      senders,
      background: options.background,
      clock: options.clock,
      logger,
    }),
    cardActions: new CardActionRouter(
      [
        feedbackAction(options.recordFeedback),
        openSettingsAction(options.channelSettings),
        saveSettingsAction(options.channelSettings),
        ...(options.approvals ? approvalCardActions(options.approvals, options.approvalValues) : []),
        ...(options.cardActions ?? []),
      ],
      logger,
      new OutsiderClicks(senders, options.refuseOutsider),
    ),
    greeter: new InstallationGreeter({ references, outbound, commands: options.commands, logger }),
    background: options.background,
    clock: options.clock,
    logger,
  });
  const servedTenant = servedTenantOf(options.credentials);
  if (options.credentials.appType !== 'MultiTenant' && servedTenant === undefined) {
    logger.warn(
      { reason: 'MICROSOFT_APP_TENANT_ID names the tenant by domain' },
      'teams activities of other tenants are not refused; name the tenant by its id',
    );
  }
  return {
    route: createMessagesRoute({ adapter, router, logger, servedTenant, ...(options.tracer ? { tracer: options.tracer } : {}) }),
    messenger,
    approvalCards: new TeamsApprovalCards(messenger, options.approvalValues),
    answerJobs: teamsAnswerJobs({ dispatcher: options.dispatcher, references, outbound, logger }),
  };
}

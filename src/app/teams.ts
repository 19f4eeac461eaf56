import { BackgroundTasks } from '../background-tasks.js';
import { channelKeyOf } from '../channels/channel-key.js';
import type { Clock } from '../clock.js';
import type { CoreConfig } from '../config/core-config.js';
import type { EnabledTeamsConfig } from '../config/teams-config.js';
import type { Logger } from '../logger.js';
import type { AdminUseCases } from '../admin/admin-use-cases.js';
import type { ShowKnowledgeGaps } from '../gaps/gap-report.js';
import type { AnswerQueue } from '../ports/answer-queue.js';
import type { ApprovalCardMessenger } from '../ports/approval-cards.js';
import type { CardSigning } from '../signing/card-signing.js';
import type { ChannelSettingsReader } from '../ports/channel-settings-reader.js';
import type { ChatMessenger } from '../ports/chat-messenger.js';
import type { GroupDirectory } from '../ports/group-directory.js';
import type { HttpRoute } from '../ports/http-route.js';
import { createRecordFeedbackHandler } from '../../handlers/record-feedback.js';
import { DynamoAddressBook } from '../../adapters/dynamodb/dynamo-address-book.js';
import {
  ClientSecretGraphTokens,
  EntraGroupDirectory,
  GraphClient,
  type GraphTokenSource,
  ManagedIdentityGraphTokens,
} from '../../adapters/microsoft-graph/index.js';
import {
  approvalsCommand,
  builtInCommands,
  gapsCommand,
  CommandRegistry,
  createTeamsBot,
  runCommand,
  type ApprovalGateway,
  type BotTokenSource,
  type TeamsAnswerJobs,
  type FeedbackRecorder,
} from '../../adapters/teams/index.js';
import type { Core } from './core.js';
import type { Storage } from './storage.js';
import type { Tracer } from '../ports/tracer.js';

/** Conversation references are renewed by every message; one unused for a year is dropped. */
const ADDRESS_RETENTION_DAYS = 365;

export interface TeamsOverrides {
  /** Outbound Bot Connector tokens from elsewhere than botbuilder's own client-credentials flow. */
  readonly tokenSource?: BotTokenSource;
  /** Microsoft Graph tokens from elsewhere than MSAL's client credentials or managed identity. */
  readonly graphTokens?: GraphTokenSource;
}

export interface RunningTeams {
  readonly route: HttpRoute;
  readonly messenger: ChatMessenger;
  readonly approvalCards: ApprovalCardMessenger;
  readonly commands: CommandRegistry;
  /** Microsoft Entra group membership, when group lookup is on. */
  readonly groups: GroupDirectory | undefined;
  /** What an answer worker runs for queued Teams questions. */
  readonly answerJobs: TeamsAnswerJobs;
  /** Waits for answers still being sent after their requests were acknowledged. */
  stop(): Promise<void>;
}

export interface TeamsDeps {
  readonly core: Core;
  /** The `config` command's form saves through these; they decide who is an admin and audit. */
  readonly adminUseCases: AdminUseCases;
  /** The `gaps` command's report; without it the command is not offered. */
  readonly knowledgeGaps?: ShowKnowledgeGaps;
  /** Each channel's settings as the message path reads them (reply mode). */
  readonly settingsReader: ChannelSettingsReader;
  readonly storage: Storage;
  readonly coreConfig: CoreConfig;
  /** The approval workflow's click entry point and current cards. */
  readonly approvals: ApprovalGateway;
  /** The card keyring; approval cards carry values signed with it. */
  readonly cardSigning: CardSigning;
  /** Where accepted questions are queued for answer workers (the in-process queue without Redis). */
  readonly answers: AnswerQueue | undefined;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Spans of admission, answers and Bot Connector calls; none without it. */
  readonly tracer?: Tracer;
}

/** The commands Teams users can type; features add theirs here, and the app manifest lists them. */
export function createTeamsCommands(knowledgeGaps?: ShowKnowledgeGaps): CommandRegistry {
  return new CommandRegistry([
    ...builtInCommands,
    runCommand,
    approvalsCommand,
    ...(knowledgeGaps !== undefined ? [gapsCommand(knowledgeGaps)] : []),
  ]);
}

/** Wires the Teams bot when it is configured; otherwise logs why Teams is off. */
export function startTeams(
  config: EnabledTeamsConfig,
  deps: TeamsDeps,
  overrides: TeamsOverrides = {},
): RunningTeams {
  const { logger } = deps;
  if (config.authentication === 'disabled') {
    logger.warn(
      {
        reason: 'TEAMS_AUTH=off',
        risk: 'anyone who can reach /api/messages can talk to the bot and make it post to any service URL',
        fix: 'set MICROSOFT_APP_ID and its credentials and remove TEAMS_AUTH; production refuses TEAMS_AUTH=off',
      },
      'TEAMS AUTHENTICATION IS OFF',
    );
  }
  if (deps.answers === undefined) {
    // The composition root opens the answers queue whenever Teams is configured.
    throw new Error('the Teams bot was started without an answers queue');
  }
  const background = new BackgroundTasks(logger);
  const commands = createTeamsCommands(deps.knowledgeGaps);
  const core = deps.core.dispatcher;
  const bot = createTeamsBot({
    credentials: { ...config, tokenSource: overrides.tokenSource },
    dispatcher: {
      dispatch: (message, options) => core.dispatch(message, options),
      answer: (message, intent, options) => core.answer(message, intent, options),
      readsFor: (message) => core.readsFor(message),
      claimDelivery: (message) => core.claimDelivery(message),
    },
    recordFeedback: feedbackRecorder(deps),
    refuseOutsider: ({ ref, userId, attempted, membersOnly }, log) =>
      deps.core.externalUsers.refuseInteraction(
        {
          platform: ref.platform,
          userId,
          organisation: 'external',
          channel: channelKeyOf(ref),
          attempted,
          membersOnly,
        },
        log,
      ),
    channelSettings: deps.adminUseCases,
    settingsReader: deps.settingsReader,
    addressBook: new DynamoAddressBook({
      client: deps.storage.clients.documentClient,
      tableName: deps.coreConfig.dynamodb.table,
      clock: deps.clock,
      retentionDays: ADDRESS_RETENTION_DAYS,
    }),
    commands,
    approvals: deps.approvals,
    approvalValues: deps.cardSigning.approvalValues,
    answers: deps.answers,
    background,
    clock: deps.clock,
    logger,
    ...(deps.tracer ? { tracer: deps.tracer } : {}),
  });
  logger.info({ appType: config.appType, authentication: config.authentication }, 'teams enabled');
  return {
    route: bot.route,
    messenger: bot.messenger,
    approvalCards: bot.approvalCards,
    commands,
    groups: entraGroups(config, deps, overrides),
    answerJobs: bot.answerJobs,
    stop: () => background.drain(),
  };
}

/**
 * Entra group membership through Microsoft Graph, with the bot's own credentials: its secret
 * (from the tenant asked about, or a single-tenant app's own tenant) or its managed identity.
 */
function entraGroups(
  config: EnabledTeamsConfig,
  deps: TeamsDeps,
  overrides: TeamsOverrides,
): GroupDirectory | undefined {
  const { groupLookup } = config;
  const logger = deps.logger.child({ component: 'entra-groups' });
  if (!groupLookup.enabled) {
    logger.info(
      { reason: groupLookup.reason, effect: 'groups listed in Teams channel settings admit nobody' },
      'teams group lookup off',
    );
    return undefined;
  }
  const tokenSettings = { appId: config.appId, graphUrl: groupLookup.graphUrl, logger };
  const tokens =
    overrides.graphTokens ??
    (config.appType === 'UserAssignedMSI'
      ? new ManagedIdentityGraphTokens(tokenSettings)
      : new ClientSecretGraphTokens({
          ...tokenSettings,
          password: config.password ?? '',
          loginUrl: groupLookup.loginUrl,
          ...(config.appType === 'SingleTenant' && config.tenantId ? { homeTenant: config.tenantId } : {}),
        }));
  const graph = new GraphClient({ baseUrl: groupLookup.graphUrl, tokens, logger, clock: deps.clock });
  logger.info({ graphUrl: groupLookup.graphUrl }, 'teams group lookup on');
  return new EntraGroupDirectory(graph, logger);
}

/** Records a rating through the use case, then reads the rated turn back to redraw its card. */
function feedbackRecorder(deps: TeamsDeps): FeedbackRecorder {
  const recordFeedback = createRecordFeedbackHandler(deps.core.conversations);
  return async (request, logger) => {
    const outcome = await recordFeedback(request, logger);
    if (!outcome.stored) {
      return { stored: false, reason: outcome.reason };
    }
    const state = await deps.storage.store.load(request.ref);
    const turn = state.turns.find((candidate) => candidate.id === request.turnId);
    return turn !== undefined ? { stored: true, turn } : { stored: false, reason: 'UNKNOWN_TURN' };
  };
}

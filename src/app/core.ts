import { ExternalUsers } from '../access/external-users.js';
import type { Clock } from '../clock.js';
import type { CoreConfig } from '../config/core-config.js';
import { ConversationService } from '../conversation/conversation-service.js';
import { type Admission, Dispatcher } from '../conversation/dispatcher.js';
import { readOnce } from '../conversation/message-reads.js';
import { DefaultChannelSettingsReader } from '../channels/default-channel-settings-reader.js';
import type { Logger } from '../logger.js';
import type { ConversationStore } from '../ports/conversation-store.js';
import type { EventLedger } from '../ports/event-ledger.js';
import type { KnowledgeBase } from '../ports/knowledge-base.js';
import type { LanguageModel } from '../ports/language-model.js';
import type { ActionRequests } from '../ports/action-requests.js';
import type { AuditLog } from '../ports/audit-log.js';
import { createHandlers } from '../../handlers/index.js';
import { PersonalDataGuard } from '../privacy/personal-data-guard.js';
import { BudgetGate } from '../budgets/budget-gate.js';
import type { AdminNotices } from '../admin/admin-notices.js';
import type { UsageLedger } from '../ports/usage-ledger.js';
import { noopTracer, type Tracer } from '../ports/tracer.js';
import { tracedPersonalDataDetector } from '../tracing/traced-ports.js';
import type { PersonalDataRights } from '../privacy/personal-data-rights.js';
import { createPersonalDataDetector } from './personal-data.js';
import { type ChannelEnforcementDeps, channelAdmission } from './channel-enforcement.js';

export interface CoreDeps {
  readonly store: ConversationStore;
  readonly ledger: EventLedger;
  readonly knowledge: KnowledgeBase;
  readonly model: LanguageModel;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The approval workflow, when the service runs one. */
  readonly actions?: ActionRequests;
  /**
   * Applies each channel's settings: enabled, access, rate limit and retention in the message
   * path, and knowledge source, model, guardrail and persona when answering. Every channel gets
   * the defaults when absent.
   */
  readonly channels?: ChannelEnforcementDeps;
  /** Where refusals of people from other organisations are recorded; only logged without it. */
  readonly audit?: AuditLog;
  /** Where token use is added up; budgets are only enforced with it. */
  readonly usage?: UsageLedger;
  /** Answers for channels over a budget that says `local`. */
  readonly fallbackModel?: LanguageModel;
  /** Spans around the personal-data guardrail; none without it. */
  readonly tracer?: Tracer;
  /** Tells a channel's admins privately (budget warnings); without it, warnings are shown in the conversation. */
  readonly adminNotices?: AdminNotices;
  /** "forget me" and "export my data"; they say they are not available without it. */
  readonly personalData?: PersonalDataRights;
}

export interface Core {
  readonly conversations: ConversationService;
  readonly dispatcher: Dispatcher;
  /** EXTERNAL_USERS applied: also to clicks that do not pass through the dispatcher. */
  readonly externalUsers: ExternalUsers;
}

/** Slack retries for about five minutes and Teams less; a day covers any redelivery. */
const DEDUPE_SECONDS = 24 * 60 * 60;

/** The conversation core with its handlers, over whichever adapters the caller chose. */
export function createCore(config: CoreConfig, deps: CoreDeps): Core {
  const externalUsers = new ExternalUsers({
    policy: config.externalUsers,
    ledger: deps.ledger,
    clock: deps.clock,
    ...(deps.audit ? { audit: deps.audit } : {}),
  });
  // People of other organisations first: the channel's settings are the organisation's own rules.
  const admission = firstRefusal(
    (message, intent, logger) => externalUsers.admit(message, intent.kind, logger),
    channelAdmission(deps.channels, deps),
  );
  const readSources = {
    settings: deps.channels?.settings ?? new DefaultChannelSettingsReader(),
    store: deps.store,
  };
  const personalData = new PersonalDataGuard({
    detector: tracedPersonalDataDetector(createPersonalDataDetector(config.personalData), deps.tracer ?? noopTracer),
    logger: deps.logger,
    ...(deps.audit ? { audit: deps.audit } : {}),
  });
  const budgets =
    deps.usage === undefined
      ? undefined
      : new BudgetGate({
          usage: deps.usage,
          costCentreBudgets: config.costCentreBudgets,
          ledger: deps.ledger,
          clock: deps.clock,
          logger: deps.logger,
          ...(deps.audit ? { audit: deps.audit } : {}),
          ...(deps.adminNotices ? { admins: deps.adminNotices } : {}),
        });
  const conversations = new ConversationService(
    {
      ...deps,
      ...(deps.channels ? { channelSettings: deps.channels.settings } : {}),
      personalData,
      ...(budgets !== undefined ? { budgets } : {}),
    },
    {
      retentionDays: config.history.retentionDays,
      tokenBudget: config.history.tokenBudget,
      keepTurns: config.history.keepTurns,
      summaryMaxTokens: config.history.summaryMaxTokens,
      retrievalLimit: config.retrievalLimit,
    },
  );
  const dispatcher = new Dispatcher(
    {
      ledger: deps.ledger,
      handlers: createHandlers({
        conversations,
        ...(deps.actions ? { actions: deps.actions } : {}),
        ...(deps.personalData ? { personalData: deps.personalData } : {}),
      }),
      admission,
      reads: (message) => readOnce(message, readSources),
      clock: deps.clock,
      logger: deps.logger,
      ...(deps.tracer ? { tracer: deps.tracer } : {}),
    },
    { maxMessageChars: config.maxMessageChars, dedupeSeconds: DEDUPE_SECONDS },
  );
  return { conversations, dispatcher, externalUsers };
}

/** Admissions asked in order; the first refusal stands. */
export function firstRefusal(...admissions: readonly (Admission | undefined)[]): Admission {
  return async (message, intent, logger, reads) => {
    for (const admission of admissions) {
      const refusal = await admission?.(message, intent, logger, reads);
      if (refusal !== undefined) {
        return refusal;
      }
    }
    return undefined;
  };
}

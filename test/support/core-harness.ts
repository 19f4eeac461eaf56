import { type ExternalUsersPolicy, ExternalUsers } from '../../src/access/external-users.js';
import { ConversationService } from '../../src/conversation/conversation-service.js';
import { Dispatcher } from '../../src/conversation/dispatcher.js';
import type { Passage } from '../../src/conversation/types.js';
import type { ConversationStore } from '../../src/ports/conversation-store.js';
import type { EventLedger } from '../../src/ports/event-ledger.js';
import { createHandlers } from '../../handlers/index.js';
import { type ChannelEnforcementDeps, channelAdmission } from '../../src/app/channel-enforcement.js';
import { firstRefusal } from '../../src/app/core.js';
import type { AuditLog } from '../../src/ports/audit-log.js';
import type { Clock } from '../../src/clock.js';
import { createCapturingLogger } from '../fakes/capturing-logger.js';
import { FixedClock } from '../fakes/fixed-clock.js';
import { InMemoryConversationStore } from '../fakes/in-memory-conversation-store.js';
import { InMemoryEventLedger } from '../fakes/in-memory-event-ledger.js';
import { KeywordKnowledgeBase } from '../fakes/keyword-knowledge-base.js';
import { ScriptedLanguageModel } from '../fakes/scripted-language-model.js';

export const SAMPLE_PASSAGES: readonly Pick<Passage, 'source' | 'title' | 'text'>[] = [
  { source: 'benefits.md', title: 'Benefits > Health insurance', text: 'Health insurance covers staff and their families.' },
  { source: 'benefits.md', title: 'Benefits > Dental', text: 'Dental cover comes with the health insurance plan.' },
  { source: 'travel.md', title: 'Travel > Booking', text: 'Book travel through the travel portal.' },
];

export interface CoreHarnessOptions {
  readonly store?: ConversationStore;
  readonly ledger?: EventLedger;
  readonly tokenBudget?: number;
  readonly keepTurns?: number;
  readonly maxMessageChars?: number;
  readonly clock?: FixedClock;
  /** Channel settings enforcement, as the service wires it; absent: every channel uses the defaults. */
  readonly channels?: (clock: Clock) => ChannelEnforcementDeps;
  /** EXTERNAL_USERS; `refuse` as by default. */
  readonly externalUsers?: ExternalUsersPolicy;
  readonly audit?: AuditLog;
}

/** The real core (dispatcher, conversation service, handlers) over working fakes. */
export function createCoreHarness(options: CoreHarnessOptions = {}) {
  const clock = options.clock ?? new FixedClock();
  const { logger, lines } = createCapturingLogger();
  const ledger = options.ledger ?? new InMemoryEventLedger(clock);
  const channels = options.channels?.(clock);
  const externalUsers = new ExternalUsers({
    policy: options.externalUsers ?? 'refuse',
    ledger,
    clock,
    ...(options.audit ? { audit: options.audit } : {}),
  });
  const admission = firstRefusal(
    (message, intent, log) => externalUsers.admit(message, intent.kind, log),
    channelAdmission(channels, { ledger, clock }),
  );
  const store = options.store ?? new InMemoryConversationStore(clock);
  const knowledge = new KeywordKnowledgeBase(SAMPLE_PASSAGES);
  const model = new ScriptedLanguageModel();
  const conversations = new ConversationService(
    { store, knowledge, model, clock, logger, ...(channels ? { channelSettings: channels.settings } : {}) },
    {
      retentionDays: 30,
      tokenBudget: options.tokenBudget ?? 10_000,
      keepTurns: options.keepTurns ?? 2,
      summaryMaxTokens: 200,
      retrievalLimit: 3,
    },
  );
  const dispatcher = new Dispatcher(
    { ledger, handlers: createHandlers({ conversations }), admission, clock, logger },
    { maxMessageChars: options.maxMessageChars ?? 4000, dedupeSeconds: 3600 },
  );
  return { clock, logger, logLines: lines, store, ledger, knowledge, model, conversations, dispatcher, externalUsers };
}

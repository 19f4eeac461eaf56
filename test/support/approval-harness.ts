import { parseActionCatalogue } from '../../adapters/action-catalogue/load-action-catalogue.js';
import { createApprovalWorkflow } from '../../approvals/approval-workflow.js';
import { ApprovalMessengers } from '../../approvals/workflow/approval-messengers.js';
import type { ApprovalJobs } from '../../approvals/workflow/workflow-deps.js';
import type { Person } from '../../src/approval-rules/approval-types.js';
import type { CardAction } from '../../src/approval-rules/card-buttons.js';
import type { ChannelSettingsInput } from '../../src/channels/channel-settings.js';
import type { InboundMessage } from '../../src/conversation/types.js';
import type { ExecutorFactory } from '../../src/ports/action-executor.js';
import type { ApprovalInteraction } from '../../src/ports/approval-interactions.js';
import type { ApprovalStore } from '../../src/ports/approval-store.js';
import type { AuditLog } from '../../src/ports/audit-log.js';
import type { PostedMessage } from '../../src/ports/chat-messenger.js';
import { createCapturingLogger } from '../fakes/capturing-logger.js';
import { FixedClock } from '../fakes/fixed-clock.js';
import { InMemoryApprovalJobs } from '../fakes/in-memory-approval-jobs.js';
import { InMemoryApprovalStore } from '../fakes/in-memory-approval-store.js';
import { InMemoryAuditLog } from '../fakes/in-memory-audit-log.js';
import { InMemoryConversationStore } from '../fakes/in-memory-conversation-store.js';
import { RecordingCardMessenger } from '../fakes/recording-card-messenger.js';
import type { ScriptedExecutor } from '../fakes/scripted-executor.js';
import { scriptedExecutorFactory } from '../fakes/scripted-executor.js';
import { StaticChannelSettingsReader } from '../fakes/static-channel-settings-reader.js';
import { StaticGroupDirectory } from '../fakes/static-group-directory.js';
import { buildMessage, buildRef } from './builders.js';
import type { Clock } from '../../src/clock.js';

/** Test actions: one per risk level, all with the scripted executor unless a test swaps it. */
export const TEST_CATALOGUE = `
actions:
  - id: restart-service
    title: Restart a service
    description: Restarts one of the team's services.
    examples: [restart the web service, please restart the api]
    risk: medium
    idempotent: true
    parameters:
      type: object
      required: [service]
      properties:
        service: { type: string, enum: [web, api, worker] }
        environment: { type: string, enum: [staging, production], default: staging }
    executor: { type: scripted }
  - id: grant-access
    title: Grant repository access
    description: Adds a person to a source code team.
    examples: [give me write access to the payments repo]
    risk: high
    quorum: 2
    maxAttempts: 3
    parameters:
      type: object
      required: [user, team]
      properties:
        user: { type: string }
        team: { type: string, enum: [payments, platform] }
    executor: { type: scripted }
  - id: open-ticket
    title: Open an IT ticket
    description: Opens a ticket in the service desk queue.
    examples: [open a ticket for my broken laptop]
    risk: low
    parameters:
      type: object
      required: [summary]
      properties:
        summary: { type: string, minLength: 3 }
    executor: { type: scripted }
`;

export const ORIGIN = buildRef({ channelId: 'C001', threadId: '1700000000.000100' });
export const APPROVERS_CHANNEL = 'C-APPROVERS';

export const REQUESTER: Person = { platform: 'slack', tenantId: 'T001', userId: 'U-REQ', name: 'Rita' };
export const APPROVER_1: Person = { platform: 'slack', tenantId: 'T001', userId: 'U-APP1', name: 'Ann' };
export const APPROVER_2: Person = { platform: 'slack', tenantId: 'T001', userId: 'U-APP2', name: 'Abe' };
export const GROUP_MEMBER: Person = { platform: 'slack', tenantId: 'T001', userId: 'U-SRE', name: 'Sam' };
export const BYSTANDER: Person = { platform: 'slack', tenantId: 'T001', userId: 'U-BY', name: 'Bo' };

export const DEFAULT_SETTINGS: ChannelSettingsInput = {
  actions: [{ actionId: 'restart-service' }, { actionId: 'grant-access' }, { actionId: 'open-ticket' }],
  approvers: { users: ['U-APP1', 'U-APP2'], groups: ['S-SRE'] },
  approversChannelId: APPROVERS_CHANNEL,
};

export interface ApprovalHarnessOptions {
  readonly clock?: Clock & { advance?(ms: number): void };
  readonly store?: ApprovalStore;
  readonly audit?: AuditLog;
  readonly jobs?: ApprovalJobs;
  readonly catalogue?: string;
  /** Executor factories by `type:`; `scripted` is always there. */
  readonly executors?: Readonly<Record<string, ExecutorFactory>>;
  readonly settings?: ChannelSettingsInput;
}

/** The real workflow over working fakes (or the real store and queue when a test passes them). */
export function createApprovalHarness(options: ApprovalHarnessOptions = {}) {
  const clock = options.clock ?? new FixedClock();
  const { logger, lines } = createCapturingLogger();
  const executors = new Map<string, ScriptedExecutor>();
  const catalogue = parseActionCatalogue(options.catalogue ?? TEST_CATALOGUE, 'test-actions.yaml', {
    scripted: scriptedExecutorFactory(executors),
    ...options.executors,
  });
  const settings = new StaticChannelSettingsReader().set(ORIGIN, options.settings ?? DEFAULT_SETTINGS);
  const groups = new StaticGroupDirectory().setMembers('slack', 'T001', 'S-SRE', ['U-SRE']);
  const store = options.store ?? new InMemoryApprovalStore();
  const audit = options.audit ?? new InMemoryAuditLog(clock);
  const conversations = new InMemoryConversationStore(clock);
  const platform = new RecordingCardMessenger('slack');
  const jobs: ApprovalJobs = options.jobs ?? new InMemoryApprovalJobs(clock);
  const memoryJobs = jobs instanceof InMemoryApprovalJobs ? jobs : undefined;
  const deps = {
    store,
    catalogue,
    settings,
    groups,
    audit,
    conversations,
    jobs,
    messengers: new ApprovalMessengers([platform], [platform]),
    clock,
    logger,
  };
  const workflow = createApprovalWorkflow(deps, { proposalMinutes: 60 });

  let sequence = 0;
  const message = (text: string, author: Person = REQUESTER): InboundMessage => {
    sequence += 1;
    return buildMessage({
      ref: ORIGIN,
      author: { id: author.userId, ...(author.name !== undefined ? { name: author.name } : {}) },
      text,
      eventId: `Ev-${sequence}`,
      receivedAt: clock.now(),
    });
  };

  /** Proposes with `run ...`, failing the test if it was refused; returns the proposal card. */
  const propose = async (command: string, author: Person = REQUESTER) => {
    const outcome = await workflow.requests.propose({ message: message(`run ${command}`, author), command });
    if (outcome.kind !== 'proposed') {
      throw new Error(`proposal refused: ${outcome.text}`);
    }
    return outcome.card;
  };

  /** The thread copy (first card) of `id`, as a click would carry it. */
  const threadCopy = (id: string): PostedMessage => {
    const copy = platform.copiesOf(id).find((c) => c.channelId === ORIGIN.channelId);
    if (copy === undefined) {
      throw new Error(`no thread card for ${id}`);
    }
    return copy.message;
  };

  /** A click as an adapter makes it: the answer's card replaces the clicked message. */
  const click = async (
    action: CardAction,
    id: string,
    actor: Person,
    extra: Partial<ApprovalInteraction> = {},
  ) => {
    const message = extra.message ?? threadCopy(id);
    const result = await workflow.interactions.handle({ action, id, actor, message, ...extra });
    if (result.card !== undefined && platform.cards.some((c) => c.message.messageId === message.messageId)) {
      await platform.updateCard(message, result.card);
    }
    return result;
  };

  /** Proposes and confirms; returns the request id. */
  const request = async (command: string) => {
    const card = await propose(command);
    const confirmed = await click('confirm', card.id, REQUESTER);
    if (!confirmed.changed) {
      throw new Error(`confirm refused: ${confirmed.notice ?? ''}`);
    }
    return card.id;
  };

  return {
    clock,
    logger,
    logLines: lines,
    store,
    audit,
    jobs,
    memoryJobs,
    catalogue,
    settings,
    groups,
    conversations,
    platform,
    executors,
    executor: (actionId: string) => {
      const executor = executors.get(actionId);
      if (!executor) {
        throw new Error(`no scripted executor for ${actionId}`);
      }
      return executor;
    },
    deps,
    workflow,
    message,
    propose,
    click,
    request,
    threadCopy,
  };
}

export type ApprovalHarness = ReturnType<typeof createApprovalHarness>;

import type { MessageReads } from '../../src/conversation/message-reads.js';
import { EXTERNAL_NO_ACTIONS, isExternal } from '../../src/access/external-users.js';
import { proposalCard } from '../../src/approval-rules/approval-card.js';
import { effectivePolicy } from '../../src/approval-rules/approval-policy.js';
import type { ActionProposal, ParameterFlag } from '../../src/approval-rules/approval-types.js';
import { matchAction } from '../../src/approval-rules/action-matcher.js';
import { parametersHash } from '../../src/approval-rules/parameters-hash.js';
import { quotedPeople, stringsIn } from '../../src/approval-rules/quoted-people.js';
import { newApprovalId } from '../../src/approval-rules/request-id.js';
import { personOf } from '../../src/approval-rules/person.js';
import { parseRunArguments } from '../../src/approval-rules/run-arguments.js';
import { channelKeyOf } from '../../src/channels/channel-key.js';
import type { Citation, InboundMessage } from '../../src/conversation/types.js';
import { UserFacingError } from '../../src/errors.js';
import type { ActionDefinition } from '../../src/ports/action-catalogue.js';
import type { ProposalInput, ProposalOutcome } from '../../src/ports/action-requests.js';
import { auditApproval, personActor } from './approval-audit.js';
import { collectEvidence } from './evidence.js';
import type { WorkflowDeps, WorkflowOptions } from './workflow-deps.js';

/** One action to offer the requester as a proposal card. */
export interface Offer {
  readonly message: InboundMessage;
  readonly action: ActionDefinition;
  /** Validated, defaults filled in. */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** Required parameters not given (a suggestion the person completes with `run`). */
  readonly missing: readonly string[];
  readonly reason: string;
  readonly source: ActionProposal['source'];
  readonly citations: readonly Citation[];
  readonly flaggedParameters?: readonly ParameterFlag[];
  /** The message's settings and conversation, already read for its answer (a suggestion, a tool call). */
  readonly reads?: MessageReads;
}

/**
 * Turns a `run` command or a matching message into a proposal card the requester must confirm.
 * Nothing is requested, and nothing runs, until they do.
 */
export class ProposalService {
  constructor(
    private readonly deps: WorkflowDeps,
    private readonly options: WorkflowOptions,
  ) {}

  async propose(input: ProposalInput): Promise<ProposalOutcome> {
    let parsed;
    try {
      parsed = parseRunArguments(input.command);
    } catch (error) {
      if (error instanceof UserFacingError) {
        return { kind: 'refused', text: error.message };
      }
      throw error;
    }
    const action = this.deps.catalogue.get(parsed.actionId);
    if (action === undefined) {
      return {
        kind: 'refused',
        unknownAction: true,
        text: `I don't know an action called \`${parsed.actionId}\`. ${await this.allowedList(input.message)}`,
      };
    }
    const check = action.checkParameters(parsed.values);
    if (!check.ok) {
      return {
        kind: 'refused',
        text: [
          `I can't run *${action.title}* with those parameters:`,
          ...check.problems.map((p) => `• ${p}`),
          usage(action),
        ].join('\n'),
      };
    }
    return this.offer({
      message: input.message,
      action,
      parameters: check.parameters,
      missing: [],
      reason: parsed.reason,
      source: 'command',
      citations: [],
    });
  }

  async suggest(
    message: InboundMessage,
    citations: readonly Citation[],
    reads?: MessageReads,
  ): Promise<ProposalOutcome | undefined> {
    const settings = await (reads?.settings() ?? this.deps.settings.settingsFor(channelKeyOf(message.ref)));
    const allowed = settings.actions.flatMap((entry) => {
      const action = this.deps.catalogue.get(entry.actionId);
      return action ? [action] : [];
    });
    const match = matchAction(message.text, allowed);
    const action = match && this.deps.catalogue.get(match.actionId);
    if (action === undefined) {
      return undefined;
    }
    // Values the message spells out as key=value are taken; the rest the person adds with `run`.
    const values: Record<string, string> = {};
    try {
      Object.assign(values, parseRunArguments(`${action.id} ${message.text}`).values);
    } catch {
      // Free text that does not parse as arguments simply gives no values.
    }
    // "restart the web service": a word that is exactly one allowed value of a parameter is taken.
    const words = new Set(message.text.toLowerCase().match(/[a-z0-9_-]+/g) ?? []);
    for (const parameter of action.parameters) {
      const named = parameter.choices?.filter((choice) => words.has(choice.toLowerCase())) ?? [];
      if (!Object.hasOwn(values, parameter.name) && named.length === 1 && named[0] !== undefined) {
        values[parameter.name] = named[0];
      }
    }
    const check = action.checkParameters(values);
    const parameters = check.ok ? check.parameters : {};
    const missing = check.ok
      ? []
      : check.missing.length > 0
        ? check.missing
        : action.parameters.filter((p) => p.required).map((p) => p.name);
    return this.offer({
      message,
      action,
      parameters,
      missing,
      reason: message.text,
      source: 'suggestion',
      citations,
      ...(reads !== undefined ? { reads } : {}),
    });
  }

  /** Stores the proposal, posts its card in the thread and audits it; or says why it cannot be offered. */
  async offer(offer: Offer): Promise<ProposalOutcome> {
    const { message, action, parameters, missing, reason, source, citations } = offer;
    const flaggedParameters = offer.flaggedParameters ?? [];
    if (isExternal(message.author)) {
      // The dispatcher already keeps them from `run`; suggestions after an answer end here too.
      return { kind: 'refused', text: EXTERNAL_NO_ACTIONS };
    }
    const settings = await (offer.reads?.settings() ?? this.deps.settings.settingsFor(channelKeyOf(message.ref)));
    const policy = effectivePolicy(action, settings);
    if (!policy.allowed) {
      return { kind: 'refused', text: policy.reason };
    }
    if (policy.policy.quorum > 0 && reason.trim() === '') {
      return {
        kind: 'refused',
        text: `Approvers will want to know why. Add a reason, e.g. \`run ${action.id} ${exampleArguments(parameters)} because …\``,
      };
    }
    const cards = this.deps.messengers.cards(message.ref.platform);
    if (cards === undefined) {
      return { kind: 'refused', text: 'Actions need approval cards, which this platform does not show.' };
    }
    const now = this.deps.clock.now();
    const requester = personOf(message);
    const evidence = await collectEvidence(this.deps.conversations, message, citations, offer.reads);
    const quotes = quotedPeople(
      message.mentioned,
      [reason, ...stringsIn(parameters), ...evidence.excerpt.map((line) => line.text)],
      requester.userId,
    );
    const proposal: ActionProposal = {
      id: newApprovalId(),
      action: {
        actionId: action.id,
        title: action.title,
        target: action.executor.describe(),
        risk: action.risk,
        parameters,
        parametersHash: parametersHash(action.id, parameters),
      },
      policy: policy.policy,
      requester,
      origin: message.ref,
      reason: reason.trim(),
      evidence,
      source,
      missing,
      ...(flaggedParameters.length > 0 ? { flaggedParameters } : {}),
      ...(quotes.length > 0 ? { quotes } : {}),
      createdAt: now,
      validUntil: new Date(now.getTime() + this.options.proposalMinutes * 60_000),
      signedValues: true,
    };
    await this.deps.store.saveProposal(proposal);
    const card = proposalCard(proposal);
    const posted = await cards.postCard(
      {
        platform: message.ref.platform,
        tenantId: message.ref.tenantId,
        channelId: message.ref.channelId,
        threadId: message.ref.threadId,
      },
      card,
    );
    await this.deps.store.addCard(proposal.id, posted);
    await auditApproval(this.deps.audit, this.deps.logger, {
      action: 'approval.proposed',
      actor: personActor(requester),
      subject: proposal,
      details: {
        source,
        parameters,
        missing,
        quorum: proposal.policy.quorum,
        risk: action.risk,
        ...(flaggedParameters.length > 0 ? { flaggedParameters } : {}),
      },
    });
    return { kind: 'proposed', card };
  }

  private async allowedList(message: InboundMessage): Promise<string> {
    const settings = await this.deps.settings.settingsFor(channelKeyOf(message.ref));
    const ids = settings.actions.map((entry) => entry.actionId).filter((id) => this.deps.catalogue.get(id));
    return ids.length > 0
      ? `Actions allowed here: ${ids.map((id) => `\`${id}\``).join(', ')}.`
      : 'No actions are allowed in this channel.';
  }
}

function usage(action: ActionDefinition): string {
  const parts = action.parameters.map((p) =>
    p.required ? `${p.name}=${p.choices?.join('|') ?? '…'}` : `[${p.name}=${p.choices?.join('|') ?? '…'}]`,
  );
  return `Usage: \`run ${action.id} ${parts.join(' ')} because …\``;
}

function exampleArguments(parameters: Readonly<Record<string, unknown>>): string {
  return Object.entries(parameters)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
}

import type { MessageReads } from '../../src/conversation/message-reads.js';
import { isExternal } from '../../src/access/external-users.js';
import { rankActions } from '../../src/approval-rules/action-matcher.js';
import { effectivePolicy } from '../../src/approval-rules/approval-policy.js';
import { documentOnlyArguments } from '../../src/approval-rules/argument-provenance.js';
import { parametersHash } from '../../src/approval-rules/parameters-hash.js';
import { channelKeyOf } from '../../src/channels/channel-key.js';
import { conversationKey } from '../../src/conversation/conversation-key.js';
import type { InboundMessage, ToolCall } from '../../src/conversation/types.js';
import type { ActionDefinition } from '../../src/ports/action-catalogue.js';
import type { ProposalOutcome, ToolCallContext } from '../../src/ports/action-requests.js';
import type { ActionTool } from '../../src/ports/language-model.js';
import type { ProposalService } from './proposals.js';
import type { WorkflowDeps } from './workflow-deps.js';

/** Tools offered to the model per answer; more would crowd the prompt and blur the model's choice. */
export const MAX_TOOLS = 10;
/** Tool calls of one answer turned into cards; a flood of cards after one message helps nobody. */
export const MAX_TOOL_PROPOSALS = 3;
const MAX_EXAMPLES = 5;

/**
 * The model's side of suggestions: which allowed actions it is offered as tools, and what
 * becomes of its calls. A call is a suggestion like the matcher's, made with the model's
 * arguments: checked against the action's schema, then a proposal card the requester confirms.
 */
export class ToolProposals {
  constructor(
    private readonly deps: WorkflowDeps,
    private readonly proposals: ProposalService,
  ) {}

  async toolsFor(message: InboundMessage, reads?: MessageReads): Promise<readonly ActionTool[]> {
    if (isExternal(message.author)) {
      // Nothing could be proposed to them (see ProposalService.offer), so nothing is offered.
      return [];
    }
    const settings = await (reads?.settings() ?? this.deps.settings.settingsFor(channelKeyOf(message.ref)));
    // Only actions that can actually be proposed here: one with no approvers anywhere cannot.
    const offered = settings.actions.flatMap((entry) => {
      const action = this.deps.catalogue.get(entry.actionId);
      return action !== undefined && effectivePolicy(action, settings).allowed ? [action] : [];
    });
    return rankActions(message.text, offered).slice(0, MAX_TOOLS).map(toolOf);
  }

  async proposeToolCalls(
    message: InboundMessage,
    calls: readonly ToolCall[],
    context: ToolCallContext,
  ): Promise<readonly ProposalOutcome[]> {
    if (calls.length === 0) {
      return [];
    }
    const { logger, catalogue } = this.deps;
    const settings = await (context.reads?.settings() ??
      this.deps.settings.settingsFor(channelKeyOf(message.ref)));
    const allowed = new Set(settings.actions.map((entry) => entry.actionId));
    const conversation = await this.conversation(message, context.reads);
    const proposed = new Set<string>();
    const outcomes: ProposalOutcome[] = [];
    for (const call of calls) {
      const fields = {
        conversation: conversationKey(message.ref),
        eventId: message.eventId,
        tool: call.name,
      };
      const action = allowed.has(call.name) ? catalogue.get(call.name) : undefined;
      if (action === undefined) {
        logger.warn({ ...fields, reason: 'not-allowed' }, 'model tool call dropped');
        continue;
      }
      const check = action.checkParameters(call.input);
      if (!check.ok) {
        // The problems name parameters and what the schema wants, never the values given.
        logger.warn(
          { ...fields, reason: 'invalid-arguments', problems: check.problems },
          'model tool call dropped',
        );
        continue;
      }
      const hash = parametersHash(action.id, check.parameters);
      if (proposed.has(hash)) {
        continue;
      }
      if (proposed.size >= MAX_TOOL_PROPOSALS) {
        logger.warn({ ...fields, reason: 'too-many-calls', calls: calls.length }, 'model tool call dropped');
        continue;
      }
      proposed.add(hash);
      const flaggedParameters = documentOnlyArguments(call.input, {
        ...conversation,
        passages: context.passages,
      });
      if (flaggedParameters.length > 0) {
        logger.warn({ ...fields, flaggedParameters }, 'model tool call arguments taken from documents');
      }
      const outcome = await this.proposals.offer({
        message,
        action,
        parameters: check.parameters,
        missing: [],
        reason: message.text,
        source: 'model',
        citations: context.citations,
        flaggedParameters,
        ...(context.reads !== undefined ? { reads: context.reads } : {}),
      });
      if (outcome.kind === 'refused') {
        logger.info({ ...fields, reason: 'refused', text: outcome.text }, 'model tool call dropped');
      }
      outcomes.push(outcome);
    }
    return outcomes;
  }

  /** This request, and the conversation before it: who wrote what, and Steward's answers. */
  private async conversation(message: InboundMessage, reads: MessageReads | undefined) {
    const { turns } = await (reads?.conversation() ?? this.deps.conversations.load(message.ref));
    // The turn of this very message may already be stored (its answer is not an earlier one).
    const last = turns.at(-1);
    const earlier =
      last !== undefined && last.author.id === message.author.id && last.question === message.text
        ? turns.slice(0, -1)
        : turns;
    return {
      request: message.text,
      requesterEarlier: earlier
        .filter((turn) => turn.author.id === message.author.id)
        .map((turn) => turn.question),
      others: earlier
        .filter((turn) => turn.author.id !== message.author.id)
        .map((turn) => ({ author: turn.author.name ?? turn.author.id, text: turn.question })),
      answers: earlier.map((turn) => turn.answer).filter((answer) => answer !== ''),
    };
  }
}

function toolOf(action: ActionDefinition): ActionTool {
  const examples = action.examples
    .slice(0, MAX_EXAMPLES)
    .map((example) => `"${example}"`)
    .join('; ');
  return {
    name: action.id,
    description: [
      `${action.title}: ${action.description}`,
      ...(examples !== '' ? [`Requests it fits: ${examples}.`] : []),
      'Calling it only proposes the action: the person confirms it, and approvers decide where needed.',
    ].join(' '),
    inputSchema: action.parameterSchema,
  };
}

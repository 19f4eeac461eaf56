import { cardAsText, displayName, requestCard } from '../../src/approval-rules/approval-card.js';
import { isTerminal } from '../../src/approval-rules/approval-status.js';
import type { ApprovalRequest } from '../../src/approval-rules/approval-types.js';
import type { PostedMessage } from '../../src/ports/chat-messenger.js';
import type { DrawnCopy, WorkflowDeps } from '../workflow/workflow-deps.js';

const MAX_ROUNDS = 5;

/**
 * Brings every copy of a request's card up to date with the stored request (whatever version the
 * job was queued for: the latest state is what people should see), and posts the outcome in the
 * requester's thread. Throws when a platform call failed, so the queue retries the job, and when
 * the request's platform has no messenger (a wiring error, never skipped in silence).
 *
 * The one writer of every copy but one: the copy a click redraws itself at once (Slack), which
 * the job leaves alone while the request is still at the version that click made (`drawn`).
 */
export class NoticeRunner {
  constructor(private readonly deps: WorkflowDeps) {}

  async run(requestId: string, postOutcome: boolean, version: number, drawn?: DrawnCopy): Promise<void> {
    let request = await this.deps.store.get(requestId);
    if (request === undefined) {
      return;
    }
    // Two card jobs of one request may run at once; whoever wrote an older state writes again,
    // so every copy ends at the newest state.
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      await this.updateCopies(request, request.version === version ? drawn : undefined);
      const latest: ApprovalRequest | undefined = await this.deps.store.get(requestId);
      if (latest === undefined || latest.version === request.version) {
        break;
      }
      request = latest;
    }
    // Only the job queued by the move into a final state posts, and only once that state is stored.
    if (postOutcome && isTerminal(request.status) && request.version >= version) {
      const chat = this.deps.messengers.requireChat(request.origin.platform);
      await chat.post(
        {
          platform: request.origin.platform,
          tenantId: request.origin.tenantId,
          channelId: request.origin.channelId,
          threadId: request.origin.threadId,
        },
        {
          text: outcomeText(request),
          addressee: {
            userId: request.requester.userId,
            ...(request.requester.name !== undefined ? { name: request.requester.name } : {}),
          },
        },
      );
    }
  }

  /** Throws when a platform call failed, so the queue retries the job. */
  private async updateCopies(request: ApprovalRequest, drawn: DrawnCopy | undefined): Promise<void> {
    // A platform without a messenger is a wiring error: thrown, so the job fails loudly.
    const cards = this.deps.messengers.requireCards(request.origin.platform);
    const card = requestCard(request);
    const failures: unknown[] = [];
    const copies = (await this.deps.store.cards(request.id)).filter((copy) => !isDrawn(copy, drawn));
    for (const copy of copies) {
      try {
        await cards.updateCard(copy, card);
      } catch (error) {
        failures.push(error);
        this.deps.logger.warn(
          { err: error, requestId: request.id, channelId: copy.address.channelId },
          'approval card not updated',
        );
      }
    }
    if (failures.length > 0) {
      throw new AggregateError(failures, `${failures.length} approval card copies not updated`);
    }
  }
}

/**
 * The message posted in the requester's thread when the request ends, in Markdown (bold is
 * `**`). It does not name the requester: the post is addressed to them, and each platform
 * mentions or names them in its own way.
 */
export function outcomeText(request: ApprovalRequest): string {
  const title = `**${request.action.title}**`;
  switch (request.status) {
    case 'succeeded':
      return `${title} ran: ${request.outcome?.summary ?? 'done'}.`;
    case 'failed':
      return `${title} failed: ${request.outcome?.summary ?? 'unknown error'}. Nothing more will be tried.`;
    case 'unknown':
      return `${title} may or may not have run (${request.outcome?.summary ?? 'no answer'}). It was not sent again; check the target before asking again.`;
    case 'rejected': {
      const rejection = request.decisions.find((d) => d.verdict === 'reject');
      return `${title} was rejected by ${rejection ? displayName(rejection.by) : 'an approver'}: ${rejection?.reason ?? ''}`;
    }
    case 'expired':
      return `${title} expired without enough approvals, so nothing ran. Use **Request again** on the card to ask again.`;
    case 'cancelled':
      return request.cancelledBecause !== undefined
        ? `${title} was cancelled: ${request.cancelledBecause}. Nothing ran.`
        : `${title} was cancelled; nothing ran.`;
    case 'pending':
    case 'approved':
    case 'executing':
      return cardAsText(requestCard(request));
  }
}

function isDrawn(copy: PostedMessage, drawn: DrawnCopy | undefined): boolean {
  return drawn !== undefined && copy.address.channelId === drawn.channelId && copy.messageId === drawn.messageId;
}

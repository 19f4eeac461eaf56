import { assertMove } from '../../src/approval-rules/approval-status.js';
import type {
  ActionProposal,
  ApprovalRequest,
  ApprovalStatus,
  Person,
} from '../../src/approval-rules/approval-types.js';
import { UserFacingError } from '../../src/errors.js';
import type {
  ApprovalListing,
  ApprovalPage,
  ApprovalStore,
  ProposalState,
  StoredProposal,
  UpdateGuard,
} from '../../src/ports/approval-store.js';
import type { PostedMessage } from '../../src/ports/chat-messenger.js';

/**
 * A working ApprovalStore in memory with the DynamoDB one's guarantees: each call is atomic,
 * updates are conditional on version and on the life cycle's moves, values are copied in and out.
 */
export class InMemoryApprovalStore implements ApprovalStore {
  private readonly proposals = new Map<string, { proposal: ActionProposal; state: ProposalState }>();
  private readonly requests = new Map<string, ApprovalRequest>();
  private readonly cardCopies = new Map<string, PostedMessage[]>();
  /** Every successful update, for tests that count transitions. */
  readonly updates: ApprovalRequest[] = [];

  saveProposal(proposal: ActionProposal): Promise<void> {
    if (this.proposals.has(proposal.id)) {
      return Promise.reject(new Error(`proposal ${proposal.id} exists`));
    }
    this.proposals.set(proposal.id, { proposal: structuredClone(proposal), state: 'open' });
    return Promise.resolve();
  }

  getProposal(id: string): Promise<StoredProposal | undefined> {
    const stored = this.proposals.get(id);
    return Promise.resolve(stored ? structuredClone(stored) : undefined);
  }

  dismissProposal(id: string): Promise<boolean> {
    const stored = this.proposals.get(id);
    if (stored?.state !== 'open') {
      return Promise.resolve(false);
    }
    stored.state = 'dismissed';
    return Promise.resolve(true);
  }

  confirmProposal(request: ApprovalRequest): Promise<boolean> {
    const stored = this.proposals.get(request.id);
    if (stored?.state !== 'open' || this.requests.has(request.id)) {
      return Promise.resolve(false);
    }
    stored.state = 'confirmed';
    this.requests.set(request.id, structuredClone(request));
    return Promise.resolve(true);
  }

  createRequest(request: ApprovalRequest): Promise<boolean> {
    if (this.requests.has(request.id) || this.proposals.has(request.id)) {
      return Promise.resolve(false);
    }
    this.requests.set(request.id, structuredClone(request));
    return Promise.resolve(true);
  }

  get(id: string): Promise<ApprovalRequest | undefined> {
    const request = this.requests.get(id);
    return Promise.resolve(request ? structuredClone(request) : undefined);
  }

  /** Replaces a request's content at the same version, as erasure's pseudonymisation does. */
  rewriteInPlace(request: ApprovalRequest): void {
    if (this.requests.get(request.id)?.version !== request.version) {
      throw new Error(`request ${request.id} is not at version ${request.version}`);
    }
    this.requests.set(request.id, structuredClone(request));
  }

  update(next: ApprovalRequest, expectedVersion: number, guard?: UpdateGuard): Promise<boolean> {
    if (next.version !== expectedVersion + 1) {
      return Promise.reject(new UserFacingError('INPUT_INVALID', 'next.version must be expectedVersion + 1'));
    }
    const current = this.requests.get(next.id);
    if (current?.version !== expectedVersion) {
      return Promise.resolve(false);
    }
    if (guard !== undefined && JSON.stringify(guard.storedAs) !== JSON.stringify(current)) {
      return Promise.resolve(false);
    }
    try {
      assertMove(current.status, next.status);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    this.requests.set(next.id, structuredClone(next));
    this.updates.push(structuredClone(next));
    return Promise.resolve(true);
  }

  /** Replaces a request with no checks at all: an item changed outside the service (a hand edit). */
  overwrite(request: ApprovalRequest): void {
    this.requests.set(request.id, structuredClone(request));
  }

  addCard(requestId: string, card: PostedMessage): Promise<void> {
    const copies = this.cardCopies.get(requestId) ?? [];
    if (
      !copies.some(
        (copy) => copy.messageId === card.messageId && copy.address.channelId === card.address.channelId,
      )
    ) {
      copies.push(structuredClone(card));
    }
    this.cardCopies.set(requestId, copies);
    return Promise.resolve();
  }

  cards(requestId: string): Promise<readonly PostedMessage[]> {
    return Promise.resolve(structuredClone(this.cardCopies.get(requestId) ?? []));
  }

  listByStatus(status: ApprovalStatus, listing: ApprovalListing = {}): Promise<ApprovalPage> {
    const matching = [...this.requests.values()]
      .filter((request) => request.status === status)
      .sort((a, b) => position(a).localeCompare(position(b)));
    return Promise.resolve(page(matching, listing));
  }

  listByRequester(requester: Person, listing: ApprovalListing = {}): Promise<ApprovalPage> {
    const matching = [...this.requests.values()]
      .filter(
        (request) =>
          request.requester.platform === requester.platform &&
          request.requester.tenantId === requester.tenantId &&
          request.requester.userId === requester.userId,
      )
      .sort((a, b) => position(b).localeCompare(position(a)));
    return Promise.resolve(page(matching, listing));
  }
}

function position(request: ApprovalRequest): string {
  return `${request.createdAt.toISOString()}#${request.id}`;
}

function page(matching: readonly ApprovalRequest[], listing: ApprovalListing): ApprovalPage {
  const start = listing.cursor === undefined ? 0 : Number.parseInt(listing.cursor, 10);
  const limit = listing.limit ?? 100;
  const requests = matching.slice(start, start + limit).map((request) => structuredClone(request));
  return start + limit < matching.length ? { requests, cursor: String(start + limit) } : { requests };
}

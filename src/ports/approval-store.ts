import type { ActionProposal, ApprovalRequest, ApprovalStatus, Person } from '../approval-rules/approval-types.js';
import type { PostedMessage } from './chat-messenger.js';

export type ProposalState = 'open' | 'confirmed' | 'dismissed';

export interface StoredProposal {
  readonly proposal: ActionProposal;
  readonly state: ProposalState;
}

export interface ApprovalListing {
  readonly limit?: number;
  /** Opaque position returned by the previous page. */
  readonly cursor?: string;
}

export interface ApprovalPage {
  readonly requests: readonly ApprovalRequest[];
  /** Present when more requests match. */
  readonly cursor?: string;
}

export interface UpdateGuard {
  /**
   * The request as the caller believes it is stored, when it did not read it from this store
   * (the copy a job carries). The write then also requires the stored request to be exactly this
   * one, content and all, so a stale or altered copy can only lose: false, and nothing changes.
   */
  readonly storedAs: ApprovalRequest;
}

/**
 * The source of truth for proposals and approval requests. Every change is conditional: on the
 * version the caller read and on the status moves of the life cycle (approval-status.ts), so of
 * two racing writers exactly one wins and the other learns it lost. Queues and caches may lose
 * their state; this store may not.
 */
export interface ApprovalStore {
  /** Stores a new proposal (state `open`). */
  saveProposal(proposal: ActionProposal): Promise<void>;
  /** Undefined for an unknown id (or one past retention). */
  getProposal(id: string): Promise<StoredProposal | undefined>;
  /** `open` → `dismissed`; false when the proposal was not open (already confirmed or dismissed). */
  dismissProposal(id: string): Promise<boolean>;
  /**
   * Atomically marks the open proposal with the same id `confirmed` and creates `request`. False
   * when the proposal was not open, so a double click or replayed payload creates one request.
   */
  confirmProposal(request: ApprovalRequest): Promise<boolean>;
  /** Creates a request with no proposal behind it (a request made again); false when the id exists. */
  createRequest(request: ApprovalRequest): Promise<boolean>;
  /** Undefined for an unknown id (or one past retention). */
  get(id: string): Promise<ApprovalRequest | undefined>;
  /**
   * Replaces the request when it is still at `expectedVersion` and the move from its stored status
   * to `next.status` is allowed; `next.version` must be `expectedVersion + 1`. False when another
   * writer got there first. Throws ApprovalStateError for a move the life cycle does not have.
   */
  update(next: ApprovalRequest, expectedVersion: number, guard?: UpdateGuard): Promise<boolean>;
  /** Remembers a posted copy of the request's card, so every copy can be updated later. */
  addCard(requestId: string, card: PostedMessage): Promise<void>;
  /** Every remembered copy, in the order they were added. */
  cards(requestId: string): Promise<readonly PostedMessage[]>;
  /** Requests in one status, oldest first. */
  listByStatus(status: ApprovalStatus, listing?: ApprovalListing): Promise<ApprovalPage>;
  /** One person's requests, newest first. */
  listByRequester(requester: Person, listing?: ApprovalListing): Promise<ApprovalPage>;
}

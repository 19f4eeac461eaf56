import { LRUCache } from 'lru-cache';
import type {
  ApprovalListing,
  ApprovalPage,
  ApprovalStore,
  StoredProposal,
  UpdateGuard,
} from '../../src/ports/approval-store.js';
import type {
  ActionProposal,
  ApprovalRequest,
  ApprovalStatus,
  Person,
} from '../../src/approval-rules/approval-types.js';
import type { PostedMessage } from '../../src/ports/chat-messenger.js';

/** Requests remembered at most; the least recently written or read is forgotten first (lru-cache). */
const DEFAULT_LIMIT = 1_000;

interface Remembered {
  request?: ApprovalRequest;
  readonly cards: PostedMessage[];
}

/**
 * What this process last wrote or read of each recent request, and the card copies it knows, so
 * an approver's click can decide without reading the request first. Only ever a hint: the request
 * is written back under a guard that requires the stored record to be exactly the remembered one
 * (UpdateGuard.storedAs), so a request another process changed since costs a read and nothing
 * else. Card copies are only added, never removed, so a copy remembered here is one for good.
 */
export class RecentRequests {
  private readonly entries: LRUCache<string, Remembered>;

  constructor(limit = DEFAULT_LIMIT) {
    this.entries = new LRUCache({ max: limit });
  }

  /** The request as this process last wrote or read it, if it still remembers it. */
  request(id: string): ApprovalRequest | undefined {
    return this.entries.peek(id)?.request;
  }

  /** Whether `message` is known to be one of the request's card copies. */
  knowsCard(id: string, message: PostedMessage): boolean {
    return (this.entries.peek(id)?.cards ?? []).some((card) => sameMessage(card, message));
  }

  stored(request: ApprovalRequest): void {
    this.entry(request.id).request = request;
  }

  /** A write lost to another writer: what is remembered is stale. */
  outdated(id: string): void {
    const entry = this.entries.peek(id);
    if (entry !== undefined) {
      delete entry.request;
    }
  }

  cards(id: string, cards: readonly PostedMessage[]): void {
    const known = this.entry(id).cards;
    for (const card of cards) {
      if (!known.some((existing) => sameMessage(existing, card))) {
        known.push(card);
      }
    }
  }

  /** The entry for `id`, made the most recent: only what this process writes or reads refreshes it. */
  private entry(id: string): Remembered {
    const entry = this.entries.get(id) ?? { cards: [] };
    this.entries.set(id, entry);
    return entry;
  }
}

function sameMessage(a: PostedMessage, b: PostedMessage): boolean {
  return (
    a.messageId === b.messageId &&
    a.address.platform === b.address.platform &&
    a.address.tenantId === b.address.tenantId &&
    a.address.channelId === b.address.channelId
  );
}

/**
 * The workflow's store: the real one, with every request written or read and every card copy
 * remembered in `recent` on the way. A record read back keeps the key order it was written in
 * (approval-record.ts), so what is remembered serialises to what is stored either way.
 */
export class RememberingApprovalStore implements ApprovalStore {
  constructor(
    private readonly store: ApprovalStore,
    readonly recent: RecentRequests,
  ) {}

  saveProposal(proposal: ActionProposal): Promise<void> {
    return this.store.saveProposal(proposal);
  }

  getProposal(id: string): Promise<StoredProposal | undefined> {
    return this.store.getProposal(id);
  }

  dismissProposal(id: string): Promise<boolean> {
    return this.store.dismissProposal(id);
  }

  async confirmProposal(request: ApprovalRequest): Promise<boolean> {
    return this.remembered(request, await this.store.confirmProposal(request));
  }

  async createRequest(request: ApprovalRequest): Promise<boolean> {
    return this.remembered(request, await this.store.createRequest(request));
  }

  async get(id: string): Promise<ApprovalRequest | undefined> {
    const request = await this.store.get(id);
    if (request !== undefined) {
      this.recent.stored(request);
    }
    return request;
  }

  async update(next: ApprovalRequest, expectedVersion: number, guard?: UpdateGuard): Promise<boolean> {
    try {
      return this.remembered(next, await this.store.update(next, expectedVersion, guard));
    } catch (error) {
      this.recent.outdated(next.id);
      throw error;
    }
  }

  async addCard(requestId: string, card: PostedMessage): Promise<void> {
    await this.store.addCard(requestId, card);
    this.recent.cards(requestId, [card]);
  }

  async cards(requestId: string): Promise<readonly PostedMessage[]> {
    const cards = await this.store.cards(requestId);
    this.recent.cards(requestId, cards);
    return cards;
  }

  listByStatus(status: ApprovalStatus, listing?: ApprovalListing): Promise<ApprovalPage> {
    return this.store.listByStatus(status, listing);
  }

  listByRequester(requester: Person, listing?: ApprovalListing): Promise<ApprovalPage> {
    return this.store.listByRequester(requester, listing);
  }

  private remembered(request: ApprovalRequest, written: boolean): boolean {
    if (written) {
      this.recent.stored(request);
    } else {
      this.recent.outdated(request.id);
    }
    return written;
  }
}

import { requestCard } from '../../src/approval-rules/approval-card.js';
import type { ApprovalRequest, Person } from '../../src/approval-rules/approval-types.js';
import { samePerson } from '../../src/approval-rules/apply-vote.js';
import type {
  ApprovalOverview,
  ApprovalSummary,
  PendingApprovals,
} from '../../src/ports/action-requests.js';
import { isApprover } from './approver-check.js';
import { isSameWorkspace } from './click-guards.js';
import type { WorkflowDeps } from './workflow-deps.js';

const MAX_PENDING_SCANNED = 2000;
const MAX_LISTED = 20;
/** The most an admin's overview lists at once. */
const MAX_PENDING_LISTED = 50;

/** "What is waiting for me?" and "what became of my requests?", for `/steward approvals`. */
export class ApprovalInbox {
  constructor(private readonly deps: WorkflowDeps) {}

  async overview(person: Person): Promise<ApprovalOverview> {
    const [waitingForYou, yourRequests] = await Promise.all([
      this.waitingFor(person),
      this.requestedBy(person),
    ]);
    return { waitingForYou, yourRequests };
  }

  async pending(
    workspace: Pick<Person, 'platform' | 'tenantId'>,
    listing: { readonly limit?: number } = {},
  ): Promise<PendingApprovals> {
    const limit = Math.min(Math.max(1, Math.floor(listing.limit ?? MAX_LISTED)), MAX_PENDING_LISTED);
    const now = this.deps.clock.now();
    const found: ApprovalRequest[] = [];
    let cursor: string | undefined;
    let scanned = 0;
    // One more than asked for tells whether there are more.
    do {
      const page = await this.deps.store.listByStatus('pending', {
        limit: 100,
        ...(cursor !== undefined ? { cursor } : {}),
      });
      found.push(
        ...page.requests.filter(
          (request) =>
            request.origin.platform === workspace.platform &&
            request.origin.tenantId === workspace.tenantId &&
            request.decideBy > now,
        ),
      );
      scanned += page.requests.length;
      cursor = page.cursor;
    } while (cursor !== undefined && scanned < MAX_PENDING_SCANNED && found.length <= limit);
    return {
      requests: await Promise.all(found.slice(0, limit).map((request) => this.summary(request))),
      more: found.length > limit || (cursor !== undefined && scanned >= MAX_PENDING_SCANNED),
    };
  }

  private async waitingFor(person: Person): Promise<ApprovalSummary[]> {
    const now = this.deps.clock.now();
    const waiting: ApprovalRequest[] = [];
    // Group answers are reused within one listing: many requests share the same approvers.
    const memberships = new Map<string, Promise<boolean>>();
    let cursor: string | undefined;
    let scanned = 0;
    do {
      const page = await this.deps.store.listByStatus('pending', {
        limit: 100,
        ...(cursor !== undefined ? { cursor } : {}),
      });
      for (const request of page.requests) {
        if (
          isSameWorkspace(person, request.origin) &&
          !samePerson(person, request.requester) &&
          request.decideBy > now &&
          !request.decisions.some((decision) => samePerson(decision.by, person))
        ) {
          const key = JSON.stringify(request.policy.approvers);
          let member = memberships.get(key);
          if (member === undefined) {
            member = isApprover(this.deps.groups, request.policy, person);
            memberships.set(key, member);
          }
          if (await member) {
            waiting.push(request);
          }
        }
      }
      scanned += page.requests.length;
      cursor = page.cursor;
    } while (cursor !== undefined && scanned < MAX_PENDING_SCANNED && waiting.length < MAX_LISTED);
    return Promise.all(waiting.slice(0, MAX_LISTED).map((request) => this.summary(request)));
  }

  private async requestedBy(person: Person): Promise<ApprovalSummary[]> {
    const page = await this.deps.store.listByRequester(person, { limit: 10 });
    return Promise.all(page.requests.map((request) => this.summary(request)));
  }

  private async summary(request: ApprovalRequest): Promise<ApprovalSummary> {
    const card = requestCard(request);
    const link = (await this.deps.store.cards(request.id)).find(
      (copy) => copy.permalink !== undefined,
    )?.permalink;
    return {
      id: request.id,
      title: request.action.title,
      status: request.status,
      parameters: card.parameters,
      requester: request.requester,
      approvals: { given: card.approvals.given.length, needed: card.approvals.needed },
      decideBy: request.decideBy,
      createdAt: request.createdAt,
      channelId: request.origin.channelId,
      ...(link !== undefined ? { link } : {}),
    };
  }
}

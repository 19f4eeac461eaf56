import type { RequestFollowUps } from '../workflow/request-follow-ups.js';
import type { WorkflowDeps } from '../workflow/workflow-deps.js';

export type ExpiryStep = { readonly kind: 'done' } | { readonly kind: 'later'; readonly at: Date };

/** Expires a request that is still pending at its deadline; decided requests are left alone. */
export class ExpiryRunner {
  constructor(
    private readonly deps: WorkflowDeps,
    private readonly followUps: RequestFollowUps,
  ) {}

  async run(requestId: string): Promise<ExpiryStep> {
    const request = await this.deps.store.get(requestId);
    if (request?.status !== 'pending') {
      return { kind: 'done' };
    }
    if (this.deps.clock.now().getTime() < request.decideBy.getTime()) {
      // Woken early (clocks differ between machines): wait for the real deadline.
      return { kind: 'later', at: request.decideBy };
    }
    await this.followUps.expireIfDue(request);
    return { kind: 'done' };
  }
}

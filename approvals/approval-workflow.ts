import type { ActionRequests } from '../src/ports/action-requests.js';
import type { ApprovalCardViews, ApprovalInteractions } from '../src/ports/approval-interactions.js';
import { ExecutionRunner } from './runners/execution-runner.js';
import { ExpiryRunner } from './runners/expiry-runner.js';
import { NoticeRunner } from './runners/notice-runner.js';
import { type JobRepair, Reconciler } from './runners/reconciler.js';
import { ApprovalInbox } from './workflow/approval-inbox.js';
import { CurrentCards } from './workflow/current-cards.js';
import { PolicyCheck } from './workflow/policy-check.js';
import { ApprovalInteractionHandler } from './workflow/interaction-handler.js';
import { ProposalService } from './workflow/proposals.js';
import { RecentRequests, RememberingApprovalStore } from './workflow/recent-requests.js';
import { RequestFollowUps } from './workflow/request-follow-ups.js';
import { ToolProposals } from './workflow/tool-proposals.js';
import type { WorkflowDeps, WorkflowOptions } from './workflow/workflow-deps.js';

export interface ApprovalWorkflow {
  /** For the conversation handlers: `run`, suggestions (the matcher's and the model's), `approvals`. */
  readonly requests: ActionRequests;
  /** For the chat adapters: card clicks. */
  readonly interactions: ApprovalInteractions;
  /** For the chat adapters that redraw a card when someone looks at it (Teams refresh). */
  readonly views: ApprovalCardViews;
  /** The queue's job processors. */
  readonly runners: {
    readonly execution: ExecutionRunner;
    readonly expiry: ExpiryRunner;
    readonly notice: NoticeRunner;
  };
  reconciler(jobs: JobRepair): Reconciler;
}

/** The platform-neutral approval workflow over its ports; the queue and the platforms plug in. */
export function createApprovalWorkflow(given: WorkflowDeps, options: WorkflowOptions): ApprovalWorkflow {
  // What this process wrote or read lately, so an approver's click need not read it again.
  const recent = new RecentRequests();
  const deps: WorkflowDeps = { ...given, store: new RememberingApprovalStore(given.store, recent) };
  const followUps = new RequestFollowUps(deps);
  const proposals = new ProposalService(deps, options);
  const toolProposals = new ToolProposals(deps, proposals);
  const inbox = new ApprovalInbox(deps);
  const policy = new PolicyCheck(deps, followUps);
  return {
    requests: {
      propose: (input) => proposals.propose(input),
      suggest: (message, citations, reads) => proposals.suggest(message, citations, reads),
      toolsFor: (message, reads) => toolProposals.toolsFor(message, reads),
      proposeToolCalls: (message, calls, context) => toolProposals.proposeToolCalls(message, calls, context),
      overview: (person) => inbox.overview(person),
      pending: (workspace, listing) => inbox.pending(workspace, listing),
    },
    interactions: new ApprovalInteractionHandler(deps, followUps, policy, recent),
    views: new CurrentCards(deps.store),
    runners: {
      execution: new ExecutionRunner(deps, policy, followUps),
      expiry: new ExpiryRunner(deps, followUps),
      notice: new NoticeRunner(deps),
    },
    reconciler: (jobs) => new Reconciler(deps, jobs, followUps),
  };
}

import type { Person } from '../approval-rules/approval-types.js';
import type { KnowledgeGapReport } from '../gaps/gap-report.js';
import type { ApprovalSummary, PendingApprovals } from '../ports/action-requests.js';
import type { StoredChannelSettings } from '../ports/channel-settings-store.js';

/** One page of the channels admins configured in the person's workspace. */
export interface ConfiguredChannelsPage {
  readonly items: readonly StoredChannelSettings[];
  /** Present when more channels follow; pass it back to see them. */
  readonly cursor?: string;
}

/** What a person's approvals look like from where they stand. */
export interface PersonalApprovals {
  /** Pending requests this person may decide and has not decided yet. */
  readonly waitingForYou: readonly ApprovalSummary[];
  /** This person's own recent requests, newest first. */
  readonly yourRequests: readonly ApprovalSummary[];
}

/**
 * What Steward shows a person on its home page (Slack's App Home): admins see the channels
 * configured in their workspace and everything pending there; everyone sees what waits for
 * them and what became of their own requests. `approvals` is absent when the service runs no
 * approval workflow.
 */
export type HomeOverview =
  | {
      readonly kind: 'admin';
      readonly channels: ConfiguredChannelsPage;
      readonly pending?: PendingApprovals;
      readonly approvals?: PersonalApprovals;
      /** What Steward could not answer in the workspace's channels lately. */
      readonly gaps?: KnowledgeGapReport;
      readonly yourGaps?: KnowledgeGapReport;
    }
  | {
      readonly kind: 'member';
      readonly approvals?: PersonalApprovals;
      /** What Steward could not answer in the person's own private conversations lately. */
      readonly yourGaps?: KnowledgeGapReport;
    };

export interface HomeOverviewRequest {
  readonly person: Person;
  /** The channels page to show (admins); the first when absent. */
  readonly channelsCursor?: string;
}

import type { ApprovalRequest } from '../../src/approval-rules/approval-types.js';
import type { Clock } from '../../src/clock.js';
import type { Logger } from '../../src/logger.js';
import type { ActionCatalogue } from '../../src/ports/action-catalogue.js';
import type { ApprovalStore } from '../../src/ports/approval-store.js';
import type { AuditLog } from '../../src/ports/audit-log.js';
import type { ChannelSettingsReader } from '../../src/ports/channel-settings-reader.js';
import type { ConversationStore } from '../../src/ports/conversation-store.js';
import type { GroupDirectory } from '../../src/ports/group-directory.js';
import type { ApprovalMessengers } from './approval-messengers.js';
import type { DecisionRecord } from './decision-record.js';

/**
 * The work the workflow hands to its queue. Every job is keyed by the request id, so scheduling
 * the same work twice (two clicks, a reconciliation pass) leaves one job.
 */
/** A card copy by its place: the request says which platform and workspace. */
export interface DrawnCopy {
  readonly channelId: string;
  readonly messageId: string;
}

export interface ApprovalJobs {
  /**
   * Run the approved request's action (retried with backoff on retryable failures). `approved`,
   * the request exactly as just stored, rides with the job so the worker need not read it first;
   * so does `decision`, the approval's audit record, which the worker writes after the call.
   */
  execute(requestId: string, approved?: ApprovalRequest, decision?: DecisionRecord): Promise<void>;
  /** Expire the request at its decision deadline unless it was decided by then. */
  expireAt(requestId: string, at: Date): Promise<void>;
  /**
   * Bring every card copy up to date; post the outcome in the thread when `postOutcome`. `drawn`
   * is a copy the click that made this version already shows it on (see RequestFollowUps.notify).
   */
  notify(requestId: string, version: number, postOutcome: boolean, drawn?: DrawnCopy): Promise<void>;
}

export interface WorkflowDeps {
  readonly store: ApprovalStore;
  readonly catalogue: ActionCatalogue;
  readonly settings: ChannelSettingsReader;
  readonly groups: GroupDirectory;
  readonly audit: AuditLog;
  /** For the conversation excerpt shown as evidence. */
  readonly conversations: ConversationStore;
  readonly jobs: ApprovalJobs;
  readonly messengers: ApprovalMessengers;
  readonly clock: Clock;
  readonly logger: Logger;
}

export interface WorkflowOptions {
  /** How long a proposal card can be confirmed. */
  readonly proposalMinutes: number;
}

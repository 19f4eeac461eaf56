import type { ActionProposal, ApprovalRequest, Person } from '../../src/approval-rules/approval-types.js';
import { channelKeyOf } from '../../src/channels/channel-key.js';
import type { Logger } from '../../src/logger.js';
import type { AuditActor, AuditLog } from '../../src/ports/audit-log.js';

/** Audited by directory id where the platform has one (Teams: the Entra object id admins look people up by). */
export function personActor(person: Person): AuditActor {
  return {
    kind: 'user',
    id: person.directoryId ?? person.userId,
    platform: person.platform,
    ...(person.organisation === 'external' ? { organisation: 'external' as const } : {}),
  };
}

export const WORKER_ACTOR: AuditActor = { kind: 'system', id: 'approval-worker' };

/**
 * Writes one audit record about a proposal or request, in its origin channel. A failed audit
 * write is logged as an error with the whole record, so nothing is lost without a trace, but it
 * does not undo a decision that is already stored.
 */
export async function auditApproval(
  audit: AuditLog,
  logger: Logger,
  entry: {
    readonly action: string;
    readonly actor: AuditActor;
    readonly subject: ApprovalRequest | ActionProposal;
    readonly details?: Readonly<Record<string, unknown>>;
    /**
     * When it happened, if not now: a record written after the work it describes was handed on
     * (the decision after its execution was queued) keeps the time of the change it records, so
     * the log's order stays the order of events.
     */
    readonly at?: Date;
    /** With `at`: a record its writers may write more than once, stored once (NewAuditRecord.id). */
    readonly id?: string;
  },
): Promise<void> {
  const subject = entry.subject;
  const details = {
    actionId: subject.action.actionId,
    parametersHash: subject.action.parametersHash,
    ...('status' in subject ? { status: subject.status, version: subject.version } : {}),
    ...entry.details,
  };
  try {
    await audit.record({
      actor: entry.actor,
      action: entry.action,
      channel: channelKeyOf(subject.origin),
      subjectId: subject.id,
      details,
      ...(entry.at !== undefined ? { at: entry.at } : {}),
      ...(entry.id !== undefined ? { id: entry.id } : {}),
      // The details carry the reason and parameters, which may quote people.
      ...(subject.quotes !== undefined && subject.quotes.length > 0
        ? { quotes: subject.quotes.map((quote) => ({ platform: subject.origin.platform, ...quote })) }
        : {}),
    });
  } catch (error) {
    logger.error(
      { err: error, audit: { action: entry.action, subjectId: subject.id, details } },
      'audit record not written',
    );
  }
}

import type { ChannelKey } from '../channels/channel-key.js';
import type { OrganisationRelation, Platform } from '../conversation/types.js';

/** Who did something: a person on a platform, an admin API client, an operator, or the service. */
export interface AuditActor {
  readonly kind: 'user' | 'admin-api' | 'cli' | 'system';
  /** Platform user id, API token name, operator name, or the component for `system`. */
  readonly id: string;
  readonly platform?: Platform;
  /**
   * Present for a person of another organisation (see OrganisationRelation), who is never an
   * admin; absent for members and for everyone who is not a chat user.
   */
  readonly organisation?: 'external';
}

/** A person on a chat platform as an actor; one of another organisation is marked as such. */
export function personActor(
  platform: Platform,
  id: string,
  organisation?: OrganisationRelation,
): AuditActor {
  return { kind: 'user', id, platform, ...(organisation === 'external' ? { organisation } : {}) };
}

/**
 * One audited event. `action` is `<area>.<event>` in lower case (`approval.requested`,
 * `approval.decided`, `action.executed`, `settings.changed`, `admin.refused`...), so records
 * can be filtered by prefix.
 */
export interface AuditRecord {
  readonly id: string;
  readonly at: Date;
  readonly actor: AuditActor;
  readonly action: string;
  /** The channel it happened in or concerns, when there is one. */
  readonly channel?: ChannelKey;
  /** The thing acted on: an approval request id, a settings key... */
  readonly subjectId?: string;
  /** JSON-serialisable detail: before/after values, reasons, outcomes. Never secrets. */
  readonly details: Readonly<Record<string, unknown>>;
}

export type NewAuditRecord = Omit<AuditRecord, 'id' | 'at'> & {
  readonly at?: Date;
  /**
   * An id the writer derives from what it records, given with `at`: the same record written again
   * (a retried job, a repair) is then stored once, the first write standing. A new id otherwise.
   */
  readonly id?: string;
  /**
   * People the details quote without being the actor ("grant access to @alice"), in the forms
   * they are quoted in: indexed so that erasing them finds the record. Not part of the record.
   */
  readonly quotes?: readonly AuditQuote[];
};

export interface AuditQuote {
  readonly platform: Platform;
  readonly userId: string;
  readonly quotedAs: readonly string[];
}

export interface AuditQuery {
  /** Only this channel's records; all channels when absent. */
  readonly channel?: ChannelKey;
  /** Inclusive lower bound. */
  readonly from?: Date;
  /** Exclusive upper bound. */
  readonly to?: Date;
  /** Only actions starting with this prefix, e.g. `approval.`. */
  readonly actionPrefix?: string;
  readonly limit?: number;
  /** Opaque position returned by the previous page. */
  readonly cursor?: string;
}

export interface AuditPage {
  /** Oldest first. */
  readonly records: readonly AuditRecord[];
  /** Present when more records match. */
  readonly cursor?: string;
}

/** An append-only record of everything that matters for governance. */
export interface AuditLog {
  record(entry: NewAuditRecord): Promise<AuditRecord>;
  list(query: AuditQuery): Promise<AuditPage>;
}

import type { AuditRecord } from './audit-log.js';
import type { ConversationRef, Platform } from '../conversation/types.js';

/** One person, as the platform names them. The same id across a platform's workspaces or tenants. */
export interface PersonRef {
  readonly platform: Platform;
  readonly userId: string;
  /**
   * The same person's other ids on the platform, searched and replaced too. Teams: their
   * Microsoft Entra object id, by which approvals and their audit records name them.
   */
  readonly otherIds?: readonly string[];
}

/** Every id the person is stored under. */
export function idsOf(person: PersonRef): readonly string[] {
  return [...new Set([person.userId, ...(person.otherIds ?? [])])];
}

/** A question the person asked and what Steward answered. */
export interface ExportedTurn {
  readonly conversation: ConversationRef;
  readonly turnId: string;
  readonly at: string;
  readonly question: string;
  readonly answer: string;
  readonly found: boolean;
  readonly feedback?: { readonly rating: 'up' | 'down'; readonly at: string };
}

/** A rating the person gave to someone else's answer. */
export interface ExportedFeedback {
  readonly conversation: ConversationRef;
  readonly turnId: string;
  readonly rating: 'up' | 'down';
  readonly at: string;
}

/** Everything stored about one person, as JSON-ready values. */
export interface PersonalDataExport {
  readonly person: PersonRef;
  readonly turns: readonly ExportedTurn[];
  readonly feedback: readonly ExportedFeedback[];
  /** Audit records of what the person did (approval requests and decisions, settings changes...). */
  readonly auditRecords: readonly AuditRecord[];
}

/** How many records an erasure removed or pseudonymised; never their content. */
export interface ErasureCounts {
  /** The person's questions and the answers to them. */
  readonly turns: number;
  /** Ratings they gave to others' answers, removed. */
  readonly feedback: number;
  /** Knowledge-gap copies of their turns. */
  readonly gaps: number;
  /** Conversation summaries that may have held their words, dropped. */
  readonly summaries: number;
  /** Audit records kept with the person replaced by their pseudonym. */
  readonly auditRecords: number;
  /** Approval proposals and requests kept with the person replaced by their pseudonym. */
  readonly approvals: number;
  /** Addresses that reached the person privately (a Teams personal chat), deleted. */
  readonly addresses: number;
}

/**
 * Finds what is stored about one person across every conversation without reading the whole
 * store, exports it, and erases it. Governance records (audit, approvals) are kept with the
 * person replaced by `pseudonym`; everything else holding their words or id is deleted.
 */
export interface PersonalRecords {
  export(person: PersonRef): Promise<PersonalDataExport>;
  erase(person: PersonRef, pseudonym: string): Promise<ErasureCounts>;
}

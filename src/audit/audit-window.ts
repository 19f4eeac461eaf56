import { UserFacingError } from '../errors.js';
import type { AuditQuery, AuditRecord } from '../ports/audit-log.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Listing all channels without a start looks back this far. */
export const DEFAULT_AUDIT_LOOKBACK_DAYS = 30;
/** One listing spans at most this many days (each day is one index partition to read). */
export const MAX_AUDIT_SPAN_DAYS = 400;
export const DEFAULT_AUDIT_PAGE = 100;
export const MAX_AUDIT_PAGE = 1000;

export interface AuditWindow {
  readonly from: Date;
  readonly to: Date;
  readonly limit: number;
  /** Records strictly after this position (see auditPosition) are returned. */
  readonly after?: string;
}

/** Where a record sorts: time first, the id breaking ties, so pages never skip or repeat one. */
export function auditPosition(record: Pick<AuditRecord, 'at' | 'id'>): string {
  return `${record.at.toISOString()}#${record.id}`;
}

/** The bounds every AuditLog implementation applies to a query, so they all page alike. */
export function resolveAuditWindow(query: AuditQuery, now: Date): AuditWindow {
  const to = query.to ?? new Date(now.getTime() + 1);
  const from = query.from ?? new Date(to.getTime() - DEFAULT_AUDIT_LOOKBACK_DAYS * DAY_MS);
  if (from.getTime() >= to.getTime()) {
    throw new UserFacingError('INPUT_INVALID', 'The start of the audit range must be before its end.');
  }
  if (to.getTime() - from.getTime() > MAX_AUDIT_SPAN_DAYS * DAY_MS) {
    throw new UserFacingError('INPUT_INVALID', `An audit listing spans at most ${MAX_AUDIT_SPAN_DAYS} days.`);
  }
  const limit = Math.min(Math.max(1, query.limit ?? DEFAULT_AUDIT_PAGE), MAX_AUDIT_PAGE);
  return { from, to, limit, ...(query.cursor !== undefined ? { after: decodeCursor(query.cursor) } : {}) };
}

export function encodeCursor(position: string): string {
  return Buffer.from(position, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  const position = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#.+$/.test(position)) {
    throw new UserFacingError('INPUT_INVALID', 'The audit cursor is not one this service returned.');
  }
  return position;
}

/** The UTC days (yyyy-mm-dd) the window touches, oldest first. */
export function daysOf(window: Pick<AuditWindow, 'from' | 'to'>): string[] {
  const days: string[] = [];
  const last = new Date(window.to.getTime() - 1).toISOString().slice(0, 10);
  for (let day = new Date(window.from.toISOString().slice(0, 10)); ; day = new Date(day.getTime() + DAY_MS)) {
    const name = day.toISOString().slice(0, 10);
    days.push(name);
    if (name >= last) {
      return days;
    }
  }
}

/** A copy whose details survive JSON as stored (dates become strings, undefined disappears). */
export function jsonSafeDetails(details: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(details)) as Record<string, unknown>;
}

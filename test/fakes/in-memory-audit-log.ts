import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../../src/clock.js';
import { sameChannel } from '../../src/channels/channel-key.js';
import {
  auditPosition,
  encodeCursor,
  jsonSafeDetails,
  resolveAuditWindow,
} from '../../src/audit/audit-window.js';
import type {
  AuditLog,
  AuditPage,
  AuditQuery,
  AuditRecord,
  NewAuditRecord,
} from '../../src/ports/audit-log.js';

/** A working AuditLog in memory, paging exactly as the DynamoDB one does. */
export class InMemoryAuditLog implements AuditLog {
  private readonly records: AuditRecord[] = [];

  constructor(private readonly clock: Clock = systemClock) {}

  record(entry: NewAuditRecord): Promise<AuditRecord> {
    const { at, ...rest } = entry;
    const record: AuditRecord = {
      ...rest,
      id: randomUUID(),
      at: at ?? this.clock.now(),
      details: jsonSafeDetails(entry.details),
    };
    this.records.push(record);
    return Promise.resolve(structuredClone(record));
  }

  list(query: AuditQuery): Promise<AuditPage> {
    try {
      return Promise.resolve(this.listNow(query));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private listNow(query: AuditQuery): AuditPage {
    const window = resolveAuditWindow(query, this.clock.now());
    const matching = this.records
      .filter((record) => record.at >= window.from && record.at < window.to)
      .filter(
        (record) =>
          query.channel === undefined || (record.channel && sameChannel(record.channel, query.channel)),
      )
      .filter((record) => query.actionPrefix === undefined || record.action.startsWith(query.actionPrefix))
      .filter((record) => window.after === undefined || auditPosition(record) > window.after)
      .sort((a, b) => (auditPosition(a) < auditPosition(b) ? -1 : 1));
    const page = matching.slice(0, window.limit).map((record) => structuredClone(record));
    const last = page.at(-1);
    return matching.length > window.limit && last
      ? { records: page, cursor: encodeCursor(auditPosition(last)) }
      : { records: page };
  }

  /** Every record, for assertions. */
  all(): readonly AuditRecord[] {
    return this.records.map((record) => structuredClone(record));
  }
}

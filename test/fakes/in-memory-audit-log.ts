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
import { pseudonymiseValue } from '../../src/privacy/pseudonymise-value.js';

/** A working AuditLog in memory, paging exactly as the DynamoDB one does. */
export class InMemoryAuditLog implements AuditLog {
  private readonly records: AuditRecord[] = [];

  constructor(private readonly clock: Clock = systemClock) {}

  record(entry: NewAuditRecord): Promise<AuditRecord> {
    const { at, id, quotes: _quotes, ...rest } = entry;
    const record: AuditRecord = {
      ...rest,
      id: id ?? randomUUID(),
      at: at ?? this.clock.now(),
      details: jsonSafeDetails(entry.details),
    };
    // Keyed like the DynamoDB one, by time and id: the first write of a given key stands.
    const written = this.records.find((existing) => auditPosition(existing) === auditPosition(record));
    if (written !== undefined) {
      return Promise.resolve(structuredClone(record));
    }
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

  /** Records whose actor is one of the person's ids (PersonalRecords' export). */
  byActor(platform: string, ids: ReadonlySet<string>): AuditRecord[] {
    return this.records
      .filter((record) => record.actor.kind === 'user' && record.actor.platform === platform && ids.has(record.actor.id))
      .map((record) => structuredClone(record));
  }

  /** Replaces the person by the pseudonym in every record naming them as actor; returns how many. */
  pseudonymise(platform: string, ids: readonly string[], pseudonym: string): number {
    let changed = 0;
    this.records.forEach((record, index) => {
      if (record.actor.kind !== 'user' || record.actor.platform !== platform || !ids.includes(record.actor.id)) {
        return;
      }
      const { at, ...rest } = record;
      const replaced = ids.reduce<unknown>((value, id) => pseudonymiseValue(value, id, pseudonym), rest);
      this.records[index] = { ...(replaced as Omit<AuditRecord, 'at'>), at };
      changed += 1;
    });
    return changed;
  }

  /** Every record, for assertions. */
  all(): readonly AuditRecord[] {
    return this.records.map((record) => structuredClone(record));
  }
}

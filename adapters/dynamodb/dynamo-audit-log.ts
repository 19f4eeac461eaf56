import { randomUUID } from 'node:crypto';
import {
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { Clock } from '../../src/clock.js';
import { channelKeyString } from '../../src/channels/channel-key.js';
import {
  auditPosition,
  daysOf,
  encodeCursor,
  jsonSafeDetails,
  resolveAuditWindow,
  type AuditWindow,
} from '../../src/audit/audit-window.js';
import { StewardError } from '../../src/errors.js';
import type {
  AuditLog,
  AuditPage,
  AuditQuery,
  AuditRecord,
  NewAuditRecord,
} from '../../src/ports/audit-log.js';
import { cancellationCodes, isConditionalCheckFailed, toDependencyError } from './dynamo-errors.js';
import { auditPointerItem } from './person-index.js';
import { GSI1, PARTITION_KEY, SORT_KEY, auditDayGsiPk, auditPk } from './table-design.js';

export interface DynamoAuditLogOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly clock: Clock;
}

const platformSchema = z.enum(['slack', 'teams', 'cli']);
const recordItemSchema = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.object({
    kind: z.enum(['user', 'admin-api', 'cli', 'system']),
    id: z.string(),
    platform: platformSchema.optional(),
    organisation: z.literal('external').optional(),
  }),
  action: z.string(),
  channel: z.object({ platform: platformSchema, tenantId: z.string(), channelId: z.string() }).optional(),
  subjectId: z.string().optional(),
  details: z.record(z.string(), z.unknown()),
});

/**
 * Audit records, append-only. Each record lives in its channel's partition (sort key: time and id),
 * so one channel's history is one Query; GSI1 holds the same record under its UTC day, so a time
 * range across all channels reads one index partition per day. Records never expire.
 */
/** A transaction holds 100 items: the record and at most this many pointers. */
const MAX_POINTERS = 99;

export class DynamoAuditLog implements AuditLog {
  constructor(private readonly options: DynamoAuditLogOptions) {}

  async record(entry: NewAuditRecord): Promise<AuditRecord> {
    const { at, id, quotes: _quotes, ...rest } = entry;
    const record: AuditRecord = {
      ...rest,
      id: id ?? randomUUID(),
      at: at ?? this.options.clock.now(),
      details: jsonSafeDetails(entry.details),
    };
    const position = auditPosition(record);
    const pk = auditPk(record.channel && channelKeyString(record.channel));
    const put = {
      TableName: this.options.tableName,
      Item: {
        [PARTITION_KEY]: pk,
        [SORT_KEY]: position,
        [GSI1.partitionKey]: auditDayGsiPk(record.at.toISOString().slice(0, 10)),
        [GSI1.sortKey]: position,
        entity: 'audit',
        ...record,
        at: record.at.toISOString(),
      },
      // A record is written once; an id collision must never overwrite history.
      ConditionExpression: 'attribute_not_exists(#pk)',
      ExpressionAttributeNames: { '#pk': PARTITION_KEY },
    };
    const actor = record.actor.kind === 'user' && record.actor.platform !== undefined
      ? { platform: record.actor.platform, userId: record.actor.id }
      : undefined;
    const target = { pk, sk: position, recordId: record.id };
    const pointers = [
      ...(actor !== undefined ? [auditPointerItem(actor, target)] : []),
      ...(entry.quotes ?? [])
        .filter((quote) => actor === undefined || quote.platform !== actor.platform || quote.userId !== actor.userId)
        .map((quote) => ({ ...auditPointerItem(quote, target), quotedAs: [...quote.quotedAs] })),
    ];
    try {
      if (pointers.length === 0) {
        await this.options.client.send(new PutCommand(put));
      } else {
        // A record naming or quoting people is written with its pointer in each one's index, in
        // one transaction, so an erasure finds every one of them (docs/data-model.md, "People").
        await this.options.client.send(
          new TransactWriteCommand({
            TransactItems: [{ Put: put }, ...pointers.slice(0, MAX_POINTERS).map((Item) => ({ Put: { TableName: this.options.tableName, Item } }))],
          }),
        );
      }
    } catch (error) {
      // A record written again under the id its writer derived is already there, pointers included.
      const duplicate = isConditionalCheckFailed(error) || cancellationCodes(error)?.[0] === 'ConditionalCheckFailed';
      if (id !== undefined && at !== undefined && duplicate) {
        return record;
      }
      throw toDependencyError(pointers.length === 0 ? 'PutItem' : 'TransactWriteItems', error);
    }
    return record;
  }

  async list(query: AuditQuery): Promise<AuditPage> {
    const window = resolveAuditWindow(query, this.options.clock.now());
    const records: AuditRecord[] = [];
    // One more than asked for tells whether another page exists.
    const wanted = window.limit + 1;
    if (query.channel !== undefined) {
      await this.collect(
        records,
        wanted,
        window,
        this.channelQuery(channelKeyString(query.channel), window, query.actionPrefix),
      );
    } else {
      for (const day of daysOf(window)) {
        await this.collect(records, wanted, window, this.dayQuery(day, window, query.actionPrefix));
        if (records.length >= wanted) {
          break;
        }
      }
    }
    const page = records.slice(0, window.limit);
    const last = page.at(-1);
    return records.length > window.limit && last
      ? { records: page, cursor: encodeCursor(auditPosition(last)) }
      : { records: page };
  }

  private channelQuery(channelKey: string, window: AuditWindow, actionPrefix?: string): QueryCommandInput {
    return this.rangeQuery(
      { pkName: PARTITION_KEY, skName: SORT_KEY, pk: auditPk(channelKey) },
      window,
      actionPrefix,
    );
  }

  private dayQuery(day: string, window: AuditWindow, actionPrefix?: string): QueryCommandInput {
    return {
      ...this.rangeQuery(
        { pkName: GSI1.partitionKey, skName: GSI1.sortKey, pk: auditDayGsiPk(day) },
        window,
        actionPrefix,
      ),
      IndexName: GSI1.name,
    };
  }

  private rangeQuery(
    key: { pkName: string; skName: string; pk: string },
    window: AuditWindow,
    actionPrefix: string | undefined,
  ): QueryCommandInput {
    // Positions are `<ISO time>#<id>`: everything from `from` sorts at or after its ISO string, and
    // everything before `to` sorts before its ISO string.
    const lower = window.after ?? window.from.toISOString();
    return {
      TableName: this.options.tableName,
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :lower AND :upper',
      ...(actionPrefix !== undefined ? { FilterExpression: 'begins_with(#action, :prefix)' } : {}),
      ExpressionAttributeNames: {
        '#pk': key.pkName,
        '#sk': key.skName,
        ...(actionPrefix !== undefined ? { '#action': 'action' } : {}),
      },
      ExpressionAttributeValues: {
        ':pk': key.pk,
        ':lower': lower,
        ':upper': window.to.toISOString(),
        ...(actionPrefix !== undefined ? { ':prefix': actionPrefix } : {}),
      },
    };
  }

  /** Reads pages of `input` until `records` holds `wanted` records or the query is exhausted. */
  private async collect(
    records: AuditRecord[],
    wanted: number,
    window: AuditWindow,
    input: QueryCommandInput,
  ): Promise<void> {
    let startKey: Record<string, unknown> | undefined;
    do {
      let page;
      try {
        page = await this.options.client.send(
          new QueryCommand({
            ...input,
            Limit: wanted - records.length,
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          }),
        );
      } catch (error) {
        throw toDependencyError('Query', error);
      }
      for (const item of page.Items ?? []) {
        const record = fromItem(item);
        // BETWEEN is inclusive at both ends: drop the cursor's own record and records at `to`.
        if ((window.after === undefined || auditPosition(record) > window.after) && record.at < window.to) {
          records.push(record);
        }
      }
      startKey = page.LastEvaluatedKey as Record<string, unknown> | undefined;
    } while (startKey !== undefined && records.length < wanted);
  }
}

/** An audit record as stored (also read back by the person index's export and erasure). */
export function auditRecordFromItem(item: Record<string, unknown>): AuditRecord {
  return fromItem(item);
}

function fromItem(item: Record<string, unknown>): AuditRecord {
  const parsed = recordItemSchema.safeParse(item);
  if (!parsed.success) {
    throw new StewardError('INTERNAL', 'Malformed audit record in DynamoDB', { cause: parsed.error });
  }
  const { at, channel, subjectId, actor, ...rest } = parsed.data;
  return {
    ...rest,
    at: new Date(at),
    actor: {
      kind: actor.kind,
      id: actor.id,
      ...(actor.platform !== undefined ? { platform: actor.platform } : {}),
      ...(actor.organisation !== undefined ? { organisation: actor.organisation } : {}),
    },
    ...(channel !== undefined ? { channel } : {}),
    ...(subjectId !== undefined ? { subjectId } : {}),
  };
}

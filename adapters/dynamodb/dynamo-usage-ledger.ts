import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type ChannelKey, channelKeyString } from '../../src/channels/channel-key.js';
import {
  NO_USAGE,
  type UsageDay,
  type UsageEntry,
  type UsageLedger,
  type UsageScope,
  type UsageTotals,
  totalsOfEntry,
  usageDayOf,
  usageMonthOf,
} from '../../src/ports/usage-ledger.js';
import { toDependencyError } from './dynamo-errors.js';
import { toEpochSeconds } from './expiry.js';
import { queryAll } from './query-all.js';
import { EXPIRES_AT, PARTITION_KEY, SORT_KEY, USAGE_DAY_SK_PREFIX, usagePk } from './table-design.js';

export interface DynamoUsageLedgerOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** How long usage is kept after its month ends, for chargeback and year-on-year reports. */
  readonly keepDays?: number;
}

const DEFAULT_KEEP_DAYS = 400;

/**
 * Token use in one partition per month (`USAGE#<YYYY-MM>`): an item per channel, model and day
 * for reports, and running totals per channel and per cost centre for budget checks. Each is
 * added to with its own `ADD` update: DynamoDB applies concurrent updates of one item one after
 * the other, so every instance's turns are counted, where a transaction over the same hot totals
 * would fail whenever two turns of a channel ended together. A budget check is one consistent read.
 */
export class DynamoUsageLedger implements UsageLedger {
  constructor(private readonly options: DynamoUsageLedgerOptions) {}

  async record(entry: UsageEntry): Promise<void> {
    const month = usageMonthOf(entry.at);
    const pk = usagePk(month);
    const expiresAt = toEpochSeconds(this.expiryOf(month));
    const day = usageDayOf(entry.at);
    const dayItem = {
      sk: `${USAGE_DAY_SK_PREFIX}${day}#${channelKeyString(entry.channel)}#${encodeURIComponent(entry.modelId)}`,
      set: {
        day,
        platform: entry.channel.platform,
        tenantId: entry.channel.tenantId,
        channelId: entry.channel.channelId,
        modelId: entry.modelId,
        ...(entry.costCentre !== undefined ? { costCentre: entry.costCentre } : {}),
      },
    };
    const totals = [
      { sk: totalSk({ channel: entry.channel }), set: {} },
      ...(entry.costCentre !== undefined ? [{ sk: totalSk({ costCentre: entry.costCentre }), set: {} }] : []),
    ];
    try {
      await Promise.all(
        [dayItem, ...totals].map(({ sk, set }) =>
          this.options.client.send(
            new UpdateCommand({ TableName: this.options.tableName, Key: { [PARTITION_KEY]: pk, [SORT_KEY]: sk }, ...addition(entry, set, expiresAt) }),
          ),
        ),
      );
    } catch (error) {
      throw toDependencyError('UpdateItem', error);
    }
  }

  async monthTotals(month: string, scope: UsageScope): Promise<UsageTotals> {
    try {
      const { Item } = await this.options.client.send(
        new GetCommand({
          TableName: this.options.tableName,
          Key: { [PARTITION_KEY]: usagePk(month), [SORT_KEY]: totalSk(scope) },
          // Consistent, so a budget check sees every turn recorded before it, by any instance.
          ConsistentRead: true,
        }),
      );
      return Item === undefined ? NO_USAGE : totalsOf(Item);
    } catch (error) {
      throw toDependencyError('GetItem', error);
    }
  }

  async monthDays(month: string): Promise<UsageDay[]> {
    try {
      const items = await queryAll(this.options.client, {
        TableName: this.options.tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :day)',
        ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#sk': SORT_KEY },
        ExpressionAttributeValues: { ':pk': usagePk(month), ':day': USAGE_DAY_SK_PREFIX },
      });
      return items.map((item) => {
        const channel: ChannelKey = {
          platform: item.platform as ChannelKey['platform'],
          tenantId: String(item.tenantId),
          channelId: String(item.channelId),
        };
        return {
          day: String(item.day),
          channel,
          modelId: String(item.modelId),
          ...(typeof item.costCentre === 'string' ? { costCentre: item.costCentre } : {}),
          ...totalsOf(item),
        };
      });
    } catch (error) {
      throw toDependencyError('Query', error);
    }
  }

  /** The end of the month plus the keeping period. */
  private expiryOf(month: string): Date {
    const [year, monthNumber] = month.split('-').map(Number);
    const end = Date.UTC(year ?? 1970, monthNumber ?? 1, 1);
    return new Date(end + (this.options.keepDays ?? DEFAULT_KEEP_DAYS) * 24 * 60 * 60 * 1000);
  }
}

function totalSk(scope: UsageScope): string {
  return 'channel' in scope ? `TOTAL#CHANNEL#${channelKeyString(scope.channel)}` : `TOTAL#COST_CENTRE#${encodeURIComponent(scope.costCentre)}`;
}

/** ADD the entry's counts to an item, setting its descriptive attributes on the way. */
function addition(entry: UsageEntry, set: Record<string, string>, expiresAt: number) {
  const names: Record<string, string> = { '#in': 'inputTokens', '#out': 'outputTokens', '#cost': 'costUsd', '#turns': 'turns', '#unpriced': 'unpricedTurns', '#exp': EXPIRES_AT };
  const added = totalsOfEntry(entry);
  const values: Record<string, unknown> = {
    ':in': added.inputTokens,
    ':out': added.outputTokens,
    ':cost': added.costUsd,
    ':one': added.turns,
    ':unpriced': added.unpricedTurns,
    ':exp': expiresAt,
  };
  const sets = ['#exp = :exp'];
  for (const [name, value] of Object.entries(set)) {
    names[`#${name}`] = name;
    values[`:${name}`] = value;
    sets.push(`#${name} = :${name}`);
  }
  return {
    UpdateExpression: `SET ${sets.join(', ')} ADD #in :in, #out :out, #cost :cost, #turns :one, #unpriced :unpriced`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

function totalsOf(item: Record<string, unknown>): UsageTotals {
  return {
    inputTokens: Number(item.inputTokens ?? 0),
    outputTokens: Number(item.outputTokens ?? 0),
    costUsd: Math.round(Number(item.costUsd ?? 0) * 1_000_000) / 1_000_000,
    turns: Number(item.turns ?? 0),
    unpricedTurns: Number(item.unpricedTurns ?? 0),
  };
}

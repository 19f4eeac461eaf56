import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { channelKeyString } from '../../src/channels/channel-key.js';
import type { Clock } from '../../src/clock.js';
import { isKnowledgeGap } from '../../src/gaps/knowledge-gap.js';
import type {
  ChannelGapQuery,
  GapListing,
  KnowledgeGapIndex,
  PersonalGapQuery,
  RecordedGap,
} from '../../src/ports/knowledge-gap-index.js';
import { toDependencyError } from './dynamo-errors.js';
import { nowInEpochSeconds } from './expiry.js';
import { fromGapItem, gapMonth } from './gap-item.js';
import { EXPIRES_AT, GSI1, channelGapsGsiPk, personalGapsGsiPk } from './table-design.js';

export interface DynamoKnowledgeGapIndexOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Decides which gaps have expired; DynamoDB's own TTL deletion is too late to rely on. */
  readonly clock: Clock;
}

const NAMES = { '#pk': GSI1.partitionKey, '#sk': GSI1.sortKey, '#exp': EXPIRES_AT } as const;

/**
 * Lists the gap copies the conversation store writes (see docs/data-model.md): channel gaps from
 * GSI1's month partitions, newest month first; a person's private gaps from their own partition.
 * GSI reads are eventually consistent: a gap shows within moments of the refusal or the 👎.
 */
export class DynamoKnowledgeGapIndex implements KnowledgeGapIndex {
  constructor(private readonly options: DynamoKnowledgeGapIndexOptions) {}

  async channelGaps(query: ChannelGapQuery): Promise<GapListing> {
    const found: RecordedGap[] = [];
    for (const month of monthsNewestFirst(query.since, query.until)) {
      const pk = channelGapsGsiPk(month);
      const { scope } = query;
      if (scope.kind === 'channel') {
        // One key range per month, read newest first: stop as soon as the limit is passed.
        const prefix = `${channelKeyString(scope.channel)}#`;
        await this.read(
          {
            KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
            ExpressionAttributeValues: {
              ':pk': pk,
              ':from': `${prefix}${query.since.toISOString()}`,
              ':to': `${prefix}${query.until.toISOString()}`,
            },
            ScanIndexForward: false,
          },
          query,
          found,
        );
      } else {
        // A workspace's (or every) channel of a month: sorted by channel, so the whole month is read.
        const prefix =
          scope.kind === 'workspace'
            ? `${[scope.platform, scope.tenantId].map(encodeURIComponent).join('#')}#`
            : '';
        await this.read(
          {
            KeyConditionExpression: prefix === '' ? '#pk = :pk' : '#pk = :pk AND begins_with(#sk, :prefix)',
            ExpressionAttributeValues: { ':pk': pk, ...(prefix === '' ? {} : { ':prefix': prefix }) },
          },
          query,
          found,
          Infinity,
        );
      }
      // Every older month holds only older gaps: enough are found.
      if (found.length > query.limit) {
        break;
      }
    }
    return listing(found, query.limit);
  }

  async personalGaps(query: PersonalGapQuery): Promise<GapListing> {
    const found: RecordedGap[] = [];
    await this.read(
      {
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': personalGapsGsiPk(query.platform, query.tenantId, query.userId),
          ':from': query.since.toISOString(),
          ':to': query.until.toISOString(),
        },
        ScanIndexForward: false,
      },
      query,
      found,
    );
    return listing(found, query.limit);
  }

  /**
   * Pages through one query, keeping live gaps inside the window, until more than `limit` are
   * held (one more tells that the listing is truncated) or `stopAfter` says read on.
   */
  private async read(
    input: Pick<
      QueryCommandInput,
      'KeyConditionExpression' | 'ExpressionAttributeValues' | 'ScanIndexForward'
    >,
    window: { readonly since: Date; readonly until: Date; readonly limit: number },
    found: RecordedGap[],
    stopAfter = window.limit,
  ): Promise<void> {
    const { client, tableName, clock } = this.options;
    let startKey: Record<string, unknown> | undefined;
    do {
      let page;
      try {
        page = await client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: GSI1.name,
            ...input,
            FilterExpression: '#exp > :now',
            ExpressionAttributeNames: input.KeyConditionExpression?.includes('#sk')
              ? NAMES
              : { '#pk': NAMES['#pk'], '#exp': NAMES['#exp'] },
            ExpressionAttributeValues: {
              ...input.ExpressionAttributeValues,
              ':now': nowInEpochSeconds(clock.now()),
            },
            ...(startKey !== undefined ? { ExclusiveStartKey: startKey } : {}),
          }),
        );
      } catch (error) {
        throw toDependencyError('Query', error);
      }
      for (const item of page.Items ?? []) {
        const gap = fromGapItem(item as Record<string, unknown>);
        const at = gap.turn.at.getTime();
        if (at >= window.since.getTime() && at < window.until.getTime() && isKnowledgeGap(gap.turn)) {
          found.push(gap);
        }
      }
      startKey = page.LastEvaluatedKey as Record<string, unknown> | undefined;
    } while (startKey !== undefined && found.length <= stopAfter);
  }
}

/** The UTC months a window touches, newest first. */
export function monthsNewestFirst(since: Date, until: Date): readonly string[] {
  const months: string[] = [];
  if (until.getTime() <= since.getTime()) {
    return months;
  }
  const last = new Date(until.getTime() - 1);
  let year = last.getUTCFullYear();
  let month = last.getUTCMonth();
  const first = gapMonth(since);
  for (;;) {
    const label = `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}`;
    months.push(label);
    if (label <= first) {
      return months;
    }
    month -= 1;
    if (month < 0) {
      month = 11;
      year -= 1;
    }
  }
}

function listing(found: readonly RecordedGap[], limit: number): GapListing {
  const newestFirst = [...found].sort((a, b) => b.turn.at.getTime() - a.turn.at.getTime());
  return { gaps: newestFirst.slice(0, limit), truncated: newestFirst.length > limit };
}

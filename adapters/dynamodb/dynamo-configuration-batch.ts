import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { formatAdminRef } from '../../src/admin/admin-ref.js';
import { channelKeyString } from '../../src/channels/channel-key.js';
import type { Clock } from '../../src/clock.js';
import { StewardError, VersionConflictError } from '../../src/errors.js';
import type { AuditActor } from '../../src/ports/audit-log.js';
import type { ConfigurationBatch, ConfigurationChange } from '../../src/ports/configuration-batch.js';
import { adminKey, toAdminItem } from './admin-item.js';
import { channelSettingsKey, toChannelSettingsItem } from './channel-settings-item.js';
import { cancellationCodes, toDependencyError } from './dynamo-errors.js';
import { versionCondition } from './dynamo-channel-settings-store.js';
import { retryOnTransactionConflict } from './retry-on-conflict.js';
import { PARTITION_KEY } from './table-design.js';

/** DynamoDB's limit on actions in one TransactWriteItems. */
export const MAX_TRANSACTION_ACTIONS = 100;

export interface DynamoConfigurationBatchOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly clock: Clock;
}

type Action = Record<string, unknown>;

/**
 * All or nothing over channel settings and admins. Up to 100 changes are one transaction, which
 * DynamoDB applies atomically. Beyond that the changes go in transactions of 100, one after
 * another; when one is refused, the ones already applied are undone (each undo guarded by the
 * version it wrote, so a change someone made meanwhile is never overwritten). Readers may see
 * the first transactions for the moment before an undo; a process killed between transactions
 * leaves them applied, and re-running the same import completes it.
 */
export class DynamoConfigurationBatch implements ConfigurationBatch {
  constructor(private readonly options: DynamoConfigurationBatchOptions) {}

  async apply(changes: readonly ConfigurationChange[], actor: AuditActor): Promise<void> {
    const now = this.options.clock.now();
    const applied: ConfigurationChange[][] = [];
    for (let start = 0; start < changes.length; start += MAX_TRANSACTION_ACTIONS) {
      const chunk = changes.slice(start, start + MAX_TRANSACTION_ACTIONS);
      try {
        await this.transact(chunk.map((change) => this.forward(change, now, actor)));
      } catch (error) {
        await this.undo(applied, now, actor, error);
        throw this.refusal(chunk, error);
      }
      applied.push(chunk);
    }
  }

  private forward(change: ConfigurationChange, now: Date, actor: AuditActor): Action {
    const table = this.options.tableName;
    switch (change.kind) {
      case 'settings.put': {
        const expected = change.before?.version ?? 0;
        return {
          Put: {
            TableName: table,
            Item: toChannelSettingsItem(change.channel, change.settings, expected + 1, now, actor),
            ...versionCondition(expected),
          },
        };
      }
      case 'settings.delete':
        return {
          Delete: {
            TableName: table,
            Key: channelSettingsKey(change.channel),
            ...versionCondition(change.before.version),
          },
        };
      case 'admin.add':
        return { Put: { TableName: table, Item: toAdminItem(change.admin, now, actor), ...absent() } };
      case 'admin.remove':
        return { Delete: { TableName: table, Key: adminKey(change.admin), ...present() } };
    }
  }

  /** The action that puts back what `change` replaced, guarded by what `change` wrote. */
  private backward(change: ConfigurationChange, now: Date, actor: AuditActor): Action {
    const table = this.options.tableName;
    switch (change.kind) {
      case 'settings.put': {
        const written = (change.before?.version ?? 0) + 1;
        return change.before === undefined
          ? {
              Delete: {
                TableName: table,
                Key: channelSettingsKey(change.channel),
                ...versionCondition(written),
              },
            }
          : {
              Put: {
                TableName: table,
                Item: toChannelSettingsItem(change.channel, change.before.settings, written + 1, now, actor),
                ...versionCondition(written),
              },
            };
      }
      case 'settings.delete':
        return {
          Put: {
            TableName: table,
            Item: toChannelSettingsItem(
              change.channel,
              change.before.settings,
              change.before.version + 1,
              now,
              actor,
            ),
            ...versionCondition(0),
          },
        };
      case 'admin.add':
        return { Delete: { TableName: table, Key: adminKey(change.admin), ...present() } };
      case 'admin.remove':
        return {
          Put: {
            TableName: table,
            Item: toAdminItem(change.admin, change.before.addedAt, change.before.addedBy),
            ...absent(),
          },
        };
    }
  }

  private async undo(
    applied: readonly ConfigurationChange[][],
    now: Date,
    actor: AuditActor,
    cause: unknown,
  ): Promise<void> {
    for (const chunk of [...applied].reverse()) {
      try {
        await this.transact(chunk.map((change) => this.backward(change, now, actor)));
      } catch (error) {
        throw new StewardError(
          'STORE_CONFLICT',
          'The import failed part-way and could not be fully undone, because settings changed meanwhile. ' +
            'Run the import again to complete it, or export the current configuration to see where it stands.',
          { cause: new AggregateError([cause, error]) },
        );
      }
    }
  }

  private async transact(actions: readonly Action[]): Promise<void> {
    await retryOnTransactionConflict(() =>
      this.options.client.send(
        new TransactWriteCommand({
          TransactItems: actions as NonNullable<TransactWriteCommand['input']['TransactItems']>,
        }),
      ),
    );
  }

  private refusal(chunk: readonly ConfigurationChange[], error: unknown): Error {
    const codes = cancellationCodes(error);
    if (codes === undefined || !codes.includes('ConditionalCheckFailed')) {
      return toDependencyError('TransactWriteItems', error);
    }
    const stale = chunk.filter((_, index) => codes[index] === 'ConditionalCheckFailed').map(describe);
    return new VersionConflictError(
      `Nothing was imported: ${stale.join(', ')} changed since the import was planned. Run it again.`,
      undefined,
      { cause: error },
    );
  }
}

function describe(change: ConfigurationChange): string {
  return change.kind === 'admin.add' || change.kind === 'admin.remove'
    ? `admin ${formatAdminRef(change.admin)}`
    : `channel ${channelKeyString(change.channel)}`;
}

function absent() {
  return {
    ConditionExpression: 'attribute_not_exists(#pk)',
    ExpressionAttributeNames: { '#pk': PARTITION_KEY },
  };
}

function present() {
  return { ConditionExpression: 'attribute_exists(#pk)', ExpressionAttributeNames: { '#pk': PARTITION_KEY } };
}

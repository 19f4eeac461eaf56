import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AdminRef } from '../../src/admin/admin-ref.js';
import type { Clock } from '../../src/clock.js';
import type { AuditActor } from '../../src/ports/audit-log.js';
import type { AdminStore, StoredAdmin } from '../../src/ports/admin-store.js';
import { adminKey, fromAdminItem, toAdminItem } from './admin-item.js';
import { isConditionalCheckFailed, toDependencyError } from './dynamo-errors.js';
import { queryAll } from './query-all.js';
import { ADMINS_GSI_PK, GSI1, PARTITION_KEY } from './table-design.js';

export interface DynamoAdminStoreOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly clock: Clock;
}

/** Stored admins: one item each (`ADMIN#<platform>#<user id>` / `ADMIN`), listed through GSI1 (`ADMINS`). */
export class DynamoAdminStore implements AdminStore {
  constructor(private readonly options: DynamoAdminStoreOptions) {}

  async isAdmin(admin: AdminRef): Promise<boolean> {
    try {
      const output = await this.options.client.send(
        // Consistent, so a removal takes effect on the very next attempt.
        new GetCommand({ TableName: this.options.tableName, Key: adminKey(admin), ConsistentRead: true }),
      );
      return output.Item !== undefined;
    } catch (error) {
      throw toDependencyError('GetItem', error);
    }
  }

  async list(): Promise<readonly StoredAdmin[]> {
    try {
      const items = await queryAll(this.options.client, {
        TableName: this.options.tableName,
        IndexName: GSI1.name,
        KeyConditionExpression: '#gpk = :gpk',
        ExpressionAttributeNames: { '#gpk': GSI1.partitionKey },
        ExpressionAttributeValues: { ':gpk': ADMINS_GSI_PK },
      });
      return items.map(fromAdminItem);
    } catch (error) {
      throw toDependencyError('Query', error);
    }
  }

  async add(admin: AdminRef, addedBy: AuditActor): Promise<boolean> {
    try {
      await this.options.client.send(
        new PutCommand({
          TableName: this.options.tableName,
          Item: toAdminItem(admin, this.options.clock.now(), addedBy),
          // Adding an existing admin keeps who added them first.
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': PARTITION_KEY },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) {
        return false;
      }
      throw toDependencyError('PutItem', error);
    }
  }

  async remove(admin: AdminRef): Promise<boolean> {
    try {
      await this.options.client.send(
        new DeleteCommand({
          TableName: this.options.tableName,
          Key: adminKey(admin),
          ConditionExpression: 'attribute_exists(#pk)',
          ExpressionAttributeNames: { '#pk': PARTITION_KEY },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) {
        return false;
      }
      throw toDependencyError('DeleteItem', error);
    }
  }
}

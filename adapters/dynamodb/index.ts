export { createDynamoClients, type DynamoClientOptions, type DynamoClients } from './dynamo-clients.js';
export { ensureTable } from './ensure-table.js';
export {
  DynamoConversationStore,
  MAX_FOLDED_TURNS,
  type DynamoConversationStoreOptions,
} from './dynamo-conversation-store.js';
export { DynamoEventLedger, type DynamoEventLedgerOptions } from './dynamo-event-ledger.js';
export {
  DynamoDbLocalError,
  startDynamoDbLocal,
  type DynamoDbLocal,
  type DynamoDbLocalFailure,
  type DynamoDbLocalOptions,
} from './dynamo-db-local.js';
export {
  superviseDynamoDbLocal,
  type DynamoDbLocalSupervisorOptions,
  type SupervisedDynamoDbLocal,
} from './dynamo-db-local-supervisor.js';
export { attachRequestCounter, type RequestCounter } from './request-counter.js';
export { isTableReachable } from './table-reachability.js';
export { DynamoAuditLog, type DynamoAuditLogOptions } from './dynamo-audit-log.js';
export { DynamoApprovalStore, type DynamoApprovalStoreOptions } from './dynamo-approval-store.js';
export {
  DynamoChannelSettingsStore,
  type DynamoChannelSettingsStoreOptions,
} from './dynamo-channel-settings-store.js';
export { DynamoAdminStore, type DynamoAdminStoreOptions } from './dynamo-admin-store.js';
export {
  DynamoConfigurationBatch,
  MAX_TRANSACTION_ACTIONS,
  type DynamoConfigurationBatchOptions,
} from './dynamo-configuration-batch.js';
export { DynamoAddressBook, type DynamoAddressBookOptions } from './dynamo-address-book.js';
export { DynamoUsageLedger, type DynamoUsageLedgerOptions } from './dynamo-usage-ledger.js';
export { DynamoKnowledgeGapIndex, type DynamoKnowledgeGapIndexOptions } from './dynamo-knowledge-gap-index.js';
export { DynamoPersonalRecords, type DynamoPersonalRecordsOptions } from './dynamo-personal-records.js';

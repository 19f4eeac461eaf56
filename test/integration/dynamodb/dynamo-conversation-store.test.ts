import { DynamoConversationStore } from '../../../adapters/dynamodb/dynamo-conversation-store.js';
import { conversationStoreContract } from '../../contracts/conversation-store.contract.js';
import { useTestTable } from '../../support/dynamodb.js';

const table = useTestTable('conversation-store');

conversationStoreContract(
  'DynamoConversationStore',
  (clock) =>
    new DynamoConversationStore({ client: table.clients.documentClient, tableName: table.tableName, clock }),
);

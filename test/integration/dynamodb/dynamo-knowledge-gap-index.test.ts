import { DynamoConversationStore } from '../../../adapters/dynamodb/dynamo-conversation-store.js';
import { DynamoKnowledgeGapIndex } from '../../../adapters/dynamodb/dynamo-knowledge-gap-index.js';
import { knowledgeGapIndexContract } from '../../contracts/knowledge-gap-index.contract.js';
import { useTestTable } from '../../support/dynamodb.js';

const table = useTestTable('knowledge-gaps');

knowledgeGapIndexContract('DynamoKnowledgeGapIndex', (clock) => {
  const options = { client: table.clients.documentClient, tableName: table.tableName, clock };
  return { store: new DynamoConversationStore(options), gaps: new DynamoKnowledgeGapIndex(options) };
});

import { knowledgeGapIndexContract } from '../../contracts/knowledge-gap-index.contract.js';
import { InMemoryConversationStore } from '../../fakes/in-memory-conversation-store.js';

knowledgeGapIndexContract('InMemoryConversationStore', (clock) => {
  const store = new InMemoryConversationStore(clock);
  return { store, gaps: store };
});

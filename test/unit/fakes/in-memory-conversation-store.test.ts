import { conversationStoreContract } from '../../contracts/conversation-store.contract.js';
import { InMemoryConversationStore } from '../../fakes/in-memory-conversation-store.js';

conversationStoreContract('InMemoryConversationStore', (clock) => new InMemoryConversationStore(clock));

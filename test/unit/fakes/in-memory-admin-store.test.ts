import { adminStoreContract } from '../../contracts/admin-store.contract.js';
import { InMemoryAdminStore } from '../../fakes/in-memory-admin-store.js';

adminStoreContract('InMemoryAdminStore', (clock) => new InMemoryAdminStore(clock));

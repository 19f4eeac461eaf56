import { approvalStoreContract } from '../../contracts/approval-store.contract.js';
import { InMemoryApprovalStore } from '../../fakes/in-memory-approval-store.js';

approvalStoreContract('InMemoryApprovalStore', () => new InMemoryApprovalStore());

import { eventLedgerContract } from '../../contracts/event-ledger.contract.js';
import { InMemoryEventLedger } from '../../fakes/in-memory-event-ledger.js';

eventLedgerContract('InMemoryEventLedger', (clock) => new InMemoryEventLedger(clock));

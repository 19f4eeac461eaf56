import { usageLedgerContract } from '../../contracts/usage-ledger.contract.js';
import { InMemoryUsageLedger } from '../../fakes/in-memory-usage-ledger.js';

usageLedgerContract('InMemoryUsageLedger', () => {
  const ledger = new InMemoryUsageLedger();
  return [ledger, ledger];
});

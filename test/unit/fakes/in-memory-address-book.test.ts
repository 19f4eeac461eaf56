import { addressBookContract } from '../../contracts/address-book.contract.js';
import { InMemoryAddressBook } from '../../fakes/in-memory-address-book.js';

addressBookContract(
  'InMemoryAddressBook',
  (clock, retentionDays) => new InMemoryAddressBook(clock, retentionDays),
);

import { rateLimiterContract } from '../../contracts/rate-limiter.contract.js';
import { InMemoryRateLimiter } from '../../fakes/in-memory-rate-limiter.js';

rateLimiterContract('InMemoryRateLimiter', (clock) => {
  const shared = new InMemoryRateLimiter(clock);
  return [shared, shared];
});

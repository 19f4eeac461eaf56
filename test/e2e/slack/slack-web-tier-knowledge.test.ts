import { describe, expect, it } from 'vitest';
import { eventPayload, uniqueTs } from '../../support/slack-payloads.js';
import { postEvent } from '../../support/slack-requests.js';
import { useSlackService } from '../../support/slack-service.js';

const INDEXED = 'knowledge folder indexed';

describe('what a web tier opens at start', () => {
  // As `npm start` and `npm run start:prod` run it: answers are written by worker processes.
  const webTier = useSlackService('e2e-web-tier-knowledge', { answerWorker: false });
  // As a test or an embedding application runs it: the answer worker in the same process.
  const withWorker = useSlackService('e2e-web-tier-with-worker');

  it('reads no knowledge folder when worker processes write the answers, and still queues questions', async () => {
    const ts = uniqueTs();
    const response = await postEvent(
      webTier.handle.eventsUrl,
      eventPayload('app-mention', { ts, event_ts: ts }),
    );

    expect(response.status).toBe(200);
    await expect(webTier.handle.service.answers?.idle()).resolves.toBe(false);
    expect(webTier.handle.logLines.filter((line) => line.msg === INDEXED)).toEqual([]);
  });

  it('indexes the folder at start when it answers itself', () => {
    expect(withWorker.handle.logLines.filter((line) => line.msg === INDEXED)).toHaveLength(1);
  });
});

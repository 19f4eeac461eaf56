import { describe, expect, it } from 'vitest';
import { OutageLog } from '../../../src/outage-log.js';
import { createCapturingLogger } from '../../fakes/capturing-logger.js';

/** A clock the test moves by hand. */
function manualClock(start = Date.parse('2026-12-01T09:00:00Z')) {
  let now = start;
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

describe('OutageLog', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });

  it('logs going down once, still down once a minute, and coming back once, without stack traces', () => {
    const { logger, lines } = createCapturingLogger();
    const clock = manualClock();
    const outage = new OutageLog('redis', logger, clock);

    for (let second = 0; second < 150; second += 1) {
      outage.down(refused);
      outage.down(refused);
      clock.advance(1_000);
    }
    outage.up();
    outage.up();

    expect(lines.map((line) => [line.msg, line.level])).toEqual([
      ['redis is down', 50],
      ['redis is still down', 40],
      ['redis is still down', 40],
      ['redis is back up', 30],
    ]);
    expect(lines[0]).toMatchObject({ dependency: 'redis', reason: 'connect ECONNREFUSED 127.0.0.1:6379' });
    expect(lines[1]).toMatchObject({ downForSeconds: 60, failedAttempts: 121 });
    expect(lines[3]).toMatchObject({ downForSeconds: 150, failedAttempts: 300 });
    expect(JSON.stringify(lines)).not.toContain('stack');
  });

  it('starts afresh after a recovery, and says nothing when it never went down', () => {
    const { logger, lines } = createCapturingLogger();
    const clock = manualClock();
    const outage = new OutageLog('dynamodb', logger, clock, { messages: { down: 'table not ready' } });
    outage.up();
    outage.down(refused);
    outage.up();
    outage.down(refused);
    expect(lines.map((line) => line.msg)).toEqual(['table not ready', 'dynamodb is back up', 'table not ready']);
  });
});

import { describe, expect, it } from 'vitest';
import { Dispatcher, type HandlerTable } from '../../../../src/conversation/dispatcher.js';
import type { Reply } from '../../../../src/conversation/reply.js';
import { createCapturingLogger } from '../../../fakes/capturing-logger.js';
import { FixedClock } from '../../../fakes/fixed-clock.js';
import { InMemoryEventLedger } from '../../../fakes/in-memory-event-ledger.js';
import { buildMessage } from '../../../support/builders.js';

/** A dispatcher whose `ask` handler answers and leaves work for after the reply, recording the order. */
function dispatcherRecording(events: string[], afterWork: () => Promise<void>) {
  const clock = new FixedClock();
  const { logger, lines } = createCapturingLogger();
  const answer: Reply = { kind: 'notice', text: 'the answer' };
  const handlers: HandlerTable = {
    ask: (_message, context) => {
      context.afterReply(afterWork);
      events.push('handler');
      return Promise.resolve(answer);
    },
    forget: () => Promise.resolve(answer),
    help: () => Promise.resolve(answer),
    run: () => Promise.resolve(answer),
    approvals: () => Promise.resolve(answer),
    'forget-me': () => Promise.resolve(answer),
    'export-me': () => Promise.resolve(answer),
  };
  const dispatcher = new Dispatcher(
    { ledger: new InMemoryEventLedger(clock), handlers, clock, logger },
    { maxMessageChars: 4000, dedupeSeconds: 3600 },
  );
  return { dispatcher, lines };
}

describe('work a handler leaves for after its reply', () => {
  it('runs after the adapter has shown the reply', async () => {
    const events: string[] = [];
    const { dispatcher } = dispatcherRecording(events, () => {
      events.push('after');
      return Promise.resolve();
    });

    const reply = await dispatcher.dispatch(buildMessage({ text: 'restart the web service please' }), {
      deliver: (shown) => {
        events.push(`deliver:${shown.kind}`);
        return Promise.resolve();
      },
    });

    expect(events).toEqual(['handler', 'deliver:notice', 'after']);
    expect(reply.kind).toBe('notice');
  });

  it('runs before dispatch returns when the adapter shows the reply itself', async () => {
    const events: string[] = [];
    const { dispatcher } = dispatcherRecording(events, () => {
      events.push('after');
      return Promise.resolve();
    });

    await dispatcher.dispatch(buildMessage({ text: 'restart the web service please' }));
    events.push('returned');

    expect(events).toEqual(['handler', 'after', 'returned']);
  });

  it('never costs the reply when it fails, and says so in the log', async () => {
    const events: string[] = [];
    const { dispatcher, lines } = dispatcherRecording(events, () => Promise.reject(new Error('card store down')));

    const reply = await dispatcher.dispatch(buildMessage({ text: 'restart the web service please' }));

    expect(reply).toEqual({ kind: 'notice', text: 'the answer' });
    expect(lines.some((line) => line.msg === 'work after the reply failed')).toBe(true);
  });

  it('delivers every reply through the adapter, also duplicates and errors', async () => {
    const events: string[] = [];
    const { dispatcher } = dispatcherRecording(events, () => Promise.resolve());
    const shown: string[] = [];
    const deliver = (reply: Reply) => {
      shown.push(reply.kind);
      return Promise.resolve();
    };
    const message = buildMessage({ text: 'restart the web service please' });

    await dispatcher.dispatch(message, { deliver });
    await dispatcher.dispatch(message, { deliver });
    await dispatcher.dispatch(buildMessage({ text: '   ' }), { deliver });

    expect(shown).toEqual(['notice', 'duplicate', 'error']);
  });
});

import { describe, expect, it } from 'vitest';
import { CardUpdateGate } from '../../../../adapters/slack/approval-cards/card-update-gate.js';
import { requestCard } from '../../../../src/approval-rules/approval-card.js';
import { buildPerson, buildRequest } from '../../../support/approval-builders.js';

const approver = buildPerson({ userId: 'U0ANN' });
const at = new Date('2026-01-15T10:00:00.000Z');
const pending = requestCard(buildRequest());
const halfway = requestCard(buildRequest({ decisions: [{ verdict: 'approve', by: approver, at }] }));
const approved = requestCard(
  buildRequest({ status: 'approved', decisions: [{ verdict: 'approve', by: approver, at }] }),
);
const succeeded = requestCard(
  buildRequest({ status: 'succeeded', outcome: { ok: true, summary: 'HTTP 200', at, attempts: 1 } }),
);

describe('CardUpdateGate', () => {
  it('skips an update that would show an earlier state than the message shows', async () => {
    const gate = new CardUpdateGate();
    const written: string[] = [];
    const write = (label: string) => () => {
      written.push(label);
      return Promise.resolve();
    };
    expect(await gate.update('C1/1', approved, 'approved', write('approved'))).toBe(true);
    expect(await gate.update('C1/1', halfway, 'halfway', write('halfway'))).toBe(false);
    expect(await gate.update('C1/1', succeeded, 'succeeded', write('succeeded'))).toBe(true);
    expect(await gate.update('C1/2', halfway, 'halfway', write('other message'))).toBe(true);
    expect(written).toEqual(['approved', 'succeeded', 'other message']);
  });

  it('sends the updates of one message one at a time, so a slow one cannot land after a later one', async () => {
    const gate = new CardUpdateGate();
    const order: string[] = [];
    let releaseFirst: () => void = () => undefined;
    let firstStarted: () => void = () => undefined;
    const started = new Promise<void>((resolve) => {
      firstStarted = resolve;
    });
    const first = gate.update('C1/1', halfway, 'halfway', async () => {
      firstStarted();
      await new Promise<void>((resolve) => {
        releaseFirst = resolve;
      });
      order.push('halfway');
    });
    const second = gate.update('C1/1', approved, 'approved', () => {
      order.push('approved');
      return Promise.resolve();
    });
    const stale = gate.update('C1/1', pending, 'pending', () => {
      order.push('pending');
      return Promise.resolve();
    });
    await started;
    expect(order).toEqual([]);
    releaseFirst();
    expect(await Promise.all([first, second, stale])).toEqual([true, true, false]);
    expect(order).toEqual(['halfway', 'approved']);
  });

  it('does not count a failed write as shown, and keeps the queue going', async () => {
    const gate = new CardUpdateGate();
    await expect(
      gate.update('C1/1', approved, 'approved', () => Promise.reject(new Error('slack down'))),
    ).rejects.toThrow('slack down');
    const written: string[] = [];
    expect(
      await gate.update('C1/1', halfway, 'halfway', () => {
        written.push('halfway');
        return Promise.resolve();
      }),
    ).toBe(true);
    expect(written).toEqual(['halfway']);
  });

  it('skips repeating exactly what a message shows, and going back to an earlier state', async () => {
    const gate = new CardUpdateGate();
    gate.posted('C1/9', halfway, 'halfway');
    expect(await gate.update('C1/9', pending, 'pending', () => Promise.resolve())).toBe(false);
    expect(await gate.update('C1/9', halfway, 'halfway', () => Promise.resolve())).toBe(false);
    expect(await gate.update('C1/9', halfway, 'halfway, edited', () => Promise.resolve())).toBe(true);
  });
});

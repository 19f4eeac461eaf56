import { describe, expect, it } from 'vitest';
import type { ChatPlatformDriver } from './chat-platform-driver.js';

/**
 * The conversation-core behaviour every chat platform must show, whatever its wire format: one
 * thread is one conversation (follow-ups keep their subject, other threads do not see it), and
 * a long thread's old turns are folded into a summary while it keeps answering.
 */
export function threadMemoryScenario(platformName: string, driver: ChatPlatformDriver): void {
  describe(`${platformName}: one thread is one conversation, with its history summarized`, () => {
    it('keeps each thread’s context to itself', async () => {
      const vpn = await driver.startThread('How do I connect to the VPN?');
      const holidays = await driver.startThread('How many holiday days do I get?');
      expect(vpn.answer).toMatch(/GlobalProtect/);
      expect(holidays.answer).toMatch(/holiday|days/i);

      // "it" only means the VPN inside the VPN thread.
      const followUp = await driver.reply(vpn.thread, 'What if it does not connect?');

      expect(followUp).toMatch(/internet connection|quit GlobalProtect|IT Service Desk/);
      expect((await driver.history(vpn.thread)).turns.map((turn) => turn.question)).toEqual([
        'How do I connect to the VPN?',
        'What if it does not connect?',
      ]);
      expect((await driver.history(holidays.thread)).turns.map((turn) => turn.question)).toEqual([
        'How many holiday days do I get?',
      ]);
      expect(vpn.thread.ref.platform).toBe(driver.platform);
      expect(vpn.thread.ref.threadId).not.toBe(holidays.thread.ref.threadId);
    });

    it('folds a long thread’s older turns into a summary and keeps answering in context', async () => {
      const { thread } = await driver.startThread('How do I connect to the VPN?');
      const questions = [
        'What if it does not connect?',
        'How do I reset my password?',
        'How do I report a phishing email?',
        'Can I work from another country?',
      ];
      for (const question of questions) {
        await driver.reply(thread, question);
      }

      const history = await driver.history(thread);
      expect(history.version).toBeGreaterThanOrEqual(1);
      expect(history.summary).not.toBe('');
      expect(history.turns.length).toBeLessThanOrEqual(3);
      expect(history.turns.at(-1)?.question).toBe('Can I work from another country?');
      // Folded questions live on in the summary.
      expect(history.summary).toMatch(/VPN/);

      const answer = await driver.reply(thread, 'How many days a year?');
      expect(answer).toMatch(/30 days/);
    });
  });
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKnowledgeProviders } from '../../../src/app/knowledge.js';
import { createSilentLogger } from '../../../src/logger.js';
import { VerboseLanguageModel } from '../../fakes/verbose-language-model.js';
import { FakeSlack } from '../../support/fake-slack.js';
import { useTestTable } from '../../support/dynamodb.js';
import { blocksOf, buttonsOf, visibleText } from '../../support/slack-blocks.js';
import { eventPayload, uniqueTs } from '../../support/slack-payloads.js';
import { postEvent } from '../../support/slack-requests.js';
import { type SlackServiceHandle, startSlackService } from '../../support/slack-service.js';

describe('long and streamed answers in Slack', () => {
  const table = useTestTable('e2e-slack-long');
  let slack: FakeSlack;
  let handle: SlackServiceHandle;
  const model = new VerboseLanguageModel({ restatements: 6, streamSteps: 6, stepDelayMs: 250 });

  beforeAll(async () => {
    slack = await FakeSlack.start();
    const { knowledge } = await createKnowledgeProviders({ knowledgeDir: undefined }, createSilentLogger());
    handle = await startSlackService({
      slack,
      dynamodbEndpoint: table.endpoint,
      tableName: table.tableName,
      providers: {
        knowledge,
        model,
      },
    });
  });

  afterAll(async () => {
    await handle.service.stop();
    await slack.close();
  });

  it('streams into the placeholder, then splits the answer over messages within Slack’s limits', async () => {
    const ts = uniqueTs();
    await postEvent(handle.eventsUrl, eventPayload('app-mention', { ts, event_ts: ts }));
    await handle.settle();

    const [placeholder, ...continuations] = slack.callsTo('chat.postMessage');
    const updates = slack.callsTo('chat.update');
    const final = updates.at(-1);
    expect(updates.every((update) => update.args.ts === placeholder?.result?.ts)).toBe(true);

    // Progress: at least one update showed the partial answer, and none came after the final one.
    const progress = updates.slice(0, -1);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((update) => visibleText(update).includes('Still writing'))).toBe(true);
    expect(visibleText(final)).not.toContain('Still writing');

    // The rest of the answer follows in the same thread, in order, with sources and buttons last.
    expect(continuations.length).toBeGreaterThan(0);
    expect(continuations.every((call) => call.args.thread_ts === ts)).toBe(true);
    const messages = [final, ...continuations];
    for (const message of messages) {
      const sections = blocksOf(message).filter((block) => block.type === 'section');
      expect(sections.every((section) => (section.text?.text.length ?? 0) <= 3000)).toBe(true);
      expect(
        sections.reduce((sum, section) => sum + (section.text?.text.length ?? 0), 0),
      ).toBeLessThanOrEqual(3800);
      expect(String(message?.args.text).length).toBeLessThanOrEqual(3800);
      expect(blocksOf(message).length).toBeLessThanOrEqual(50);
    }
    expect(messages.slice(0, -1).every((message) => buttonsOf(message).length === 0)).toBe(true);
    expect(buttonsOf(messages.at(-1)).map((b) => b.actionId)).toEqual([
      'steward_feedback_up',
      'steward_feedback_down',
    ]);
    expect(visibleText(messages.at(-1))).toContain('*Sources*');

    // Nothing was lost in the split: every restated passage line arrives once, in order.
    const shown = messages.map((message) => visibleText(message)).join('\n');
    // Each passage is restated six times as "n. <passage> [i]"; count the restatement markers.
    const passages = model.passagesPerAnswer.at(-1) ?? 0;
    expect(passages).toBeGreaterThan(1);
    for (let index = 1; index <= passages; index += 1) {
      expect(shown.split(`[${index}]`).length - 1).toBeGreaterThanOrEqual(6);
    }
    expect(shown.match(/^\d+\.\s/gm)?.length).toBe(6 * passages);
  });
});

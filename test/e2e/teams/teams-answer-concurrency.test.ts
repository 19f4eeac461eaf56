import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../../src/conversation/types.js';
import type { AnswerRequest, LanguageModel } from '../../../src/ports/language-model.js';
import { KeywordKnowledgeBase } from '../../fakes/keyword-knowledge-base.js';
import { SAMPLE_PASSAGES } from '../../support/core-harness.js';
import { useTestTable } from '../../support/dynamodb.js';
import { TeamsHarness } from '../../support/teams/teams-harness.js';

const MESSAGES = 20;
/** Answers the service's answer worker writes at once (ANSWER_WORKER_CONCURRENCY). */
const CAP = 6;

/** A model that holds every answer until released, counting how many it holds at once. */
class HoldingModel implements LanguageModel {
  held = 0;
  peak = 0;
  answered = 0;
  private readonly waiting: (() => void)[] = [];

  async answer(request: AnswerRequest): Promise<Answer> {
    this.held += 1;
    this.peak = Math.max(this.peak, this.held);
    await new Promise<void>((release) => this.waiting.push(release));
    this.held -= 1;
    this.answered += 1;
    const first = request.passages[0];
    return {
      text: 'Staff and families [1].',
      citations: first
        ? [{ index: 1, source: first.source, title: first.title, snippet: first.text, score: first.score }]
        : [],
      found: true,
    };
  }

  summarize(): Promise<string> {
    return Promise.resolve('');
  }

  releaseAll(): void {
    this.waiting.splice(0).forEach((release) => release());
  }
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    if (condition()) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`never: ${what}`);
}

describe('Teams: a burst of questions', () => {
  const table = useTestTable('e2e-teams-burst');
  const model = new HoldingModel();
  let teams: TeamsHarness;

  beforeAll(async () => {
    teams = await TeamsHarness.start(table, {
      providers: { knowledge: new KeywordKnowledgeBase(SAMPLE_PASSAGES), model },
      env: { ANSWER_WORKER_CONCURRENCY: String(CAP) },
    });
  });
  afterAll(async () => {
    model.releaseAll();
    await teams.stop();
  });

  it('is acknowledged at once and answered ANSWER_WORKER_CONCURRENCY at a time, every one of them in the end', async () => {
    const responses = await Promise.all(
      Array.from({ length: MESSAGES }, (_, n) =>
        teams.post(
          teams.activity('personal-message', { text: `Does health insurance cover families? (${n})` }),
        ),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(MESSAGES).fill(200));

    // Every answer that may start has reached the model; the rest wait for a free place. Were
    // there no limit, the others would reach it while these are held.
    await until(() => model.held === CAP, 'the first answers reached the model');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(model.peak).toBe(CAP);

    while (model.answered < MESSAGES) {
      model.releaseAll();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(model.peak).toBe(CAP);
    const answers = (
      calls: readonly { kind: string; activityId?: string; body: Record<string, unknown> }[],
    ) =>
      new Set(
        calls
          .filter((call) => call.kind === 'reply' && call.body.type === 'message')
          .map((call) => call.activityId),
      );
    await teams.connector.waitFor((calls) => answers(calls).size === MESSAGES, 60_000);
  }, 120_000);
});

import { randomUUID } from 'node:crypto';
import type { Queue } from 'bullmq';
import { FakeOpenAiServer } from './fake-openai-server.js';

/**
 * An OpenAI-compatible fake model that answers at once, except the one question a test asks it
 * to hold: that call waits until the test releases it, so a worker can be killed mid-answer.
 */
export class HeldModel {
  /** Questions the model holds until the test releases them. */
  private readonly held = new Map<string, () => void>();
  private holding: string | undefined;

  private constructor(private readonly server: FakeOpenAiServer) {}

  static async start(answer: string): Promise<HeldModel> {
    const model = new HeldModel(await FakeOpenAiServer.start());
    model.server.on(async (request) => {
      const question = request.body.messages.at(-1)?.content ?? '';
      const holding = model.holding;
      if (holding !== undefined && question.includes(holding)) {
        await new Promise<void>((release) => model.held.set(holding, release));
      }
      return { text: answer };
    });
    return model;
  }

  get baseUrl(): string {
    return this.server.baseUrl;
  }

  /**
   * A new question for the model to hold. Letters only: a question with a long number in it
   * could be masked as a card number before it reaches the model, which would then not know it.
   */
  holdNext(): string {
    const question = `Where is the VPN guide for ${randomUUID().replace(/[^a-z]/gu, '')}?`;
    this.holding = question;
    return question;
  }

  /** Until the model holds `question`. */
  async holds(question: string): Promise<void> {
    await waitUntil(() => this.held.has(question));
  }

  /** Stops holding and lets the held call answer (its worker may be gone by then). */
  release(question: string): void {
    this.holding = undefined;
    this.held.get(question)?.();
  }

  async close(): Promise<void> {
    for (const release of this.held.values()) {
      release();
    }
    await this.server.close();
  }
}

/** Until every job of a test's answers queue has finished: nothing waiting, running or delayed. */
export async function queueSettled(queue: Queue): Promise<void> {
  for (let i = 0; i < 300; i += 1) {
    const counts = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed');
    if (Object.values(counts).every((count) => count === 0)) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('answer jobs did not finish');
}

export async function waitUntil(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error('condition not met in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

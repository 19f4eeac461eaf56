import { describe, expect, it } from 'vitest';
import { deferredProviders, type Providers } from '../../../../src/app/deferred-providers.js';
import type { Passage } from '../../../../src/conversation/types.js';
import type { LanguageModel, RewriteRequest } from '../../../../src/ports/language-model.js';

const passage: Passage = {
  id: 'vpn.md#0',
  source: 'vpn.md',
  title: 'VPN',
  headingPath: ['VPN'],
  text: 'Open GlobalProtect and sign in.',
  score: 1,
};

/** Providers that count how often they were opened and closed, with a model that echoes. */
function countingProviders(model: Partial<LanguageModel> = {}) {
  const counts = { opened: 0, closed: 0 };
  const open = (): Promise<Providers> => {
    counts.opened += 1;
    return Promise.resolve({
      knowledge: { retrieve: () => Promise.resolve([passage]) },
      model: {
        answer: (request) =>
          Promise.resolve({ text: `answer to ${request.question}`, citations: [], found: true }),
        summarize: () => Promise.resolve('summary'),
        ...model,
      },
      fallbackModel: {
        answer: () => Promise.resolve({ text: 'extractive', citations: [], found: true }),
        summarize: () => Promise.resolve('extractive summary'),
      },
      close: () => {
        counts.closed += 1;
        return Promise.resolve();
      },
    });
  };
  return { counts, open };
}

const rewriteRequest: RewriteRequest = { question: 'and on Linux?', summary: '', recentTurns: [] };

describe('deferredProviders', () => {
  it('opens nothing until used, then opens once for every caller', async () => {
    const { counts, open } = countingProviders();
    const providers = deferredProviders(open, { rewrites: false });
    expect(counts.opened).toBe(0);

    const [passages, answer, fallback] = await Promise.all([
      providers.knowledge.retrieve({ text: 'vpn', limit: 5 }),
      providers.model.answer({ question: 'How do I connect?', passages: [], summary: '', recentTurns: [] }),
      providers.fallbackModel?.answer({
        question: 'How do I connect?',
        passages: [],
        summary: '',
        recentTurns: [],
      }),
    ]);

    expect(passages).toEqual([passage]);
    expect(answer.text).toBe('answer to How do I connect?');
    expect(fallback?.text).toBe('extractive');
    expect(counts.opened).toBe(1);
  });

  it('closes only what it opened', async () => {
    const unused = countingProviders();
    await deferredProviders(unused.open, { rewrites: false }).close();
    expect(unused.counts).toEqual({ opened: 0, closed: 0 });

    const used = countingProviders();
    const providers = deferredProviders(used.open, { rewrites: false });
    await providers.model.summarize({ previousSummary: '', turns: [], maxTokens: 100 });
    await providers.close();
    expect(used.counts).toEqual({ opened: 1, closed: 1 });
  });

  it('offers a rewrite only when the configured model writes one, before anything is opened', async () => {
    const { counts, open } = countingProviders({
      rewriteQuestion: (request) => Promise.resolve({ text: `How do I connect ${request.question}` }),
    });
    expect('rewriteQuestion' in deferredProviders(open, { rewrites: false }).model).toBe(false);

    const rewriting = deferredProviders(open, { rewrites: true });
    expect(counts.opened).toBe(0);
    await expect(rewriting.model.rewriteQuestion?.(rewriteRequest)).resolves.toEqual({
      text: 'How do I connect and on Linux?',
    });
  });

  it('rewrites to nothing, which the core reads as "use the conversation", when the model has no rewrite', async () => {
    const { open } = countingProviders();
    const providers = deferredProviders(open, { rewrites: true });
    await expect(providers.model.rewriteQuestion?.(rewriteRequest)).resolves.toEqual({ text: '' });
  });

  it('tries a failed opening again on the next use', async () => {
    let attempts = 0;
    const { open } = countingProviders();
    const providers = deferredProviders(
      () => {
        attempts += 1;
        return attempts === 1 ? Promise.reject(new Error('folder unreadable')) : open();
      },
      { rewrites: false },
    );
    await expect(providers.knowledge.retrieve({ text: 'vpn', limit: 5 })).rejects.toThrow(
      'folder unreadable',
    );
    await expect(providers.knowledge.retrieve({ text: 'vpn', limit: 5 })).resolves.toEqual([passage]);
    expect(attempts).toBe(2);
  });
});

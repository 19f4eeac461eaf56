import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OpenAiCompatibleModel } from '../../../adapters/openai-compatible/openai-compatible-model.js';
import { NOT_FOUND_TEXT } from '../../../src/answering/cited-answer.js';
import { parseAppConfig } from '../../../src/config/app-config.js';
import { createKnowledgeProviders, modelProviderConfig } from '../../../src/app/knowledge.js';
import type { Passage } from '../../../src/conversation/types.js';
import { DependencyError } from '../../../src/errors.js';
import type { AnswerRequest } from '../../../src/ports/language-model.js';
import { createCapturingLogger } from '../../fakes/capturing-logger.js';
import { buildTurn } from '../../support/builders.js';
import { FakeOpenAiServer } from '../../support/fake-openai-server.js';

const MODEL = 'meta-llama/Llama-3.1-8B-Instruct';

const PASSAGES: Passage[] = [
  { id: 'p1', source: 'benefits/health.md', title: 'Health insurance', headingPath: [], text: 'Health insurance covers staff and families.', score: 3 },
  { id: 'p2', source: 'benefits/dental.md', title: 'Dental', headingPath: [], text: 'Dental cover comes with the health plan.', score: 2 },
];

const request = (overrides: Partial<AnswerRequest> = {}): AnswerRequest => ({
  question: 'What does health insurance cover?',
  passages: PASSAGES,
  summary: '',
  recentTurns: [],
  ...overrides,
});

describe('OpenAiCompatibleModel against a fake chat completions server', () => {
  let server: FakeOpenAiServer;
  const { logger } = createCapturingLogger();

  beforeAll(async () => {
    server = await FakeOpenAiServer.start();
  });
  afterAll(async () => server.close());
  beforeEach(() => server.reset());

  const model = (apiKey?: string) =>
    new OpenAiCompatibleModel({ baseUrl: server.baseUrl, model: MODEL, maxTokens: 700, maxAttempts: 3, timeoutMs: 5_000, logger, ...(apiKey !== undefined ? { apiKey } : {}) });

  it('streams a cited answer over server-sent events and records the tokens used', async () => {
    server.on(() => ({ deltas: ['Staff and ', 'families [', '1]; dental ', 'too [2].'], usage: { prompt_tokens: 812, completion_tokens: 14 } }));
    const updates: string[] = [];

    const answer = await model().answer(request({ onText: (text) => updates.push(text) }));

    expect(answer).toMatchObject({ text: 'Staff and families [1]; dental too [2].', found: true, usage: { inputTokens: 812, outputTokens: 14, modelId: MODEL } });
    expect(answer.usage?.costUsd).toBeUndefined();
    expect(answer.citations.map((citation) => citation.source)).toEqual(['benefits/health.md', 'benefits/dental.md']);
    expect(updates).toEqual(['Staff and ', 'Staff and families', 'Staff and families [1]; dental ', 'Staff and families [1]; dental too [2].']);
    const [sent] = server.requests;
    expect(sent?.body).toMatchObject({ model: MODEL, stream: true, stream_options: { include_usage: true }, max_tokens: 700 });
    expect(sent?.body.messages.map((message) => message.role)).toEqual(['system', 'user']);
    expect(sent?.body.messages[1]?.content).toMatch(/untrusted data[\s\S]*<source id="1" title="Health insurance">[\s\S]*What does health insurance cover\?$/);
    // No key configured: no Authorization header at all, as keyless local servers expect.
    expect(sent?.headers.authorization).toBeUndefined();
  });

  it('sends a configured API key as a bearer token, and the history as alternating messages', async () => {
    server.on(() => ({ deltas: ['Yes [1].'] }));
    await model('sk-local-123').answer(request({ recentTurns: [buildTurn({ author: { id: 'U1', name: 'Ann' }, question: 'Hi?', answer: 'Hello [1].' })] }));
    expect(server.requests[0]?.headers.authorization).toBe('Bearer sk-local-123');
    expect(server.requests[0]?.body.messages.map((message) => [message.role, message.content.slice(0, 12)])).toEqual([
      ['system', expect.any(String) as unknown],
      ['user', 'Ann: Hi?'],
      ['assistant', 'Hello.'],
      ['user', '<sources>\nPa'],
    ]);
  });

  it('retries a rate-limited request and then answers', async () => {
    server.sequence([{ status: 429, error: 'rate limited', retryAfterMs: 5 }, { deltas: ['Staff [1].'] }]);
    expect((await model().answer(request())).text).toBe('Staff [1].');
    expect(server.requests).toHaveLength(2);
  });

  it('gives up on rate limiting that never ends with a clear message', async () => {
    server.on(() => ({ status: 429, error: 'rate limited', retryAfterMs: 5 }));
    const error: unknown = await model()
      .answer(request())
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DependencyError);
    expect(error).toMatchObject({ code: 'DEPENDENCY_THROTTLED', dependency: 'model server', userMessage: expect.stringMatching(/ask again/) as unknown });
    expect(server.requests).toHaveLength(3);
  });

  it('asks again when the stream reports an error half-way', async () => {
    server.sequence([{ deltas: ['Staff and '], failWith: 'CUDA out of memory' }, { deltas: ['Staff and families [1].'] }]);
    const updates: string[] = [];
    const answer = await model().answer(request({ onText: (text) => updates.push(text) }));
    expect(answer.text).toBe('Staff and families [1].');
    expect(updates).toEqual(['Staff and ', 'Staff and families [1].']);
  });

  it('treats a content filter stop as a blocked answer', async () => {
    server.on(() => ({ deltas: ['I will not'], finishReason: 'content_filter' }));
    expect(await model().answer(request())).toMatchObject({ found: false, guardrail: { stage: 'output', action: 'blocked' } });
  });

  it('answers an empty retrieval without a request, and writes rewrites and summaries', async () => {
    expect(await model().answer(request({ passages: [] }))).toEqual({ text: NOT_FOUND_TEXT, citations: [], found: false });
    expect(server.requests).toHaveLength(0);

    server.on((sent) => ({ text: sent.body.messages[0]?.content.includes('standalone') ? '"What does the dental plan cover?"' : 'Ann asked about health insurance.' }));
    const turns = [buildTurn({ author: { id: 'U1', name: 'Ann' }, question: 'What does health insurance cover?', answer: 'Staff [1].' })];
    expect(await model().rewriteQuestion({ question: 'and dental?', summary: '', recentTurns: turns })).toMatchObject({ text: 'What does the dental plan cover?' });
    expect(await model().summarize({ previousSummary: '', turns, maxTokens: 100 })).toBe('Ann asked about health insurance.');
    expect(server.requests.map((sent) => sent.body.stream)).toEqual([undefined, undefined]);
  });

  it('is chosen by configuration and answers from the local knowledge folder', async () => {
    server.on(() => ({ deltas: ['Use the VPN client [1].'] }));
    const config = parseAppConfig({ OPENAI_COMPATIBLE_URL: server.baseUrl, OPENAI_COMPATIBLE_MODEL: MODEL });
    const providers = await createKnowledgeProviders(config.core, logger, modelProviderConfig(config));
    try {
      expect(providers.description).toContain(`model ${MODEL}`);
      const passages = await providers.knowledge.retrieve({ text: 'How do I connect to the VPN?', limit: 3 });
      const answer = await providers.model.answer(request({ question: 'How do I connect to the VPN?', passages }));
      expect(answer.found).toBe(true);
      expect(answer.citations[0]?.source).toBe(passages[0]?.source);
    } finally {
      await providers.close();
    }
  });
});

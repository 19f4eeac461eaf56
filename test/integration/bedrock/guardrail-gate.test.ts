import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GuardrailGate } from '../../../adapters/bedrock/guardrail-gate.js';
import { ExtractiveLanguageModel } from '../../../adapters/local-model/index.js';
import type { Passage } from '../../../src/conversation/types.js';
import type { AnswerRequest, LanguageModel } from '../../../src/ports/language-model.js';
import { ScriptedLanguageModel } from '../../fakes/scripted-language-model.js';
import { tracedLanguageModel } from '../../../src/tracing/traced-language-model.js';
import { startBedrockFake } from '../../support/bedrock-harness.js';
import { inMemoryTracing } from '../../support/in-memory-tracing.js';
import { SPAN_KIND } from '../../support/span-tree.js';
import type { FakeBedrock } from '../../support/fake-bedrock.js';

const PASSAGE: Passage = { id: 'p1', source: 'claims.md', title: 'Claims', headingPath: [], text: 'Send claims to claims@example.com within 30 days.', score: 2 };

const request = (overrides: Partial<AnswerRequest> = {}): AnswerRequest => ({
  question: 'Where do I send claims?',
  passages: [PASSAGE],
  summary: '',
  recentTurns: [],
  ...overrides,
});

const verdict = (action: 'NONE' | 'GUARDRAIL_INTERVENED', policyAction?: 'BLOCKED' | 'ANONYMIZED', outputText?: string) => ({
  json: {
    usage: { topicPolicyUnits: 1, contentPolicyUnits: 1, wordPolicyUnits: 1, sensitiveInformationPolicyUnits: 1, sensitiveInformationPolicyFreeUnits: 0, contextualGroundingPolicyUnits: 0 },
    action,
    outputs: outputText !== undefined ? [{ text: outputText }] : [],
    assessments: policyAction !== undefined ? [{ sensitiveInformationPolicy: { piiEntities: [{ type: 'EMAIL', match: 'claims@example.com', action: policyAction }] } }] : [],
  },
});

describe('GuardrailGate: Bedrock guardrails around a model that cannot apply them', () => {
  let harness: Awaited<ReturnType<typeof startBedrockFake>>;
  let fake: FakeBedrock;

  beforeAll(async () => {
    harness = await startBedrockFake();
    fake = harness.fake;
  });
  afterAll(async () => harness.close());
  beforeEach(() => fake.reset());

  const gate = (inner: LanguageModel = new ScriptedLanguageModel(), guardrail: { id: string; version: string } | null = { id: 'gr1', version: '2' }) =>
    new GuardrailGate(inner, { client: () => harness.clients.runtime, ...(guardrail !== null ? { guardrail } : {}), timeoutMs: 5_000 });

  it('passes straight through, streaming included, when no guardrail applies', async () => {
    const updates: string[] = [];
    const answer = await gate(new ScriptedLanguageModel(), null).answer(request({ onText: (text) => updates.push(text) }));
    expect(answer.found).toBe(true);
    expect(updates).toHaveLength(2);
    expect(fake.requests).toHaveLength(0);
  });

  it('judges the question first and does not run the model when it is blocked', async () => {
    fake.on('applyGuardrail', () => verdict('GUARDRAIL_INTERVENED', 'BLOCKED'));
    const inner = new ScriptedLanguageModel();
    const answer = await gate(inner).answer(request());
    expect(answer).toMatchObject({ found: false, guardrail: { stage: 'input', action: 'blocked' } });
    expect(inner.answerRequests).toHaveLength(0);
    const [sent] = fake.requestsFor('applyGuardrail');
    expect(sent?.path).toBe('/guardrail/gr1/version/2/apply');
    expect(sent?.body).toEqual({ source: 'INPUT', content: [{ text: { text: 'Where do I send claims?' } }] });
  });

  it("shows the masked answer, once, after the guardrail judged it; a channel's guardrail wins", async () => {
    fake.on('applyGuardrail', (sent) =>
      sent.body.source === 'INPUT' ? verdict('NONE') : verdict('GUARDRAIL_INTERVENED', 'ANONYMIZED', 'Send claims to {EMAIL} within 30 days. [1]'),
    );
    const updates: string[] = [];
    const answer = await gate().answer(request({ onText: (text) => updates.push(text), channel: { guardrail: { id: 'hr-guard', version: 'DRAFT' } } }));
    expect(answer).toMatchObject({ text: 'Send claims to {EMAIL} within 30 days. [1]', found: true, guardrail: { stage: 'output', action: 'masked' } });
    expect(updates).toEqual(['Send claims to {EMAIL} within 30 days. [1]']);
    expect(fake.requestsFor('applyGuardrail').map((sent) => [sent.path, sent.body.source])).toEqual([
      ['/guardrail/hr-guard/version/DRAFT/apply', 'INPUT'],
      ['/guardrail/hr-guard/version/DRAFT/apply', 'OUTPUT'],
    ]);
  });

  it('withholds a blocked answer', async () => {
    fake.on('applyGuardrail', (sent) => (sent.body.source === 'INPUT' ? verdict('NONE') : verdict('GUARDRAIL_INTERVENED', 'BLOCKED')));
    expect(await gate().answer(request())).toMatchObject({ text: '', found: false, guardrail: { stage: 'output', action: 'blocked' } });
  });

  it('keeps the extractive model without a rewrite, so the core still sends the conversation as context', () => {
    expect(gate(new ExtractiveLanguageModel()).rewriteQuestion).toBeUndefined();
  });

  it('traces each ApplyGuardrail call as a client span with GenAI-style attributes, inside the model call', async () => {
    fake.on('applyGuardrail', (sent) =>
      sent.body.source === 'INPUT' ? verdict('NONE') : verdict('GUARDRAIL_INTERVENED', 'ANONYMIZED', 'Send claims to {EMAIL} within 30 days. [1]'),
    );
    const tracing = inMemoryTracing();
    const traced = new GuardrailGate(new ScriptedLanguageModel(), {
      client: () => harness.clients.runtime,
      guardrail: { id: 'gr1', version: '2' },
      timeoutMs: 5_000,
      tracer: tracing.tracer,
    });
    const model = tracedLanguageModel(traced, tracing.tracer, { provider: 'openai', model: 'on-prem' });

    await model.answer(request());

    const trace = tracing.spans();
    const checks = trace.all('apply_guardrail gr1');
    expect(checks.map((span) => span.attributes)).toEqual([
      expect.objectContaining({
        'gen_ai.operation.name': 'apply_guardrail',
        'gen_ai.provider.name': 'aws.bedrock',
        'aws.bedrock.guardrail.id': 'gr1',
        'aws.bedrock.guardrail.version': '2',
        'steward.guardrail.source': 'input',
        'steward.guardrail.action': 'none',
        'gen_ai.response.finish_reasons': ['stop'],
      }),
      expect.objectContaining({
        'steward.guardrail.source': 'output',
        'steward.guardrail.action': 'masked',
        'gen_ai.response.finish_reasons': ['content_filter'],
      }),
    ]);
    for (const check of checks) {
      expect(check.kind).toBe(SPAN_KIND.client);
      expect(trace.ancestorsOf(check)).toEqual(['chat on-prem']);
    }
    expect(JSON.stringify(checks.map((span) => span.attributes))).not.toContain('claims');
    await tracing.tracer.shutdown();
  });
});

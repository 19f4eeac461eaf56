import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseAppConfig } from '../../../src/config/app-config.js';
import { createKnowledgeProviders, modelProviderConfig } from '../../../src/app/knowledge.js';
import { createCapturingLogger } from '../../fakes/capturing-logger.js';
import { buildTurn } from '../../support/builders.js';
import { FakeBedrock } from '../../support/fake-bedrock.js';

const TEXT = 'Health insurance covers staff and their families. Dental comes with the health plan.';

describe('the RetrieveAndGenerate option', () => {
  let fake: FakeBedrock;
  const { logger } = createCapturingLogger();

  beforeAll(async () => {
    fake = await FakeBedrock.start();
  });
  afterAll(async () => fake.close());
  beforeEach(() => fake.reset());

  const providers = () =>
    createKnowledgeProviders({ knowledgeDir: undefined, awsRegion: 'eu-west-1' }, logger, {
      ...modelProviderConfig(
        parseAppConfig({
          BEDROCK_KNOWLEDGE_BASE_ID: 'KBDEFAULT1',
          BEDROCK_MODEL_ID: 'anthropic.claude-3-5-haiku-20241022-v1:0',
          BEDROCK_RETRIEVE_AND_GENERATE: 'true',
          BEDROCK_GUARDRAIL_ID: 'gr1',
          BEDROCK_GUARDRAIL_VERSION: '1',
          BEDROCK_RUNTIME_ENDPOINT: fake.url,
          BEDROCK_AGENT_RUNTIME_ENDPOINT: fake.url,
          BEDROCK_SOURCE_URLS: JSON.stringify({ 's3://kb/': 'https://intranet.example.com/kb/' }),
        }),
      ),
      retryDelayScale: 0.001,
    });

  it('retrieves inside the answer call and turns its spans into numbered citations', async () => {
    const reference = (key: string, text: string) => ({
      content: { type: 'TEXT', text },
      location: { type: 'S3', s3Location: { uri: `s3://kb/${key}` } },
      metadata: { 'x-amz-bedrock-kb-source-uri': `s3://kb/${key}` },
    });
    fake.on('retrieveAndGenerate', () => ({
      json: {
        sessionId: 'session-1',
        output: { text: TEXT },
        citations: [
          { generatedResponsePart: { textResponsePart: { text: TEXT.slice(0, 49), span: { start: 0, end: 48 } } }, retrievedReferences: [reference('health.md', 'Covers staff and families.')] },
          {
            generatedResponsePart: { textResponsePart: { text: TEXT.slice(50), span: { start: 50, end: TEXT.length - 1 } } },
            retrievedReferences: [reference('dental.md', 'Dental comes with the plan.'), reference('health.md', 'Covers staff and families.')],
          },
        ],
      },
    }));
    const chosen = await providers();
    const { knowledge, model } = chosen;
    try {
      const query = { text: 'What does the dental plan cover?', limit: 5, source: { kind: 'default' as const } };
      const passages = await knowledge.retrieve(query);
      expect(passages).toEqual([]);
      const answer = await model.answer({
        question: 'and dental?',
        passages,
        summary: 'Ann asked about health insurance.',
        recentTurns: [buildTurn({ author: { id: 'U1', name: 'Ann' }, question: 'What does health insurance cover?', answer: 'Staff [1].' })],
        retrieval: query,
        channel: { persona: 'Be brief.' },
      });

      expect(answer.text).toBe('Health insurance covers staff and their families. [1] Dental comes with the health plan. [2][1]');
      expect(answer.citations.map((citation) => [citation.index, citation.url])).toEqual([
        [1, 'https://intranet.example.com/kb/health.md'],
        [2, 'https://intranet.example.com/kb/dental.md'],
      ]);
      const [sent] = fake.requestsFor('retrieveAndGenerate');
      expect(sent?.body.sessionId).toBeUndefined();
      expect(sent?.body.input).toEqual({ text: 'What does the dental plan cover?' });
      const configuration = (sent?.body.retrieveAndGenerateConfiguration as { knowledgeBaseConfiguration: Record<string, unknown> }).knowledgeBaseConfiguration;
      expect(configuration).toMatchObject({
        knowledgeBaseId: 'KBDEFAULT1',
        modelArn: 'arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0',
        retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 5 } },
        generationConfiguration: { guardrailConfiguration: { guardrailId: 'gr1', guardrailVersion: '1' } },
      });
      const template = JSON.stringify(configuration.generationConfiguration);
      for (const part of ['$search_results$', '$query$', 'Be brief.', 'Ann asked about health insurance.', 'Ann: What does health insurance cover?']) {
        expect(template).toContain(part);
      }
    } finally {
      await chosen.close();
    }
  });

  it('keeps the answer and cites the references of citations that come without a span', async () => {
    const response = JSON.parse(readFileSync(new URL('../../fixtures/bedrock/retrieve-and-generate-no-span.json', import.meta.url), 'utf8')) as unknown;
    fake.on('retrieveAndGenerate', () => ({ json: response }));
    const chosen = await providers();
    try {
      const answer = await chosen.model.answer({
        question: 'What happens on my first day?',
        passages: [],
        summary: '',
        recentTurns: [],
        retrieval: { text: 'What happens on my first day?', limit: 5, source: { kind: 'default' } },
      });

      expect(answer.found).toBe(true);
      expect(answer.text).toBe(
        'New starters collect their badge from reception on their first day. [1] The office opens at 07:30. [2]',
      );
      expect(answer.citations.map((citation) => [citation.index, citation.source])).toEqual([
        [1, 's3://kb/onboarding.md'],
        [2, 's3://kb/offices.md'],
      ]);
    } finally {
      await chosen.close();
    }
  });

  it('reports a guardrail intervention', async () => {
    fake.on('retrieveAndGenerate', () => ({ json: { sessionId: 's', output: { text: 'Sorry.' }, guardrailAction: 'INTERVENED' } }));
    const chosen = await providers();
    const { model } = chosen;
    try {
      const answer = await model.answer({ question: 'x', passages: [], summary: '', recentTurns: [], retrieval: { text: 'x', limit: 5 } });
      expect(answer).toMatchObject({ found: false, guardrail: { stage: 'output', action: 'blocked' } });
    } finally {
      await chosen.close();
    }
  });
});

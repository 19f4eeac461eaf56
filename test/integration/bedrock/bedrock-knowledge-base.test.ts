import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BedrockKnowledgeBase } from '../../../adapters/bedrock/bedrock-knowledge-base.js';
import { channelSettingsSchema } from '../../../src/channels/channel-settings.js';
import { DependencyError } from '../../../src/errors.js';
import type { FakeBedrock } from '../../support/fake-bedrock.js';
import { s3Result, startBedrockFake } from '../../support/bedrock-harness.js';

describe('BedrockKnowledgeBase against a fake Bedrock', () => {
  let harness: Awaited<ReturnType<typeof startBedrockFake>>;
  let fake: FakeBedrock;

  beforeAll(async () => {
    harness = await startBedrockFake();
    fake = harness.fake;
  });
  afterAll(async () => harness.close());
  beforeEach(() => fake.reset());

  const knowledgeBase = (overrides: { rerankingModel?: string; numberOfResults?: number } = {}) =>
    new BedrockKnowledgeBase({
      client: harness.clients.agentRuntime,
      region: 'eu-west-1',
      defaults: { knowledgeBaseId: 'KBDEFAULT1', rerankingCandidates: 20, ...overrides },
      sourceUrls: {
        's3://handbook-bucket/policies/': 'https://intranet.example.com/policies/',
        's3://handbook-bucket/': 'https://intranet.example.com/docs/',
      },
      timeoutMs: 5_000,
    });

  it("sends the channel's knowledge base, filter, result count and search type", async () => {
    fake.on('retrieve', () => ({ json: { retrievalResults: [] } }));
    const source = channelSettingsSchema.parse({
      knowledge: {
        kind: 'bedrock',
        knowledgeBaseId: 'KBHRONLY01',
        filter: { andAll: [{ equals: { key: 'department', value: 'hr' } }, { in: { key: 'region', value: ['eu', 'global'] } }] },
        numberOfResults: 3,
        searchType: 'HYBRID',
      },
    }).knowledge;

    await knowledgeBase().retrieve({ text: 'How many vacation days do I get?', limit: 5, source });

    const [request] = fake.requestsFor('retrieve');
    expect(request?.resourceId).toBe('KBHRONLY01');
    expect(request?.body).toEqual({
      retrievalQuery: { text: 'How many vacation days do I get?' },
      retrievalConfiguration: {
        vectorSearchConfiguration: {
          numberOfResults: 3,
          overrideSearchType: 'HYBRID',
          filter: { andAll: [{ equals: { key: 'department', value: 'hr' } }, { in: { key: 'region', value: ['eu', 'global'] } }] },
        },
      },
    });
    // Signed like any AWS call, so IAM policies apply to it.
    expect(String(request?.headers.authorization)).toMatch(/^AWS4-HMAC-SHA256 Credential=steward\/\d{8}\/eu-west-1\/bedrock\//);
  });

  it('uses the configured knowledge base with reranking: more candidates, the best few kept', async () => {
    fake.on('retrieve', () => ({ json: { retrievalResults: [] } }));
    await knowledgeBase({ rerankingModel: 'amazon.rerank-v1:0' }).retrieve({ text: 'expenses', limit: 4, source: { kind: 'default' } });
    const [request] = fake.requestsFor('retrieve');
    expect(request?.resourceId).toBe('KBDEFAULT1');
    expect(request?.body.retrievalConfiguration).toEqual({
      vectorSearchConfiguration: {
        numberOfResults: 20,
        rerankingConfiguration: {
          type: 'BEDROCK_RERANKING_MODEL',
          bedrockRerankingConfiguration: {
            modelConfiguration: { modelArn: 'arn:aws:bedrock:eu-west-1::foundation-model/amazon.rerank-v1:0' },
            numberOfRerankedResults: 4,
          },
        },
      },
    });
  });

  it('carries the conversation into the query text of a follow-up that was not rewritten', async () => {
    fake.on('retrieve', () => ({ json: { retrievalResults: [] } }));
    await knowledgeBase().retrieve({ text: 'and for dental?', context: 'What does health insurance cover?', limit: 5 });
    expect(fake.requestsFor('retrieve')[0]?.body.retrievalQuery).toEqual({ text: 'and for dental?\nWhat does health insurance cover?' });
  });

  it('keeps where each passage came from and links it where people can open it', async () => {
    fake.on('retrieve', () => ({
      json: {
        retrievalResults: [
          s3Result({ uri: 's3://handbook-bucket/policies/Travel%20Policy.pdf', text: 'Book through the portal.', score: 0.91, page: 3, chunkId: 'c-1' }),
          s3Result({ uri: 's3://handbook-bucket/benefits/dental.md', text: 'Dental is included.', title: 'Dental cover', score: 0.7 }),
          s3Result({ uri: 's3://other-bucket/notes.txt', text: 'Unmapped bucket.', score: 0.5 }),
          {
            content: { type: 'TEXT', text: 'Open the VPN client and sign in.' },
            location: { type: 'CONFLUENCE', confluenceLocation: { url: 'https://wiki.example.com/display/IT/VPN' } },
            score: 0.6,
            metadata: { 'x-amz-bedrock-kb-title': 'VPN how-to' },
          },
          { content: { type: 'IMAGE', byteContent: 'aGVsbG8=' }, location: { type: 'S3', s3Location: { uri: 's3://handbook-bucket/logo.png' } }, score: 0.4 },
        ],
      },
    }));

    const passages = await knowledgeBase().retrieve({ text: 'travel', limit: 10 });

    expect(passages.map(({ id, source, title, url, score }) => ({ id, source, title, url, score }))).toEqual([
      {
        id: 'c-1',
        source: 's3://handbook-bucket/policies/Travel%20Policy.pdf',
        title: 'Travel Policy.pdf (page 3)',
        url: 'https://intranet.example.com/policies/Travel%20Policy.pdf#page=3',
        score: 0.91,
      },
      {
        id: 'chunk-s3://handbook-bucket/benefits/dental.md',
        source: 's3://handbook-bucket/benefits/dental.md',
        title: 'Dental cover',
        url: 'https://intranet.example.com/docs/benefits/dental.md',
        score: 0.7,
      },
      { id: 'chunk-s3://other-bucket/notes.txt', source: 's3://other-bucket/notes.txt', title: 'notes.txt', url: undefined, score: 0.5 },
      { id: 'https://wiki.example.com/display/IT/VPN#3', source: 'https://wiki.example.com/display/IT/VPN', title: 'VPN how-to', url: 'https://wiki.example.com/display/IT/VPN', score: 0.6 },
    ]);
    expect(passages[0]?.text).toBe('Book through the portal.');
  });

  it('uses the text of audio transcriptions, video summaries and rows, and leaves out images', async () => {
    const response = JSON.parse(readFileSync(new URL('../../fixtures/bedrock/retrieve-mixed-content.json', import.meta.url), 'utf8')) as unknown;
    fake.on('retrieve', () => ({ json: response }));

    const passages = await knowledgeBase().retrieve({ text: 'When does the office open and how do badges work?', limit: 10 });

    expect(passages.map(({ id, source, text }) => ({ id, source, text }))).toEqual([
      {
        id: 'audio-chunk-0004',
        source: 's3://handbook-bucket/recordings/all-hands-2026-03.mp3',
        text: 'From April the office opens at seven thirty, and the car park barrier reads the new badges.',
      },
      {
        id: 'video-chunk-0001',
        source: 's3://handbook-bucket/videos/badge-setup.mp4',
        text: 'A staff member holds the new badge against the reader next to the lift until the light turns green.',
      },
      { id: 'row-0001', source: 'knowledge base', text: 'site: Headquarters\nopens_at: 07:30' },
      { id: 'text-0001', source: 's3://handbook-bucket/policies/onboarding.md', text: 'Badges are collected from reception on the first day.' },
    ]);
  });

  it('retries throttling with backoff and then succeeds', async () => {
    fake.sequence('retrieve', [
      { status: 429, errorType: 'ThrottlingException', message: 'Too many requests, please wait before trying again.' },
      { status: 429, errorType: 'ThrottlingException' },
      { json: { retrievalResults: [s3Result({ uri: 's3://handbook-bucket/a.md', text: 'Answer text.' })] } },
    ]);
    const passages = await knowledgeBase().retrieve({ text: 'anything', limit: 5 });
    expect(passages.map((passage) => passage.text)).toEqual(['Answer text.']);
    expect(fake.requestsFor('retrieve')).toHaveLength(3);
  });

  it('reports a filter Bedrock refuses as a dependency error with a message for the person', async () => {
    fake.on('retrieve', () => ({ status: 400, errorType: 'ValidationException', message: 'Invalid filter' }));
    const error: unknown = await knowledgeBase()
      .retrieve({ text: 'x', limit: 5 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DependencyError);
    expect(error).toMatchObject({ dependency: 'bedrock', code: 'DEPENDENCY_UNAVAILABLE', message: expect.stringContaining('ValidationException') as unknown });
    expect((error as DependencyError).userMessage).toMatch(/refused/);
    // A client error is not retried: the same request would be refused again.
    expect(fake.requestsFor('retrieve')).toHaveLength(1);
  });
});

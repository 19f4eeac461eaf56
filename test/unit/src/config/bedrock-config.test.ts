import { describe, expect, it } from 'vitest';
import { bedrockConfigSchema } from '../../../../src/config/bedrock-config.js';
import { parseConfig } from '../../../../src/config/environment.js';
import { openAiCompatibleConfigSchema } from '../../../../src/config/openai-compatible-config.js';
import { redactSecrets } from '../../../../src/config/redact-secrets.js';
import { ConfigError } from '../../../../src/errors.js';

describe('Bedrock configuration', () => {
  it('configures nothing by default, so the local providers serve', () => {
    const config = parseConfig(bedrockConfigSchema, {});
    expect(config).toMatchObject({
      knowledgeBaseId: undefined,
      modelId: undefined,
      guardrail: undefined,
      retrieveAndGenerate: false,
      sourceUrls: {},
      prices: {},
      maxAttempts: 4,
    });
  });

  it('reads ids, endpoints, retrieval options, the S3 link map and the price table', () => {
    const config = parseConfig(bedrockConfigSchema, {
      BEDROCK_KNOWLEDGE_BASE_ID: 'ABCDEFGHIJ',
      BEDROCK_MODEL_ID: 'anthropic.claude-3-5-haiku-20241022-v1:0',
      BEDROCK_GUARDRAIL_ID: 'gr-1',
      BEDROCK_GUARDRAIL_VERSION: 'DRAFT',
      BEDROCK_RUNTIME_ENDPOINT: 'https://vpce-1.bedrock-runtime.eu-west-1.vpce.amazonaws.com',
      BEDROCK_NUMBER_OF_RESULTS: '8',
      BEDROCK_SEARCH_TYPE: 'HYBRID',
      BEDROCK_RETRIEVE_AND_GENERATE: 'true',
      BEDROCK_SOURCE_URLS: '{"s3://kb-bucket/hr/": "https://hr.example.com/"}',
      BEDROCK_MODEL_PRICES:
        '{"anthropic.claude-3-5-haiku-20241022-v1:0": {"inputPerMillion": 0.8, "outputPerMillion": 4}}',
    });
    expect(config).toMatchObject({
      knowledgeBaseId: 'ABCDEFGHIJ',
      guardrail: { id: 'gr-1', version: 'DRAFT' },
      runtimeEndpoint: 'https://vpce-1.bedrock-runtime.eu-west-1.vpce.amazonaws.com',
      retrieval: { numberOfResults: 8, searchType: 'HYBRID' },
      retrieveAndGenerate: true,
      sourceUrls: { 's3://kb-bucket/hr/': 'https://hr.example.com/' },
      prices: { 'anthropic.claude-3-5-haiku-20241022-v1:0': { inputPerMillion: 0.8, outputPerMillion: 4 } },
    });
  });

  it('lists every problem: bad id, half a guardrail, JSON that is not JSON, an option without its prerequisites', () => {
    let error: unknown;
    try {
      parseConfig(bedrockConfigSchema, {
        BEDROCK_KNOWLEDGE_BASE_ID: 'short',
        BEDROCK_GUARDRAIL_ID: 'gr-1',
        BEDROCK_MODEL_PRICES: '{not json',
        BEDROCK_SOURCE_URLS: '{"https://not-s3/": "https://x.example.com/"}',
        BEDROCK_SEARCH_TYPE: 'KEYWORD',
        BEDROCK_RETRIEVE_AND_GENERATE: 'maybe',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of [
      'BEDROCK_KNOWLEDGE_BASE_ID',
      'BEDROCK_MODEL_PRICES',
      'BEDROCK_SOURCE_URLS',
      'BEDROCK_SEARCH_TYPE',
      'BEDROCK_RETRIEVE_AND_GENERATE',
    ]) {
      expect(problems).toContain(name);
    }
    expect(() => parseConfig(bedrockConfigSchema, { BEDROCK_GUARDRAIL_ID: 'gr-1' })).toThrow(/set together/);
    expect(() => parseConfig(bedrockConfigSchema, { BEDROCK_RETRIEVE_AND_GENERATE: '1' })).toThrow(
      /needs BEDROCK_KNOWLEDGE_BASE_ID and BEDROCK_MODEL_ID/,
    );
  });
});

describe('OpenAI-compatible configuration', () => {
  it('needs a model name with a URL and keeps the API key out of printed configuration', () => {
    expect(() =>
      parseConfig(openAiCompatibleConfigSchema, { OPENAI_COMPATIBLE_URL: 'http://gpu-01:8000/v1' }),
    ).toThrow(/OPENAI_COMPATIBLE_MODEL/);
    const config = parseConfig(openAiCompatibleConfigSchema, {
      OPENAI_COMPATIBLE_URL: 'http://gpu-01:8000/v1',
      OPENAI_COMPATIBLE_MODEL: 'meta-llama/Llama-3.1-8B-Instruct',
      OPENAI_COMPATIBLE_API_KEY: 'sk-local-123',
    });
    expect(config).toMatchObject({
      url: 'http://gpu-01:8000/v1',
      model: 'meta-llama/Llama-3.1-8B-Instruct',
      maxAttempts: 3,
    });
    expect(redactSecrets(config)).toMatchObject({ apiKey: '[redacted]' });
  });

  it('refuses a second model provider at start, whichever process reads it', () => {
    expect(() =>
      parseConfig(openAiCompatibleConfigSchema, {
        OPENAI_COMPATIBLE_URL: 'http://gpu-01:8000/v1',
        OPENAI_COMPATIBLE_MODEL: 'meta-llama/Llama-3.1-8B-Instruct',
        BEDROCK_MODEL_ID: 'anthropic.claude-3-haiku-20240307-v1:0',
      }),
    ).toThrow(/OPENAI_COMPATIBLE_URL: and BEDROCK_MODEL_ID are both set/);
  });
});

import { createBedrockClients, type BedrockClients } from '../../adapters/bedrock/bedrock-clients.js';
import { FakeBedrock } from './fake-bedrock.js';

/** Real Bedrock SDK clients pointed at a fresh fake, with retry waits shrunk to milliseconds. */
export async function startBedrockFake(options: { maxAttempts?: number } = {}): Promise<{ fake: FakeBedrock; clients: BedrockClients; close(): Promise<void> }> {
  const fake = await FakeBedrock.start();
  const clients = createBedrockClients({
    region: 'eu-west-1',
    runtimeEndpoint: fake.url,
    agentRuntimeEndpoint: fake.url,
    maxAttempts: options.maxAttempts ?? 4,
    retryDelayScale: 0.001,
    idleTimeoutMs: 5_000,
  });
  return {
    fake,
    clients,
    async close() {
      clients.destroy();
      await fake.close();
    },
  };
}

/** A Retrieve result as Bedrock returns it for a document in S3. */
export function s3Result(options: { uri: string; text: string; score?: number; title?: string; page?: number; chunkId?: string }) {
  return {
    content: { type: 'TEXT', text: options.text },
    location: { type: 'S3', s3Location: { uri: options.uri } },
    score: options.score ?? 0.8,
    metadata: {
      'x-amz-bedrock-kb-source-uri': options.uri,
      'x-amz-bedrock-kb-chunk-id': options.chunkId ?? `chunk-${options.uri}`,
      'x-amz-bedrock-kb-data-source-id': 'DS00000001',
      ...(options.title !== undefined ? { title: options.title } : {}),
      ...(options.page !== undefined ? { 'x-amz-bedrock-kb-document-page-number': options.page } : {}),
    },
  };
}

import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKnowledgeProviders, type KnowledgeProviders, modelProviderConfig } from '../../../src/app/knowledge.js';
import { parseAppConfig } from '../../../src/config/app-config.js';
import { createCapturingLogger } from '../../fakes/capturing-logger.js';
import { s3Result } from '../../support/bedrock-harness.js';
import { FakeBedrock } from '../../support/fake-bedrock.js';

describe("routing each channel's query to its knowledge source", () => {
  let dir: string;
  let fake: FakeBedrock;
  let providers: KnowledgeProviders;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'steward-routing-'));
    await mkdir(join(dir, 'hr'));
    await mkdir(join(dir, 'it'));
    await writeFile(join(dir, 'hr', 'leave.md'), '# Parental leave\n\nParental leave lasts sixteen weeks, fully paid.\n');
    await writeFile(join(dir, 'it', 'leave-devices.md'), '# Devices when you leave\n\nReturn your laptop when you leave the company.\n');
    fake = await FakeBedrock.start();
    fake.on('retrieve', () => ({ json: { retrievalResults: [s3Result({ uri: 's3://kb/policy.md', text: 'From Bedrock.' })] } }));
    // The service itself runs on the local folder; only the endpoint of Bedrock is configured.
    const config = parseAppConfig({ KNOWLEDGE_DIR: dir, BEDROCK_AGENT_RUNTIME_ENDPOINT: fake.url });
    providers = await createKnowledgeProviders(config.core, createCapturingLogger().logger, modelProviderConfig(config));
  });

  afterAll(async () => {
    await providers.close();
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers a default channel from the local folder', async () => {
    const passages = await providers.knowledge.retrieve({ text: 'leave', limit: 5, source: { kind: 'default' } });
    expect(new Set(passages.map((passage) => passage.source))).toEqual(new Set(['hr/leave.md', 'it/leave-devices.md']));
    expect(fake.requests).toHaveLength(0);
  });

  it("keeps a channel on a local collection to that sub-folder's documents", async () => {
    const passages = await providers.knowledge.retrieve({ text: 'leave', limit: 5, source: { kind: 'local', collection: 'hr' } });
    expect(passages.map((passage) => passage.source)).toEqual(['hr/leave.md']);
  });

  it('sends a channel that names a Bedrock knowledge base to Bedrock', async () => {
    const passages = await providers.knowledge.retrieve({ text: 'leave', limit: 5, source: { kind: 'bedrock', knowledgeBaseId: 'KBCHANNEL1' } });
    expect(passages.map((passage) => passage.text)).toEqual(['From Bedrock.']);
    expect(fake.requestsFor('retrieve')[0]?.resourceId).toBe('KBCHANNEL1');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAppConfig } from '../../src/config/app-config.js';
import { type RunningService, startService } from '../../src/app/start-service.js';
import { BLOCKED_ANSWER_MESSAGE } from '../../src/conversation/turn-outcome.js';
import { createCapturingLogger } from '../fakes/capturing-logger.js';
import { RecordingCardMessenger } from '../fakes/recording-card-messenger.js';
import { channelKeyOf } from '../../src/channels/channel-key.js';
import { channelSettingsSchema } from '../../src/channels/channel-settings.js';
import { useTestTable } from '../support/dynamodb.js';
import { textStreamFrames, toolUseStreamFrames } from '../support/event-stream-frames.js';
import { FakeBedrock } from '../support/fake-bedrock.js';
import { s3Result } from '../support/bedrock-harness.js';

const MODEL = 'anthropic.claude-3-5-haiku-20241022-v1:0';

describe('the service answering through Bedrock (configured by environment)', () => {
  const table = useTestTable('e2e-bedrock');
  let runtime: FakeBedrock;
  let agentRuntime: FakeBedrock;
  let service: RunningService;
  const cards = new RecordingCardMessenger('cli');
  const actionsRef = { platform: 'cli' as const, tenantId: 'local', channelId: 'ops', threadId: 'e2e-bedrock-actions' };

  beforeAll(async () => {
    // Two fakes, so the test proves each endpoint override reaches its own service.
    runtime = await FakeBedrock.start();
    agentRuntime = await FakeBedrock.start();
    agentRuntime.on('retrieve', () => ({
      json: { retrievalResults: [s3Result({ uri: 's3://corp-kb/it/vpn.md', text: 'Open the VPN client and sign in with SSO.', title: 'VPN' })] },
    }));
    const config = parseAppConfig({
      PORT: '0',
      DYNAMODB_ENDPOINT: table.endpoint,
      DYNAMODB_TABLE: table.tableName,
      BEDROCK_REGION: 'eu-central-1',
      BEDROCK_KNOWLEDGE_BASE_ID: 'KBCORP0001',
      BEDROCK_MODEL_ID: MODEL,
      BEDROCK_GUARDRAIL_ID: 'corp-guardrail',
      BEDROCK_GUARDRAIL_VERSION: '4',
      BEDROCK_RUNTIME_ENDPOINT: runtime.url,
      BEDROCK_AGENT_RUNTIME_ENDPOINT: agentRuntime.url,
      BEDROCK_SOURCE_URLS: JSON.stringify({ 's3://corp-kb/': 'https://intranet.example.com/kb/' }),
      BEDROCK_MODEL_PRICES: JSON.stringify({ [MODEL]: { inputPerMillion: 1, outputPerMillion: 5 } }),
    });
    service = await startService(config, {
      logger: createCapturingLogger().logger,
      approvals: { cardMessengers: [cards] },
    });
    // Stored as an admin would, so the message's answer and its proposals read the same settings.
    await service.admin.settings.put(
      channelKeyOf(actionsRef),
      channelSettingsSchema.parse({
        actions: [{ actionId: 'restart-service' }, { actionId: 'open-it-ticket' }],
        approvers: { users: ['approver'], groups: [] },
      }),
      { expectedVersion: 0, updatedBy: { kind: 'cli', id: 'e2e' } },
    );
  });

  afterAll(async () => {
    await service.stop();
    await Promise.all([runtime.close(), agentRuntime.close()]);
  });

  const ref = { platform: 'cli' as const, tenantId: 'local', channelId: 'terminal', threadId: 'e2e-bedrock' };

  it('answers with a cited, linked answer and stores the turn with its usage in DynamoDB', async () => {
    runtime.on('converseStream', () => ({ frames: textStreamFrames('Open the VPN client and sign in with SSO [1].', { usage: { inputTokens: 2000, outputTokens: 100 } }) }));

    const reply = await service.core.dispatcher.dispatch({
      ref,
      author: { id: 'tester', name: 'Tess' },
      text: 'How do I connect to the VPN?',
      eventId: 'e2e-bedrock-1',
      receivedAt: new Date(),
    });

    expect(reply).toMatchObject({
      kind: 'answer',
      text: 'Open the VPN client and sign in with SSO [1].',
      found: true,
      citations: [{ index: 1, title: 'VPN', url: 'https://intranet.example.com/kb/it/vpn.md' }],
    });
    expect(agentRuntime.requestsFor('retrieve')[0]?.resourceId).toBe('KBCORP0001');
    expect(runtime.requestsFor('converseStream')[0]?.body.guardrailConfig).toMatchObject({ guardrailIdentifier: 'corp-guardrail', guardrailVersion: '4' });
    expect(String(runtime.requests[0]?.headers.authorization)).toContain('/eu-central-1/bedrock/');
    const [turn] = (await service.storage.store.load(ref)).turns;
    expect(turn?.usage).toEqual({ inputTokens: 2000, outputTokens: 100, costUsd: 0.0025, modelId: MODEL });
  });

  it('counts a guardrail intervention on GET /metrics', async () => {
    runtime.on('converseStream', () => ({
      frames: textStreamFrames('Blocked.', {
        stopReason: 'guardrail_intervened',
        trace: { guardrail: { outputAssessments: { 'corp-guardrail': [{ wordPolicy: { customWords: [{ match: 'codename', action: 'BLOCKED' }] } }] } } },
      }),
    }));
    const reply = await service.core.dispatcher.dispatch({
      ref,
      author: { id: 'tester' },
      text: 'What is the VPN codename?',
      eventId: 'e2e-bedrock-2',
      receivedAt: new Date(),
    });
    expect(reply).toMatchObject({ kind: 'answer', text: BLOCKED_ANSWER_MESSAGE });

    const response = await fetch(`${service.management.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const metrics = await response.text();
    expect(metrics).toContain('steward_guardrail_interventions_total{stage="output",action="blocked"} 1');
    expect(metrics).toContain('steward_answers_total{found="true"} 1');
    expect(metrics).toMatch(/steward_model_cost_usd_total 0\.00\d+/);
  });

  it("offers the channel's actions as tools and stores the model's call as a flagged proposal", async () => {
    runtime.on('converseStream', () => ({
      frames: toolUseStreamFrames('Use the VPN client and sign in with SSO [1].', [{ name: 'open-it-ticket', input: { summary: 'Open the VPN client' } }]),
    }));

    const reply = await service.core.dispatcher.dispatch({
      ref: actionsRef,
      author: { id: 'tester', name: 'Tess' },
      text: 'The VPN does not work for me, please open a ticket',
      eventId: 'e2e-bedrock-actions-1',
      receivedAt: new Date(),
    });

    expect(reply).toMatchObject({ kind: 'answer', found: true });
    const sent = runtime.requestsFor('converseStream').at(-1)?.body as { toolConfig?: { tools: { toolSpec: { name: string } }[] } };
    expect(sent.toolConfig?.tools.map((tool) => tool.toolSpec.name)).toEqual(['open-it-ticket', 'restart-service']);
    const card = cards.cards[0]?.versions[0];
    expect(card).toMatchObject({ kind: 'proposal', headline: 'Suggested action for Tess: Open an IT ticket', flaggedParameters: [{ name: 'summary', foundIn: ['VPN'] }] });
    // Dismissing answers with the card redrawn from the proposal stored in DynamoDB: the flag was kept.
    const dismissed = await service.approvals.workflow.interactions.handle({
      action: 'dismiss',
      id: card?.id ?? expect.fail('no card'),
      actor: { platform: 'cli', tenantId: 'local', userId: 'tester', name: 'Tess' },
      message: cards.cards[0]?.message ?? expect.fail('no card message'),
    });
    expect(dismissed.card).toMatchObject({ state: 'dismissed', flaggedParameters: [{ name: 'summary', foundIn: ['VPN'] }] });
  });
});

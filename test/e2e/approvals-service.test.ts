import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAppConfig } from '../../src/config/app-config.js';
import { type RunningService, startService } from '../../src/app/start-service.js';
import { createCapturingLogger } from '../fakes/capturing-logger.js';
import { RecordingCardMessenger } from '../fakes/recording-card-messenger.js';
import { StaticChannelSettingsReader } from '../fakes/static-channel-settings-reader.js';
import { APPROVER_1, ORIGIN, REQUESTER } from '../support/approval-harness.js';
import { deletePrefix, eventually, uniquePrefix, webhookCatalogue } from '../support/approval-integration.js';
import { useTestTable } from '../support/dynamodb.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

const SECRET = 'e2e-signing-secret-0123456789abcdefghij';

describe('approvals in the running service', () => {
  const table = useTestTable('e2e-approvals');
  const prefix = uniquePrefix();
  const platform = new RecordingCardMessenger('slack');
  let receiver: WebhookReceiver;
  let service: RunningService;

  beforeAll(async () => {
    receiver = await startWebhookReceiver(SECRET);
    const dir = mkdtempSync(join(tmpdir(), 'steward-actions-'));
    const actionsFile = join(dir, 'actions.yaml');
    writeFileSync(actionsFile, webhookCatalogue(receiver.url));
    const config = parseAppConfig({
      PORT: '0',
      DYNAMODB_ENDPOINT: table.endpoint,
      DYNAMODB_TABLE: table.tableName,
      ACTIONS_FILE: actionsFile,
      ACTIONS_SIGNING_SECRET: SECRET,
      APPROVALS_QUEUE_PREFIX: prefix,
    });
    service = await startService(config, {
      logger: createCapturingLogger().logger,
      approvals: {
        cardMessengers: [platform],
        chatMessengers: [platform],
        channelSettings: new StaticChannelSettingsReader().set(ORIGIN, {
          actions: [{ actionId: 'restart-service' }],
          approvers: { users: [APPROVER_1.userId], groups: [] },
        }),
      },
    });
  });

  afterAll(async () => {
    await service.stop();
    await receiver.close();
    await deletePrefix(prefix);
  });

  it('runs a `run` command through the dispatcher, a confirm and an approval to one signed webhook', async () => {
    const reply = await service.core.dispatcher.dispatch({
      ref: ORIGIN,
      author: { id: REQUESTER.userId, name: 'Rita' },
      text: 'run restart-service service=web because the site returns 502',
      eventId: 'e2e-run-1',
      receivedAt: new Date(),
    });
    expect(reply).toMatchObject({ kind: 'card-posted', card: { kind: 'proposal' } });
    const id = reply.kind === 'card-posted' ? reply.card.id : '';
    const [copy] = platform.copiesOf(id);
    if (!copy) {
      throw new Error('no card posted');
    }

    const { interactions } = service.approvals.workflow;
    expect(
      await interactions.handle({ action: 'confirm', id, actor: REQUESTER, message: copy.message }),
    ).toMatchObject({ changed: true });
    expect(
      await interactions.handle({ action: 'approve', id, actor: APPROVER_1, message: copy.message }),
    ).toMatchObject({
      changed: true,
      card: { state: 'approved' },
    });

    await receiver.waitForCalls(1);
    expect(receiver.received[0]).toMatchObject({ path: '/services/web/restart', signatureValid: true });
    await eventually(() => platform.copiesOf(id)[0]?.card.state === 'succeeded');
    await eventually(() => platform.messages.some((m) => /ran: HTTP 200/.test(m.message.text)));
  });
});

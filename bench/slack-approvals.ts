import { cpus, loadavg } from 'node:os';
import { createDynamoClients, ensureTable, startDynamoDbLocal } from '../adapters/dynamodb/index.js';
import { decodeCardButton } from '../src/approval-rules/card-buttons.js';
import { cardButtonsOf } from '../test/support/slack-cards.js';
import { startSlackApprovals, TENANT } from '../test/support/slack-approvals.js';
import { type BenchSection, formatMs, percentile } from './bench-result.js';
import { freePort } from '../test/support/free-port.js';

const WARMUP = 10;
const SAMPLES = 100;
const CHANNEL = 'C0BENCH';
const REQUESTER = 'U0RITA';
const APPROVER = 'U0ANN';
const TABLE = 'bench-slack-approvals';

/**
 * An Approve click through the Slack route: a signed block_actions request to /slack/events of
 * the whole service (Bolt, the approval workflow on DynamoDB Local, BullMQ on Redis, a fake Slack
 * Web API) until the signed webhook reaches a local receiver. Each request is made through Slack
 * first (a mention, then Confirm) and finishes before the next one is clicked.
 */
export async function runSlackApprovalsBench(): Promise<BenchSection> {
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  const clients = createDynamoClients({ region: 'us-east-1', endpoint: dynamo.endpoint });
  try {
    await ensureTable(clients.client, TABLE);
    const s = await startSlackApprovals({ endpoint: dynamo.endpoint, tableName: TABLE });
    try {
      await s.configure(CHANNEL, {
        actions: [{ actionId: 'restart-service' }],
        approvers: { users: [APPROVER], groups: [] },
      });
      const acknowledged: number[] = [];
      const cardUpdated: number[] = [];
      const webhookReceived: number[] = [];
      const directWebhook: number[] = [];
      const { interactions } = s.handle.service.approvals.workflow;
      for (let i = 0; i < WARMUP + 2 * SAMPLES; i += 1) {
        const thread = await s.mention(
          CHANNEL,
          REQUESTER,
          `run restart-service service=web because bench ${i}`,
        );
        const card = await s.card(CHANNEL, thread);
        await s.click(card, 'confirm', REQUESTER);
        await s.until(card, 'Waiting for 1 more approval');
        const id = decodeCardButton(cardButtonsOf(card.post)[0]?.value ?? '')?.id ?? '';
        const counted = i >= WARMUP;

        if (i % 2 === 1) {
          // The same approval without the Slack route, in the same process and run: the baseline.
          const started = performance.now();
          await interactions.handle({
            action: 'approve',
            id,
            actor: { platform: 'slack', tenantId: TENANT, userId: APPROVER },
            message: {
              address: { platform: 'slack', tenantId: TENANT, channelId: CHANNEL, threadId: thread },
              messageId: card.ts,
            },
          });
          const webhook = await s.receiver.firstCallFor(id);
          await s.until(card, 'Succeeded');
          if (counted) {
            directWebhook.push(webhook.receivedAt - started);
          }
          continue;
        }

        const callsBefore = s.slack.calls.length;
        const started = performance.now();
        const response = await s.click(card, 'approve', APPROVER);
        const acked = performance.now();
        if (response.status !== 200) {
          throw new Error(`approve click answered ${response.status}`);
        }
        const webhook = await s.receiver.firstCallFor(id);
        const update = await s.slack.waitFor(
          (call) =>
            s.slack.calls.indexOf(call) >= callsBefore &&
            call.method === 'chat.update' &&
            call.args.ts === card.ts,
        );
        await s.until(card, 'Succeeded');
        if (counted) {
          acknowledged.push(acked - started);
          cardUpdated.push(update.receivedAt - started);
          webhookReceived.push(webhook.receivedAt - started);
        }
      }
      const row = (name: string, samples: readonly number[]) => [
        name,
        samples.length,
        formatMs(percentile(samples, 0.5)),
        formatMs(percentile(samples, 0.99)),
      ];
      return {
        title: 'Approvals through Slack: signed approve click to executor call',
        columns: ['measure', 'samples', 'p50 ms', 'p99 ms'],
        rows: [
          row('approve click → HTTP 200 to Slack (acknowledged)', acknowledged),
          row('approve click → clicked card updated (chat.update received)', cardUpdated),
          row('approve click → webhook received', webhookReceived),
          row('baseline: ApprovalInteractions.handle → webhook received (no Slack route)', directWebhook),
        ],
        notes: [
          `${2 * SAMPLES} requests one after another (the first ${WARMUP} not counted), each made through Slack (a mention, then Confirm) and finished before the next; every other one is approved by calling the workflow directly, as the baseline.`,
          'The click is a signed block_actions request to /slack/events over loopback; Steward verifies it, acknowledges, and the workflow then reads the request, writes the decision conditionally, audits and queues the execution; the in-process worker runs the signed webhook to a local receiver.',
          'The difference between the last two rows is the Slack route: signature check, Bolt, the acknowledgement, and the clicked card’s chat.update sharing the event loop with the queued execution.',
          `1-minute load average at the end of the run: ${(loadavg()[0] ?? 0).toFixed(1)} on ${cpus().length} cores (the machine is shared; compare runs at similar load only).`,
        ],
      };
    } finally {
      await s.close();
    }
  } finally {
    clients.destroy();
    await dynamo.stop();
  }
}

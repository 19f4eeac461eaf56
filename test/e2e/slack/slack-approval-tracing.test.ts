import { approvalIdOfValue } from '../../support/card-signing.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../support/approval-integration.js';
import { useTestTable } from '../../support/dynamodb.js';
import { inMemoryTracing } from '../../support/in-memory-tracing.js';
import { cardButtonsOf } from '../../support/slack-cards.js';
import { type PostedCard, type SlackApprovals, startSlackApprovals } from '../../support/slack-approvals.js';
import { SPAN_KIND } from '../../support/span-tree.js';

const OPS = 'C0OPS';
const APPROVERS = 'C0APPROVERS';
const RITA = 'U0RITA';
const ANN = 'U0ANN';

/*
 * An approval through Slack (the real HTTP entry, the approvals queue on Redis and its worker in
 * the same process, a local webhook receiver), traced into memory: the approving click's trace
 * holds the decision, the queued job and the webhook call.
 */
describe('the trace of an approval', () => {
  const table = useTestTable('e2e-slack-approval-tracing');
  const tracing = inMemoryTracing();
  let s: SlackApprovals;

  beforeAll(async () => {
    s = await startSlackApprovals(table, { tracer: tracing.tracer });
    await s.configure(OPS, {
      actions: [{ actionId: 'restart-service' }],
      approvers: { users: [ANN], groups: [] },
      approversChannelId: APPROVERS,
    });
  });

  afterAll(async () => {
    await s?.close();
    await tracing.tracer.shutdown();
  });

  const requestIdOf = (card: PostedCard): string => approvalIdOfValue(cardButtonsOf(card.post)[0]?.value);

  it('follows the click, the decision, the job and the webhook in one trace', async () => {
    const thread = await s.mention(OPS, RITA, 'run restart-service service=web because the site returns 502');
    const proposal = await s.card(OPS, thread);
    await s.click(proposal, 'confirm', RITA);
    await s.until(proposal, 'Waiting for 1 more approval');
    const id = requestIdOf(proposal);
    const copy = await eventually(() => s.cards(APPROVERS).find((card) => requestIdOf(card) === id));
    expect((await s.click(copy, 'approve', ANN)).status).toBe(200);
    await s.receiver.firstCallFor(id);

    const webhook = await eventually(() => tracing.spans().all('steward.action.webhook').find((span) => span.attributes['steward.approval.request_id'] === id));
    // The job's span ends once the outcome is stored, after the webhook's.
    const trace = await eventually(() => {
      const spans = tracing.spans().inTrace(webhook.traceId);
      return spans.all('steward.approval.job').length > 0 ? spans : undefined;
    });
    const click = trace.one('steward.approval.click');
    expect(click.attributes).toMatchObject({ 'steward.approval.action': 'approve', 'steward.approval.request_id': id, 'steward.approval.changed': true });
    expect(trace.ancestorsOf(click)).toEqual(['POST /slack/events']);
    const decision = trace.one('steward.approval.decision');
    expect(decision.attributes).toMatchObject({ 'steward.approval.status': 'approved', 'steward.approval.applied': true });
    expect(trace.ancestorsOf(decision)).toEqual(['steward.approval.click', 'POST /slack/events']);
    const job = trace.one('steward.approval.job');
    expect(job.kind).toBe(SPAN_KIND.consumer);
    expect(job.attributes['steward.approval.job']).toBe('execute');
    expect(trace.ancestorsOf(job)).toContain('steward.approval.click');
    expect(webhook.kind).toBe(SPAN_KIND.client);
    expect(webhook.attributes).toMatchObject({ 'steward.action.id': 'restart-service', 'steward.action.attempt': 1 });
    expect(trace.ancestorsOf(webhook)[0]).toBe('steward.approval.job');
  });
});

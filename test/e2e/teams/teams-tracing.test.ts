import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../../support/approval-integration.js';
import { useTestTable } from '../../support/dynamodb.js';
import { inMemoryTracing } from '../../support/in-memory-tracing.js';
import { newActivityId } from '../../support/teams/teams-fixtures.js';
import { TeamsHarness } from '../../support/teams/teams-harness.js';
import { SPAN_KIND, type SpanTree } from '../../support/span-tree.js';

/** The channel of the channel-mention fixture. */
const CHANNEL = '19:7c2e8d1a94b34f6e8a5b0c9d2e1f4a7b@thread.tacv2';

/*
 * One Teams question through the real HTTP entry (with Bot Framework authentication and the fake
 * connector), the answers queue on Redis and the answer worker in the same process, traced by the
 * real OpenTelemetry SDK into memory: the same tree as a Slack question's, with Teams' own steps.
 */
describe('the trace of one Teams question', () => {
  const table = useTestTable('e2e-teams-tracing');
  const tracing = inMemoryTracing();
  let teams: TeamsHarness;

  beforeAll(async () => {
    teams = await TeamsHarness.start(table, { authentication: true, tracer: tracing.tracer });
  });

  afterAll(async () => {
    await teams.stop();
    await tracing.tracer.shutdown();
  });

  beforeEach(() => tracing.reset());

  const traceOfQuestion = async (): Promise<SpanTree> => {
    const root = newActivityId();
    const response = await teams.post(teams.activity('channel-mention', { text: 'How do I connect to the VPN?', activityId: root }));
    expect(response.status).toBe(200);
    const thread = `${CHANNEL};messageid=${root}`;
    await teams.connector.waitFor(() => teams.connector.messagesIn(thread).length === 1);
    // The answer's post ends its span just after the connector records it.
    const request = await eventually(() =>
      tracing
        .spans()
        .all('POST /api/messages')
        .find((span) => span.parentSpanId === undefined && tracing.spans().inTrace(span.traceId).all('steward.answer').length === 1),
    );
    await eventually(() => {
      const now = tracing.spans().inTrace(request.traceId);
      return now.all('teams replyToActivity').length + now.all('teams sendToConversation').length > 0;
    });
    return tracing.spans().inTrace(request.traceId);
  };

  it('covers the token check, admission, the queue, the answer and the post, in one tree', async () => {
    const trace = await traceOfQuestion();

    const request = trace.one('POST /api/messages');
    expect(request.kind).toBe(SPAN_KIND.server);
    expect(trace.ancestorsOf(trace.one('teams.verify'))).toEqual(['POST /api/messages']);
    expect(trace.one('teams.verify').attributes['steward.activity.type']).toBe('message');
    const admit = trace.one('steward.admit');
    expect(trace.ancestorsOf(admit)[0]).not.toBe('steward.answer');
    expect(trace.ancestorsOf(admit).at(-1)).toBe('POST /api/messages');
    expect(admit.attributes).toMatchObject({ 'steward.platform': 'teams', 'steward.admission': 'accepted' });

    const enqueue = trace.one('send answers');
    expect(enqueue.kind).toBe(SPAN_KIND.producer);
    expect(enqueue.attributes['steward.platform']).toBe('teams');
    const answering = ['steward.answer', 'process answers', ...trace.ancestorsOf(trace.one('process answers'))];
    expect(answering.slice(2)).toContain('send answers');
    expect(trace.one('steward.answer').attributes).toMatchObject({ 'steward.platform': 'teams', 'steward.intent': 'ask' });
    for (const step of ['steward.history.load', 'steward.retrieve', 'steward.turn.write']) {
      expect(trace.ancestorsOf(trace.one(step)), step).toEqual(answering);
    }
    const posts = [...trace.all('teams replyToActivity'), ...trace.all('teams sendToConversation')];
    expect(posts.length).toBeGreaterThanOrEqual(1);
    for (const post of posts) {
      expect(post.kind).toBe(SPAN_KIND.client);
      expect(post.attributes).toMatchObject({ 'rpc.system': 'botframework' });
      expect(trace.ancestorsOf(post)).toContain('steward.answer');
    }
    expect(trace.spans.every((span) => span.status !== 2)).toBe(true);
  });

  it('records no words of the question or the answer', async () => {
    const trace = await traceOfQuestion();
    const values = JSON.stringify(trace.spans.map((span) => span.attributes));
    expect(values).not.toContain('VPN');
    expect(values).not.toContain('GlobalProtect');
  });
});

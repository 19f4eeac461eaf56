/** A message ts (`1763380000.123400`): the only kind of thread id Slack accepts as `thread_ts`. */
const SLACK_TS = /^\d{9,}\.\d{1,9}$/;

export function isSlackTs(value: unknown): value is string {
  return typeof value === 'string' && SLACK_TS.test(value);
}

/**
 * A conversation's thread id as Slack's `thread_ts`. A direct message is one running
 * conversation keyed by its channel id, and a person's private `/steward` conversation has an id
 * of its own: neither is a Slack thread, so messages for them go to the top level.
 */
export function slackThreadTs(threadId: string | undefined): string | undefined {
  return isSlackTs(threadId) ? threadId : undefined;
}

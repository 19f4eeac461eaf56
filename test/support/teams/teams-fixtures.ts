import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export type TeamsFixture =
  | 'personal-message'
  | 'channel-mention'
  | 'channel-message-without-mention'
  | 'channel-message-from-workflows'
  | 'group-chat-mention'
  | 'adaptive-card-action'
  | 'personal-install'
  | 'message-reaction';

export interface FixtureValues {
  readonly serviceUrl: string;
  readonly botAppId: string;
  readonly tenantId: string;
  readonly text?: string;
  readonly activityId?: string;
  readonly threadRootId?: string;
  readonly replyToId?: string;
}

const FIXTURES_DIR = resolve(import.meta.dirname, '../../fixtures/teams');

let sequence = 0;

/** A Teams message id: Teams uses the epoch milliseconds at which the message was posted. */
export function newActivityId(): string {
  sequence += 1;
  return String(1_730_000_000_000 + sequence * 1000 + randomInt(1000));
}

/** A fixture activity with its placeholders filled (see test/fixtures/teams/README.md). */
export function teamsActivity(name: TeamsFixture, values: FixtureValues): Record<string, unknown> {
  const activityId = values.activityId ?? newActivityId();
  const filled: Record<string, string> = {
    serviceUrl: values.serviceUrl,
    botAppId: values.botAppId,
    tenantId: values.tenantId,
    text: values.text ?? '',
    activityId,
    threadRootId: values.threadRootId ?? activityId,
    replyToId: values.replyToId ?? '',
    timestamp: new Date().toISOString(),
  };
  const template = readFileSync(resolve(FIXTURES_DIR, `${name}.json`), 'utf8');
  const text = template.replace(/\{\{(\w+)\}\}/gu, (placeholder, key: string) => {
    const value = filled[key];
    if (value === undefined) {
      throw new Error(`fixture ${name}: no value for ${placeholder}`);
    }
    // Inside a JSON string: escape as JSON does, without the surrounding quotes.
    return JSON.stringify(value).slice(1, -1);
  });
  return JSON.parse(text) as Record<string, unknown>;
}

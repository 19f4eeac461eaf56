import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/slack');

export type SlackFixtureName =
  | 'app-mention'
  | 'app-mention-edited'
  | 'app-mention-external'
  | 'app-mention-same-enterprise'
  | 'assistant-thread-started'
  | 'assistant-user-message'
  | 'app-home-opened'
  | 'block-actions-approval'
  | 'block-actions-approval-external'
  | 'block-actions-feedback'
  | 'block-actions-home'
  | 'block-suggestion'
  | 'block-actions-share-ephemeral'
  | 'message-action-forget'
  | 'message-changed'
  | 'message-deleted'
  | 'message-external'
  | 'message-from-self'
  | 'message-im'
  | 'message-other-bot'
  | 'message-thread-reply'
  | 'reaction-added'
  | 'slash-command'
  | 'slash-command-external'
  | 'url-verification'
  | 'view-submission'
  | 'view-submission-reject-external'
  | 'view-submission-reject';

type Json = Record<string, unknown>;

/** A fresh copy of a captured payload (redacted; ids made up but shaped as Slack's). */
export function slackFixture(name: SlackFixtureName): Json {
  return JSON.parse(readFileSync(resolve(FIXTURES, `${name}.json`), 'utf8')) as Json;
}

let sequence = 0;
/** A delivery id no other test uses, so ledger claims never collide between tests. */
export function uniqueEventId(prefix = 'Ev'): string {
  sequence += 1;
  return `${prefix}${Date.now().toString(36)}${sequence}`.toUpperCase();
}

/** A message ts no other test uses (a thread of its own). */
export function uniqueTs(): string {
  sequence += 1;
  return `${1763390000 + sequence}.${String(sequence).padStart(6, '0')}`;
}

/** An Events API payload from a fixture, with the event's fields overridden. */
export function eventPayload(name: SlackFixtureName, event: Json = {}, envelope: Json = {}): Json {
  const payload = slackFixture(name);
  return {
    ...payload,
    event_id: uniqueEventId(),
    ...envelope,
    event: { ...(payload.event as Json), ...event },
  };
}

/** A block_actions payload from a fixture, clicking `actionId` with `value`. */
export function buttonClick(
  name: 'block-actions-feedback' | 'block-actions-share-ephemeral',
  overrides: {
    readonly actionId?: string;
    readonly value: string;
    readonly responseUrl: string;
    readonly channelId?: string;
    readonly userId?: string;
  },
): Json {
  const payload = slackFixture(name);
  const [action] = payload.actions as Json[];
  const channelId = overrides.channelId ?? (payload.channel as Json).id;
  return {
    ...payload,
    response_url: overrides.responseUrl,
    channel: { ...(payload.channel as Json), id: channelId },
    container: { ...(payload.container as Json), channel_id: channelId },
    user: { ...(payload.user as Json), ...(overrides.userId ? { id: overrides.userId } : {}) },
    actions: [
      { ...action, value: overrides.value, ...(overrides.actionId ? { action_id: overrides.actionId } : {}) },
    ],
  };
}

/** Slash command form fields from the fixture. */
export function commandFields(overrides: Readonly<Record<string, string>>): Record<string, string> {
  return {
    ...(slackFixture('slash-command') as Record<string, string>),
    trigger_id: uniqueEventId('TR'),
    ...overrides,
  };
}

import type { ConversationRef, ConversationState, Platform } from '../../../src/conversation/types.js';

/** A thread the scenario talks in; what it is on the platform is the driver's business. */
export interface ScenarioThread {
  /** The conversation the core keeps for this thread. */
  readonly ref: ConversationRef;
}

/**
 * Drives one chat platform through the service's real HTTP entry, the way its users would, so
 * the same scenario can run against every adapter. A Slack driver posts signed Events API
 * payloads and reads a fake Slack Web API; the Teams driver posts activities and reads a fake
 * Bot Framework connector.
 */
export interface ChatPlatformDriver {
  readonly platform: Platform;
  /** Addresses the bot in a new thread of a channel (a mention) and returns what it answered. */
  startThread(question: string): Promise<{ readonly thread: ScenarioThread; readonly answer: string }>;
  /** Asks a follow-up in an existing thread and returns what the bot answered. */
  reply(thread: ScenarioThread, question: string): Promise<string>;
  /** What the core keeps for the thread. */
  history(thread: ScenarioThread): Promise<ConversationState>;
}

/**
 * The environment a driver must start the service with: a small history budget, so that a few
 * turns are enough to see old ones folded into the summary.
 */
export const SCENARIO_ENV: Readonly<Record<string, string>> = {
  HISTORY_TOKEN_BUDGET: '250',
  HISTORY_KEEP_TURNS: '2',
};

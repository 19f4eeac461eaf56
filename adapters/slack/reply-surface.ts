import { toSlackError } from './slack-errors.js';
import type { SlackMessage, SlackWebApi } from './slack-web-api.js';

/** Where a reply appears and what can be done to it once posted. */
export interface ReplySurface {
  /** Posts a message; returns a handle when the message can be updated later. */
  post(message: SlackMessage): Promise<string | undefined>;
  /** Replaces a message posted through this surface; absent where Slack offers no update. */
  readonly update?: (handle: string, message: SlackMessage) => Promise<void>;
  /** Shows a message to the author only (ephemeral); absent where every post is private already. */
  readonly postToAuthor?: (message: SlackMessage) => Promise<void>;
}

/** A channel, a thread in it, or a DM, through the bot token: messages can be updated. */
export function conversationSurface(
  web: SlackWebApi,
  channelId: string,
  threadTs: string | undefined,
  authorId?: string,
): ReplySurface {
  return {
    post: (message) => web.postMessage(channelId, message, threadTs),
    update: (ts, message) => web.updateMessage(channelId, ts, message),
    ...(authorId !== undefined
      ? { postToAuthor: (message: SlackMessage) => web.postEphemeral(channelId, authorId, message, threadTs) }
      : {}),
  };
}

/** What Bolt's `respond` accepts: a message body for the interaction's response_url. */
export type RespondFn = (message: Record<string, unknown>) => Promise<unknown>;

/**
 * Posts to an interaction's response_url from another process than the one that received the
 * interaction (an answer worker), as Bolt's `respond` does: a JSON body, no token.
 */
export function respondTo(responseUrl: string): RespondFn {
  return async (message) => {
    const response = await fetch(responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(message),
    });
    if (!response.ok) {
      throw new Error(`response_url answered HTTP ${response.status}`);
    }
  };
}

/**
 * Messages only the person who invoked a command or clicked a button can see, through the
 * interaction's response_url (works in channels the bot is not a member of; valid 30 minutes).
 */
export function privateSurface(respond: RespondFn): ReplySurface {
  return {
    post: async (message) => {
      try {
        await respond({
          response_type: 'ephemeral',
          replace_original: false,
          text: message.text,
          blocks: message.blocks,
        });
      } catch (error) {
        throw toSlackError(error, 'response_url');
      }
      return undefined;
    },
  };
}

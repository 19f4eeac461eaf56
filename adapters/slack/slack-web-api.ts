import type { HomeView, KnownBlock, ModalView } from '@slack/types';
import { type RetryOptions, WebClient, WebClientEvent } from '@slack/web-api';
import type { Logger } from '../../src/logger.js';
import { noopTracer, type Tracer } from '../../src/ports/tracer.js';
import { BoltLogger } from './bolt-logger.js';
import type { RateLimitWindow } from './rate-limit-window.js';
import { toSlackError } from './slack-errors.js';

/** One message as Slack takes it: blocks, plus the plain text used for notifications and screen readers. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: readonly KnownBlock[];
}

/** A user group of the workspace, as admins pick it in forms. */
export interface SlackUserGroup {
  readonly id: string;
  /** What people type after @ to mention it. */
  readonly handle: string;
  readonly name: string;
}

export interface SlackIdentityFacts {
  readonly botUserId: string;
  readonly botId: string;
  readonly teamId: string | undefined;
  readonly enterpriseId: string | undefined;
}

/**
 * Retries after a failed call. On HTTP 429 the client first waits the Retry-After Slack sent
 * (pausing every queued call of this client), then this policy's backoff; network errors and
 * 5xx answers get the backoff alone. Four retries within about half a minute keep an answer
 * from waiting for minutes (the SDK default is ten retries over half an hour).
 */
export const SLACK_RETRY_POLICY: RetryOptions = {
  retries: 4,
  factor: 2,
  minTimeout: 500,
  maxTimeout: 8_000,
  randomize: true,
};

/** A call that hangs this long is treated as failed (and retried). */
const REQUEST_TIMEOUT_MS = 15_000;

export interface SlackWebApiOptions {
  readonly token: string;
  /** Ends with `/`. */
  readonly apiUrl: string;
  readonly logger: Logger;
  readonly rateLimits: RateLimitWindow;
  readonly retryPolicy?: RetryOptions;
  /** Each call (retries included) as a client span named after its method. */
  readonly tracer?: Tracer;
}

/**
 * The Web API calls the adapter makes, over one client that holds the bot token. Errors are
 * translated here (SlackPlatformError, DependencyError), so nothing above sees SDK error types.
 */
export class SlackWebApi {
  private readonly client: WebClient;
  private readonly tracer: Tracer;
  private readonly logger: Logger;

  constructor(options: SlackWebApiOptions) {
    this.tracer = options.tracer ?? noopTracer;
    this.logger = options.logger;
    this.client = new WebClient(options.token, {
      slackApiUrl: options.apiUrl,
      logger: new BoltLogger(options.logger.child({ component: 'slack-web-api' })),
      retryConfig: options.retryPolicy ?? SLACK_RETRY_POLICY,
      rejectRateLimitedCalls: false,
      timeout: REQUEST_TIMEOUT_MS,
    });
    this.client.on(WebClientEvent.RATE_LIMITED, (retryAfterSeconds: number, request: { url?: string }) => {
      options.rateLimits.noteRetryAfter(retryAfterSeconds);
      options.logger.warn(
        { retryAfterSeconds, method: methodOf(request.url) },
        'slack rate limited; waiting',
      );
    });
  }

  async authTest(): Promise<SlackIdentityFacts> {
    const result = await this.call('auth.test', () => this.client.auth.test());
    if (!result.user_id || !result.bot_id) {
      throw toSlackError(
        new Error('auth.test did not name the bot user; is SLACK_BOT_TOKEN a bot token?'),
        'auth.test',
      );
    }
    return {
      botUserId: result.user_id,
      botId: result.bot_id,
      teamId: result.team_id || undefined,
      enterpriseId: result.enterprise_id || undefined,
    };
  }

  /** Posts a message; returns its ts. */
  async postMessage(channel: string, message: SlackMessage, threadTs?: string): Promise<string> {
    const result = await this.call('chat.postMessage', () =>
      this.client.chat.postMessage({
        channel,
        text: message.text,
        blocks: [...message.blocks],
        ...(threadTs ? { thread_ts: threadTs } : {}),
        unfurl_links: false,
        unfurl_media: false,
      }),
    );
    if (!result.ts) {
      throw toSlackError(new Error('chat.postMessage returned no ts'), 'chat.postMessage');
    }
    return result.ts;
  }

  async updateMessage(channel: string, ts: string, message: SlackMessage): Promise<void> {
    await this.call('chat.update', () =>
      this.client.chat.update({ channel, ts, text: message.text, blocks: [...message.blocks] }),
    );
  }

  async postEphemeral(
    channel: string,
    user: string,
    message: SlackMessage,
    threadTs?: string,
  ): Promise<void> {
    await this.call('chat.postEphemeral', () =>
      this.client.chat.postEphemeral({
        channel,
        user,
        text: message.text,
        blocks: [...message.blocks],
        ...(threadTs ? { thread_ts: threadTs } : {}),
      }),
    );
  }

  /** Deletes a message the bot posted. */
  async deleteMessage(channel: string, ts: string): Promise<void> {
    await this.call('chat.delete', () => this.client.chat.delete({ channel, ts }));
  }

  /** A link to a message. Links are a convenience: where Slack gives none, there is none (logged). */
  async permalink(channel: string, ts: string): Promise<string | undefined> {
    try {
      const result = await this.call('chat.getPermalink', () =>
        this.client.chat.getPermalink({ channel, message_ts: ts }),
      );
      return result.permalink;
    } catch (error) {
      this.logger.warn({ err: error, channel }, 'slack permalink unavailable');
      return undefined;
    }
  }

  async setAssistantStatus(channel: string, threadTs: string, status: string): Promise<void> {
    await this.call('assistant.threads.setStatus', () =>
      this.client.assistant.threads.setStatus({ channel_id: channel, thread_ts: threadTs, status }),
    );
  }

  async setAssistantTitle(channel: string, threadTs: string, title: string): Promise<void> {
    await this.call('assistant.threads.setTitle', () =>
      this.client.assistant.threads.setTitle({ channel_id: channel, thread_ts: threadTs, title }),
    );
  }

  async setSuggestedPrompts(
    channel: string,
    threadTs: string,
    title: string,
    prompts: readonly { readonly title: string; readonly message: string }[],
  ): Promise<void> {
    const [first, ...rest] = prompts;
    if (!first) {
      return;
    }
    await this.call('assistant.threads.setSuggestedPrompts', () =>
      this.client.assistant.threads.setSuggestedPrompts({
        channel_id: channel,
        thread_ts: threadTs,
        title,
        prompts: [first, ...rest],
      }),
    );
  }

  /** User ids in a user group (`S...`) of the workspace the token belongs to. */
  async userGroupMembers(groupId: string): Promise<readonly string[]> {
    const result = await this.call('usergroups.users.list', () =>
      this.client.usergroups.users.list({ usergroup: groupId }),
    );
    return result.users ?? [];
  }

  /** Opens a modal for the person whose interaction gave `triggerId` (valid for 3 seconds). */
  async openView(triggerId: string, view: ModalView): Promise<void> {
    await this.call('views.open', () => this.client.views.open({ trigger_id: triggerId, view }));
  }

  /** Replaces what one person sees on the app's Home tab. */
  async publishHome(userId: string, view: HomeView): Promise<void> {
    await this.call('views.publish', () => this.client.views.publish({ user_id: userId, view }));
  }

  /** The workspace's active user groups. */
  async userGroups(): Promise<readonly SlackUserGroup[]> {
    const result = await this.call('usergroups.list', () => this.client.usergroups.list({}));
    return (result.usergroups ?? []).flatMap((group) =>
      group.id
        ? [{ id: group.id, handle: group.handle ?? group.id, name: group.name ?? group.handle ?? group.id }]
        : [],
    );
  }

  private call<T>(method: string, request: () => Promise<T>): Promise<T> {
    return this.tracer.inSpan(
      `slack ${method}`,
      { 'rpc.system': 'slack', 'rpc.method': method },
      async () => {
        try {
          return await request();
        } catch (error) {
          throw toSlackError(error, method);
        }
      },
      { kind: 'client' },
    );
  }
}

function methodOf(url: string | undefined): string | undefined {
  return url?.split('/').pop();
}

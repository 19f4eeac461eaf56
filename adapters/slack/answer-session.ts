import { randomUUID } from 'node:crypto';
import type { Intent } from '../../src/conversation/intent.js';
import type { Reply, ReplyAudience } from '../../src/conversation/reply.js';
import type { Logger } from '../../src/logger.js';
import type { ButtonValueSigner } from './button-value.js';
import { LatestOnlyThrottle, type TimerSource } from './latest-only-throttle.js';
import type { RateLimitWindow } from './rate-limit-window.js';
import {
  renderAnswer,
  renderError,
  renderNotice,
  renderProgress,
  renderWorking,
} from './render/reply-messages.js';
import type { ReplySurface } from './reply-surface.js';
import type { SlackMessage } from './slack-web-api.js';

/**
 * How "working on it" shows: a placeholder message later replaced by the answer, the assistant
 * pane's status line (cleared by Slack when the answer is posted), or nothing (a reply that
 * cannot be updated, such as a private response).
 */
export type ProgressStyle =
  | {
      readonly kind: 'placeholder';
      /**
       * Posts the placeholder at most once per question across retries and processes (an answer
       * job's progress message): given the poster, returns the handle to update.
       */
      readonly once?: (post: () => Promise<string | undefined>) => Promise<string | undefined>;
    }
  | { readonly kind: 'status'; readonly show: () => Promise<void> }
  | { readonly kind: 'none' };

export interface AnswerSessionOptions {
  readonly surface: ReplySurface;
  readonly progress: ProgressStyle;
  /** Channel and conversation thread the answer belongs to, for its feedback buttons. */
  readonly conversation: { readonly channelId: string; readonly threadId: string };
  readonly signer: ButtonValueSigner;
  /** Private answers offer "Share in channel". */
  readonly shareable: boolean;
  readonly rateLimits: RateLimitWindow;
  readonly logger: Logger;
  /**
   * Least time between two updates of a streaming answer. chat.update allows about 50 calls a
   * minute per workspace, shared by every answer being written at once.
   */
  readonly streamIntervalMs?: number;
  readonly timers?: TimerSource;
}

const DEFAULT_STREAM_INTERVAL_MS = 1_500;

/**
 * One answer's life in Slack: the progress indicator once the core accepted the message, the
 * answer text updated in place while the model writes (throttled, and skipped while Slack rate
 * limits us), then the final answer, error or notice, split over several messages if long.
 */
export class AnswerSession {
  private messageHandle: string | undefined;
  /** The first reply message is out: a later failure must not overwrite it. */
  private firstDelivered = false;
  private readonly stream: LatestOnlyThrottle<string>;

  constructor(private readonly options: AnswerSessionOptions) {
    this.stream = new LatestOnlyThrottle(
      (text) => this.showProgress(text),
      options.streamIntervalMs ?? DEFAULT_STREAM_INTERVAL_MS,
      (error) => options.logger.warn({ err: error }, 'slack progress update failed'),
      options.timers,
    );
  }

  /** For DispatchOptions.onAccepted. Failing to show progress never stops the answer. */
  readonly accepted = async (intent: Intent): Promise<void> => {
    if (intent.kind !== 'ask') {
      return;
    }
    const { progress, logger } = this.options;
    try {
      if (progress.kind === 'placeholder') {
        this.messageHandle = await this.placeholder(progress.once);
      } else if (progress.kind === 'status') {
        await progress.show();
      }
    } catch (error) {
      logger.warn({ err: error }, 'slack progress indicator failed');
    }
  };

  /**
   * A fresh placeholder, or the one an earlier attempt (or the queued notice) posted: that one is
   * reset to "working on it", since it may show a partial answer or the queued notice.
   */
  private async placeholder(
    once: ((post: () => Promise<string | undefined>) => Promise<string | undefined>) | undefined,
  ): Promise<string | undefined> {
    const { surface } = this.options;
    if (!once) {
      return surface.post(renderWorking());
    }
    let posted = false;
    const handle = await once(() => {
      posted = true;
      return surface.post(renderWorking());
    });
    if (handle !== undefined && !posted && surface.update) {
      await surface.update(handle, renderWorking());
    }
    return handle;
  }

  /** For DispatchOptions.onText. */
  readonly onText = (textSoFar: string): void => {
    if (!this.options.surface.update || this.options.rateLimits.isLimited()) {
      return;
    }
    this.stream.push(textSoFar);
  };

  /** Shows the core's reply; failures are logged, never thrown (the request was acknowledged long ago). */
  async finish(reply: Reply): Promise<void> {
    await this.stream.close();
    const messages = this.render(reply);
    if (messages.length === 0) {
      return;
    }
    try {
      await this.deliver(messages, 'audience' in reply ? reply.audience : undefined);
    } catch (error) {
      const referenceId = randomUUID().slice(0, 8);
      this.options.logger.error(
        { err: error, referenceId, reply: reply.kind },
        'slack reply could not be delivered',
      );
      const apology = renderError(
        'I have an answer but could not show all of it here. Please try again.',
        referenceId,
      );
      const sent = this.firstDelivered ? this.options.surface.post(apology) : this.deliver([apology]);
      await sent.catch((fallbackError: unknown) => {
        this.options.logger.error(
          { err: fallbackError, referenceId },
          'slack error reply could not be delivered',
        );
      });
    }
  }

  private render(reply: Reply): SlackMessage[] {
    switch (reply.kind) {
      // A duplicate sends nothing; an approval card is already in the thread, where it can be updated.
      case 'duplicate':
      case 'card-posted':
        return [];
      case 'answer': {
        const handle = { ...this.options.conversation, turnId: reply.turnId };
        return renderAnswer(reply, {
          signer: this.options.signer,
          handle,
          shareable: this.options.shareable,
        });
      }
      case 'notice':
        return [renderNotice(reply.text)];
      case 'error':
        return [renderError(reply.text, reply.referenceId)];
    }
  }

  /**
   * The first message replaces the placeholder (or streamed text) when there is one; the rest
   * follow it. A reply meant for its author alone goes to them privately where the surface can.
   */
  private async deliver(messages: readonly SlackMessage[], audience?: ReplyAudience): Promise<void> {
    const { surface } = this.options;
    if (audience === 'author' && surface.postToAuthor) {
      for (const message of messages) {
        await surface.postToAuthor(message);
      }
      this.firstDelivered = true;
      return;
    }
    const [first, ...rest] = messages;
    if (!first) {
      return;
    }
    if (this.messageHandle !== undefined && surface.update) {
      await surface.update(this.messageHandle, first);
    } else {
      this.messageHandle = await surface.post(first);
    }
    this.firstDelivered = true;
    for (const message of rest) {
      await surface.post(message);
    }
  }

  private async showProgress(text: string): Promise<void> {
    const { surface } = this.options;
    if (this.messageHandle !== undefined && surface.update) {
      await surface.update(this.messageHandle, renderProgress(text));
    } else {
      this.messageHandle = await surface.post(renderProgress(text));
    }
  }
}

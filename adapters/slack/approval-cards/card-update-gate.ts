import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { ApprovalCardView } from '../../../src/approval-rules/approval-card.js';
import { cardProgress } from '../../../src/approval-rules/card-progress.js';

/** What a message shows: how far along its card is, and a digest of the exact content. */
interface Shown {
  readonly progress: number;
  readonly digest: string;
}

/**
 * Keeps each posted card moving forward. Clicks answer with the card as they left it and card
 * jobs with the newest stored state, and these race: two approvers click at once, and the first
 * click's answer can reach Slack after the second's. Updates of one message are sent one at a
 * time; one showing an earlier state than the message already shows is skipped, and so is one
 * that would show exactly what is there (each change queues a job that refreshes every copy, so
 * most refreshes repeat what a click already showed, and chat.update is rate limited).
 */
export class CardUpdateGate {
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly shown: LRUCache<string, Shown>;

  constructor(maxMessages = 10_000) {
    this.shown = new LRUCache({ max: maxMessages });
  }

  /** A message was just posted with this card and content. */
  posted(key: string, card: ApprovalCardView, content: unknown): void {
    this.shown.set(key, { progress: cardProgress(card), digest: digestOf(content) });
  }

  /** Sends `content` unless the message already shows it or a later state; false when skipped. */
  update(
    key: string,
    card: ApprovalCardView,
    content: unknown,
    write: () => Promise<void>,
  ): Promise<boolean> {
    const progress = cardProgress(card);
    const digest = digestOf(content);
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.then(async () => {
      const current = this.shown.get(key);
      if (current !== undefined && (progress < current.progress || digest === current.digest)) {
        return false;
      }
      await write();
      this.shown.set(key, { progress, digest });
      return true;
    });
    const settled = next.catch(() => undefined);
    this.queues.set(key, settled);
    void settled.then(() => {
      if (this.queues.get(key) === settled) {
        this.queues.delete(key);
      }
    });
    return next;
  }
}

function digestOf(content: unknown): string {
  return createHash('sha256').update(JSON.stringify(content)).digest('base64url');
}

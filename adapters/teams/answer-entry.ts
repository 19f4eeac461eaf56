import type { BackgroundTasks } from '../../src/background-tasks.js';
import type { Clock } from '../../src/clock.js';
import { type Intent, parseIntent } from '../../src/conversation/intent.js';
import type { MessageReads } from '../../src/conversation/message-reads.js';
import type { Logger } from '../../src/logger.js';
import type { AnswerQueue } from '../../src/ports/answer-queue.js';
import type { InboundActivity } from './activity-schema.js';
import { teamsAnswerJob } from './answer-jobs.js';
import type { CommandRegistry } from './commands/command-registry.js';
import type { ConversationReferences } from './conversation-references.js';
import type { MessageDispatcher } from './core-use-cases.js';
import type { MessageReading } from './inbound-message.js';
import type { MessageResponder } from './message-responder.js';
import type { ReplyModeGate } from './reply-mode-gate.js';
import type { SenderOrganisation } from './sender-organisation.js';

type ReadMessage = Extract<MessageReading, { kind: 'message' }>;

export interface TeamsAnswerEntryDeps {
  readonly queue: AnswerQueue;
  readonly dispatcher: Pick<MessageDispatcher, 'dispatch' | 'readsFor'>;
  readonly replyMode: ReplyModeGate;
  readonly responder: MessageResponder;
  readonly commands: CommandRegistry;
  readonly references: ConversationReferences;
  /** Tells people of other organisations apart where the activity does not say. */
  readonly senders: SenderOrganisation;
  /** Quick work shown after the acknowledgement (commands, refusals) and the no-queue fallback. */
  readonly background: BackgroundTasks;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * The web tier's part of a Teams question when answers are queued: the conversation reference is
 * stored, then one job goes on the queue (its id is the activity's, so a redelivery adds
 * nothing), all before Teams gets its 200, so a process that dies right after loses nothing. An
 * answer worker claims the delivery, admits the message and posts the answer or the refusal
 * proactively (answer-jobs.ts). Commands (help, forget, config, run...) are quick and shown from
 * here, after the acknowledgement.
 */
export class TeamsAnswerEntry {
  constructor(private readonly deps: TeamsAnswerEntryDeps) {}

  async accept(activity: InboundActivity, given: ReadMessage): Promise<void> {
    const { background, responder, dispatcher } = this.deps;
    // The reply-mode check and, when answered here, admission share one read of the settings.
    const reads = dispatcher.readsFor(given.message);
    if (!(await this.deps.replyMode.admits(given, reads))) {
      return;
    }
    const standing = await this.deps.senders.standingOf(activity);
    if (standing === 'unknown') {
      // The responder asks again and, if the roster still cannot tell, says to try again later.
      background.run('teams refusal', () => responder.respond(activity, given));
      return;
    }
    // The core's rule for people of other organisations applies from here, as in Slack.
    const reading: ReadMessage =
      standing === 'external'
        ? { ...given, message: { ...given.message, author: { ...given.message.author, organisation: 'external' } } }
        : given;
    const { message, conversation } = reading;
    if (this.deps.commands.match(message.text, conversation.scope) !== undefined) {
      background.run('teams command', () => responder.respond(activity, reading));
      return;
    }
    const logger = this.deps.logger.child({ activityId: message.eventId, scope: conversation.scope });
    // The worker reaches this chat with it, so it is stored before the job exists.
    const remembered = await this.deps.references.rememberFrom(activity, conversation).then(
      () => true,
      (error: unknown) => {
        logger.warn({ err: error }, 'teams conversation reference not saved');
        return false;
      },
    );
    const intent = parseIntent(message.text);
    if (remembered && intent.kind === 'ask') {
      try {
        await this.deps.queue.enqueue(teamsAnswerJob(reading, intent, this.deps.clock.now()));
        return;
      } catch (error) {
        logger.error({ err: error }, 'answer not queued; answering in this process');
      }
    }
    this.answerHere(activity, reading, intent, reads);
  }

  private answerHere(
    activity: InboundActivity,
    reading: ReadMessage,
    intent: Intent,
    reads: MessageReads | undefined,
  ): void {
    this.deps.background.run('teams answer', () =>
      this.deps.responder.respond(activity, reading, (deliver) =>
        this.deps.dispatcher.dispatch(reading.message, { intent, deliver, ...(reads !== undefined ? { reads } : {}) }),
      ),
    );
  }
}

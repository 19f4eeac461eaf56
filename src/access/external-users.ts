import { type ChannelKey, channelKeyOf, channelKeyString } from '../channels/channel-key.js';
import type { Clock } from '../clock.js';
import type { IntentKind } from '../conversation/intent.js';
import type { Reply } from '../conversation/reply.js';
import type { InboundMessage, OrganisationRelation, Platform } from '../conversation/types.js';
import type { Logger } from '../logger.js';
import { type AuditActor, type AuditLog, personActor } from '../ports/audit-log.js';
import type { EventLedger } from '../ports/event-ledger.js';

/**
 * What Steward does for people of other organisations (EXTERNAL_USERS): `refuse` (the default)
 * tells them it does not answer them and does nothing else; `answer` lets them ask questions,
 * for organisations that run Steward in shared channels with partners on purpose. Either way
 * they never request actions, approve, or administer: the approval workflow and the admin
 * authority refuse them whatever this says.
 */
export const EXTERNAL_USERS_POLICIES = ['refuse', 'answer'] as const;
export type ExternalUsersPolicy = (typeof EXTERNAL_USERS_POLICIES)[number];

export function isExternal(party: { readonly organisation?: OrganisationRelation | undefined }): boolean {
  return party.organisation === 'external';
}

export const EXTERNAL_NOT_ANSWERED =
  'Sorry, I only answer people of the organisation that runs me here: my answers come from its internal knowledge. ' +
  'Please ask your contacts in this conversation instead.';
export const EXTERNAL_NO_ACTIONS =
  'I can answer your questions here, but people from other organisations cannot request actions or follow approvals through me. ' +
  'Please ask your contacts in this conversation.';

/** What the `answer` policy lets an external person do: ask, and the commands around asking. */
const ANSWERED_INTENTS: ReadonlySet<IntentKind> = new Set<IntentKind>(['ask', 'help', 'forget']);
/** A person's rights over what is stored about them hold whoever they are (their refusals are audited). */
const PERSONAL_DATA_INTENTS: ReadonlySet<IntentKind> = new Set<IntentKind>(['forget-me', 'export-me']);

const HOUR_MS = 60 * 60_000;

export interface ExternalUsersDeps {
  readonly policy: ExternalUsersPolicy;
  /** Remembers, across instances, who was already told (as for a switched-off channel). */
  readonly ledger: EventLedger;
  readonly clock: Clock;
  /** Refusals are governance events; without an audit log they are only logged. */
  readonly audit?: AuditLog;
}

/**
 * The core's rule for people of other organisations, applied before anything is read or
 * answered. The adapters only say who is external; what that means is decided here.
 */
export class ExternalUsers {
  constructor(private readonly deps: ExternalUsersDeps) {}

  get policy(): ExternalUsersPolicy {
    return this.deps.policy;
  }

  /**
   * For the dispatcher, ahead of the channel's own settings: a refusal for an external author,
   * or undefined to let the message through. Someone who addressed Steward (a mention, a DM, a
   * command) is always told, privately. A message it only overheard gets the notice at most once
   * an hour per person and channel (then silence, as after a retry), so partners talking among
   * themselves in a channel where the bot hears everything are not answered each time. Each
   * notice is audited, every refusal logged.
   */
  async admit(message: InboundMessage, intent: IntentKind, logger: Logger): Promise<Reply | undefined> {
    if (!isExternal(message.author) || this.allows(intent)) {
      return undefined;
    }
    logger.info({ policy: this.deps.policy }, 'message from another organisation refused');
    const channel = channelKeyOf(message.ref);
    const key = ['external-notice', channelKeyString(channel), encodeURIComponent(message.author.id)].join(
      '#',
    );
    const until = new Date(this.deps.clock.now().getTime() + HOUR_MS);
    if (message.overheard === true && !(await this.deps.ledger.claim(key, until))) {
      return { kind: 'duplicate' };
    }
    await this.record(
      personActor(message.ref.platform, message.author.directoryId ?? message.author.id, 'external'),
      channel,
      intent,
      logger,
    );
    return {
      kind: 'notice',
      text: this.deps.policy === 'answer' ? EXTERNAL_NO_ACTIONS : EXTERNAL_NOT_ANSWERED,
      audience: 'author',
    };
  }

  /**
   * For a click that does not pass through the dispatcher but belongs to a conversation (rating
   * or sharing an answer): the text to show the person when refused (audited and logged), or
   * undefined when they may go on.
   */
  async refuseInteraction(
    request: {
      readonly platform: Platform;
      readonly userId: string;
      readonly organisation?: OrganisationRelation;
      readonly channel: ChannelKey;
      readonly attempted: string;
      /**
       * A click only the organisation's own people may make (deciding an approval, changing
       * settings): refused whatever the policy, for platforms that cannot say who clicked
       * further on.
       */
      readonly membersOnly?: boolean;
    },
    logger: Logger,
  ): Promise<string | undefined> {
    const membersOnly = request.membersOnly === true;
    if (!isExternal(request) || (this.deps.policy === 'answer' && !membersOnly)) {
      return undefined;
    }
    logger.info(
      { attempted: request.attempted, policy: this.deps.policy },
      'interaction from another organisation refused',
    );
    await this.record(
      personActor(request.platform, request.userId, 'external'),
      request.channel,
      request.attempted,
      logger,
    );
    return this.deps.policy === 'answer' ? EXTERNAL_NO_ACTIONS : EXTERNAL_NOT_ANSWERED;
  }

  private allows(intent: IntentKind): boolean {
    return PERSONAL_DATA_INTENTS.has(intent) || (this.deps.policy === 'answer' && ANSWERED_INTENTS.has(intent));
  }

  private async record(
    actor: AuditActor,
    channel: ChannelKey,
    attempted: string,
    logger: Logger,
  ): Promise<void> {
    if (this.deps.audit === undefined) {
      return;
    }
    try {
      await this.deps.audit.record({
        actor,
        action: 'access.external-refused',
        channel,
        details: { attempted, policy: this.deps.policy },
      });
    } catch (error) {
      // The refusal stands; only its record is missing, which the log keeps instead.
      logger.error(
        { err: error, audit: { action: 'access.external-refused', attempted } },
        'audit record not written',
      );
    }
  }
}

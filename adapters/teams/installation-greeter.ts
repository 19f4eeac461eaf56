import type { Logger } from '../../src/logger.js';
import { helpText } from './commands/built-in-commands.js';
import type { CommandRegistry } from './commands/command-registry.js';
import { referenceFromActivity, type ConversationReferences } from './conversation-references.js';
import type { InboundActivity } from './activity-schema.js';
import { replyMessages } from './render/reply-activities.js';
import { teamsConversationOf } from './teams-conversation.js';
import type { TeamsOutbound } from './teams-outbound.js';

/**
 * When the bot is added to a team, a chat or someone's personal scope, Teams says so with a
 * conversationUpdate. Its reference is remembered at once, so approval cards and other proactive
 * messages can reach a channel before anyone has mentioned the bot there; in a personal chat the
 * person also gets the help text as a welcome. Channels are not greeted: nobody asked.
 */
export class InstallationGreeter {
  constructor(
    private readonly deps: {
      readonly references: ConversationReferences;
      readonly outbound: TeamsOutbound;
      readonly commands: CommandRegistry;
      readonly logger: Logger;
    },
  ) {}

  async greet(activity: InboundActivity): Promise<void> {
    const botAdded = (activity.membersAdded ?? []).some((member) => member.id === activity.recipient.id);
    if (!botAdded) {
      this.deps.logger.debug({ activityId: activity.id }, 'teams conversation update ignored');
      return;
    }
    const conversation = teamsConversationOf(activity);
    await this.deps.references.rememberFrom(activity, conversation);
    this.deps.logger.info(
      { scope: conversation.scope, tenantId: conversation.ref.tenantId },
      'teams bot installed',
    );
    if (conversation.scope !== 'personal') {
      return;
    }
    const text = helpText('personal', this.deps.commands.list('personal'));
    await this.deps.outbound.send(
      {
        reference: referenceFromActivity(activity, conversation),
        conversationId: conversation.conversationId,
      },
      replyMessages({ kind: 'notice', text }),
    );
  }
}
